import { randomBytes } from 'node:crypto';
import { EMULATOR_SEED } from '../../src/emulator';
import { APPROVALS_CHANNEL, APPROVER, factValue, REQUESTER, REQUESTER_CHAT } from '../../src/local-teams/journey';
import { allTexts, cardOf, cardTitle, type ConnectorCall } from '../../src/local-teams/local-connector';
import type { TeamsConversation, TeamsUser } from '../../src/local-teams/teams-client';
import { expectCardAnswer } from '../support/card-answer';
import type { TestApp } from '../support/test-app';

export { APPROVALS_CHANNEL, APPROVER, REQUESTER, REQUESTER_CHAT };

/** The emulator's second seeded approver. */
export const SECOND_APPROVER: TeamsUser = { id: '29:dee-platform', aadObjectId: 'd4444444-4444-4444-8444-444444444444', name: 'Dee Platform' };
export const BYSTANDER: TeamsUser = { id: '29:eve', aadObjectId: 'e6666666-6666-4666-8666-666666666666', name: 'Eve Bystander' };
export const FALLBACK_APPROVER: TeamsUser = { id: '29:fay-lead', aadObjectId: 'f7777777-7777-4777-8777-777777777777', name: 'Fay Lead' };

export const DEE_CHAT: TeamsConversation = { id: 'a:personal-dee', conversationType: 'personal' };
export const FAY_CHAT: TeamsConversation = { id: 'a:personal-fay', conversationType: 'personal' };

export type Form = Record<string, string>;

/** A form that passes validation on the seeded emulator: a workspace on the shared gateway. */
export function sharedGatewayForm(overrides: Form = {}): Form {
  const suffix = randomBytes(3).toString('hex');
  return {
    workspaceDisplayName: `Orders ${suffix}`,
    workspaceName: `orders-${suffix}`,
    workspaceDescription: 'APIs of the orders team',
    gatewayMode: 'existing',
    existingGateway: 'gw-shared-eastus',
    logAnalyticsWorkspaceId: EMULATOR_SEED.logAnalyticsWorkspaceId,
    ...overrides,
  };
}

/** The requester submits the form from a card in their chat; returns the request id and the status card. */
export async function submit(t: TestApp, form: Form = sharedGatewayForm(), from = REQUESTER, chat = REQUESTER_CHAT) {
  const formCardId = `form-${randomBytes(4).toString('hex')}`;
  const card = expectCardAnswer(await t.client.invoke(from, chat, formCardId, 'submitRequest', form));
  const requestId = factValue(card, 'Request');
  if (!requestId) throw new Error(`The request was not accepted: ${allTexts(card).join(' | ')}`);
  return { requestId, card, formCardId, form };
}

/** An approver makes the approvals channel the one approval cards go to. */
export async function openApprovalsChannel(t: TestApp): Promise<void> {
  await t.client.message(APPROVER, APPROVALS_CHANNEL, 'approvals here');
}

/** Presses a button of a request card, as `who`, on the card with activity id `cardId`. */
export async function press(t: TestApp, who: TeamsUser, verb: string, data: Record<string, unknown>, conversation = APPROVALS_CHANNEL, cardId = 'approval-card') {
  return expectCardAnswer(await t.client.invoke(who, conversation, cardId, verb, data));
}

/** Types a command in a conversation and returns the card the bot answered with. */
export async function say(t: TestApp, who: TeamsUser, conversation: TeamsConversation, text: string, title = /./): Promise<Record<string, unknown>> {
  const before = t.connector.calls.length;
  await t.client.message(who, conversation, text);
  // Notices sent meanwhile arrive in the same conversation: the answer is the card with this title.
  const answer = (c: ConnectorCall) => c.kind !== 'update' && c.conversationId.startsWith(conversation.id) && title.test(cardTitle(cardOf(c.activity)));
  const reply = await t.connector.waitFor((c) => t.connector.calls.indexOf(c) >= before && answer(c), 15_000, `the answer to "${text}"`);
  return cardOf(reply.activity) ?? {};
}

/** The `history` lines of a request, as the requester sees them in chat. */
export async function history(t: TestApp, requestId: string, who = REQUESTER, chat = REQUESTER_CHAT): Promise<string[]> {
  return allTexts(await say(t, who, chat, `history ${requestId}`, /^History of|^Not shown/)).slice(2);
}

/** Cards the bot sent (not updates) to a conversation about a request. */
export function sentAbout(t: TestApp, conversation: TeamsConversation, requestId: string): ConnectorCall[] {
  return t.connector.calls.filter((c) => c.kind !== 'update' && c.conversationId.startsWith(conversation.id) && allTexts(cardOf(c.activity)).join('\n').includes(requestId));
}

/** In-place updates of one posted card. */
export function updatesOf(t: TestApp, activityId: string): ConnectorCall[] {
  return t.connector.calls.filter((c) => c.kind === 'update' && c.activityId === activityId);
}

/** Workspace creations the bot sent to ARM for this workspace name. */
export function workspacePuts(t: TestApp, workspaceName: string): number {
  const log = t.app.emulator?.requestLog() ?? [];
  return log.filter((e) => e.method === 'PUT' && e.path.endsWith(`/workspaces/${workspaceName}`)).length;
}

/** Runs every due job until none is left, for tests that stopped the runner's own loop. */
export async function drainJobs(t: TestApp): Promise<void> {
  for (let round = 0; round < 20; round += 1) {
    if ((await t.app.runner.runDue()) === 0) return;
  }
}

export function stateOf(card: Record<string, unknown> | undefined): string {
  return factValue(card, 'State');
}

export function textOf(card: Record<string, unknown> | undefined): string {
  return allTexts(card).join('\n');
}

export const DAY_MS = 24 * 60 * 60 * 1000;
