import fc from 'fast-check';
import { EMULATOR_SEED } from '../../src/emulator';
import { APPROVALS_CHANNEL, APPROVER, factValue, REQUESTER, REQUESTER_CHAT } from '../../src/local-teams/journey';
import { allTexts, cardOf } from '../../src/local-teams/local-connector';
import { BOT, TENANT_ID, type InvokeAnswer, type TeamsUser } from '../../src/local-teams/teams-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { cardActions, envelopes, invokeEnvelopes, messageTexts, people } from './arbitraries';

/**
 * Generated text messages, card payloads and invoke activities thrown at the real app over HTTP.
 * Whatever arrives, the bot answers with a card (or, for an envelope it cannot reply to, at
 * least without a server error) and keeps serving.
 */
describe('generated input thrown at the running bot', () => {
  let t: TestApp;
  let requestId = '';
  let sent = 0;

  beforeAll(async () => {
    t = await startTestApp();
    await t.client.message(APPROVER, APPROVALS_CHANNEL, 'approvals here');
    const form = {
      workspaceDisplayName: 'Fuzzing',
      workspaceName: 'fuzzing',
      gatewayMode: 'existing',
      existingGateway: 'gw-shared-eastus',
      logAnalyticsWorkspaceId: EMULATOR_SEED.logAnalyticsWorkspaceId,
    };
    const answer = await t.client.invoke(REQUESTER, REQUESTER_CHAT, 'form-card', 'submitRequest', form);
    requestId = factValue(answer.body?.value, 'Request');
  });
  afterAll(async () => t.stop());

  afterEach(async () => {
    expect((await fetch(`${t.app.url}/healthz`)).status).toBe(200);
  });

  it('has a real request for the generated actions to aim at', () => {
    expect(requestId).toMatch(/^WR-/);
  });

  it('answers every text message with exactly one card', async () => {
    const logged = t.logs.length;
    await fc.assert(
      fc.asyncProperty(people, messageTexts(() => requestId), fc.boolean(), async (from, text, inChannel) => {
        const conversation = inChannel
          ? { id: `19:fuzz-${(sent += 1)}`, conversationType: 'channel' }
          : { id: `a:fuzz-${(sent += 1)}`, conversationType: 'personal' };
        const activityId = `msg-${sent}`;
        const status = await post({ ...base(from, conversation), id: activityId, type: 'message', text });

        expect(status).toBeLessThan(300);
        const replies = t.connector.calls.filter(
          (c) => c.conversationId === conversation.id && c.activity.replyToId === activityId,
        );
        expect(replies).toHaveLength(1);
        expect(cardOf(replies[0].activity)).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
      }),
      { numRuns: 80 },
    );
    expect(errorsLoggedSince(logged)).toEqual([]);
  });

  it('answers every card action, whatever its verb and data, with HTTP 200 and a card', async () => {
    const logged = t.logs.length;
    await fc.assert(
      fc.asyncProperty(people, cardActions(() => requestId), async (from, value) => {
        const activity = { ...base(from, REQUESTER_CHAT), type: 'invoke', name: 'adaptiveCard/action', value };
        expectCardAnswer(await t.client.sendInvoke(activity));
      }),
      { numRuns: 150 },
    );
    expect(errorsLoggedSince(logged)).toEqual([]);
  });

  it('answers invoke activities with missing fields or wrong names with HTTP 200 and a card', async () => {
    const logged = t.logs.length;
    await fc.assert(
      fc.asyncProperty(
        invokeEnvelopes(() => requestId, (from) => base(from, APPROVALS_CHANNEL)),
        async (activity) => {
          expectCardAnswer(await t.client.sendInvoke(activity));
        },
      ),
      { numRuns: 120 },
    );
    expect(errorsLoggedSince(logged)).toEqual([]);
  });

  it('never answers a malformed activity of any type with a server error, and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(envelopes((from) => base(from, REQUESTER_CHAT)), async (activity) => {
        expect(await post(activity)).toBeLessThan(500);
      }),
      { numRuns: 120 },
    );

    const answer = await t.client.invoke(REQUESTER, REQUESTER_CHAT, 'status-card', 'refresh', { requestId });
    expect(factValue(expectCardAnswer(answer), 'Request')).toBe(requestId);
  });

  /** A well-formed activity envelope whose replies go to the local connector. */
  function base(from: TeamsUser, conversation: { id: string; conversationType: string }) {
    return {
      id: `act-${(sent += 1)}`,
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: t.connector.url,
      from,
      recipient: BOT,
      conversation: { ...conversation, tenantId: TENANT_ID, isGroup: conversation.conversationType !== 'personal' },
      channelData: { tenant: { id: TENANT_ID } },
      locale: 'en-US',
    };
  }

  async function post(activity: Record<string, unknown>): Promise<number> {
    const response = await fetch(`${t.app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    await response.arrayBuffer();
    return response.status;
  }

  /** Errors the bot logged: each one is a failure it did not expect, even if the user got a card. */
  function errorsLoggedSince(index: number): string[] {
    const errors = t.logs.slice(index).filter((line) => Number(line.level) >= 50);
    return errors.map((line) => `${String(line.msg)}: ${JSON.stringify(line.err ?? '').slice(0, 300)}`);
  }
});

/** Teams' answer to a card action: HTTP 200 carrying a 1.5 card. */
function expectCardAnswer(answer: InvokeAnswer): Record<string, unknown> {
  expect(answer.httpStatus).toBe(200);
  expect(answer.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  const card = answer.body?.value;
  expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
  expect(allTexts(card).length).toBeGreaterThan(0);
  return card as Record<string, unknown>;
}

