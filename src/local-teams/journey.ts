import { randomBytes } from 'node:crypto';
import { actionsOf, allTexts, cardOf, cardTitle, type ConnectorCall, type LocalConnector } from './local-connector';
import type { TeamsClient, TeamsConversation, TeamsUser } from './teams-client';

export const REQUESTER: TeamsUser = { id: '29:ada-lovelace', aadObjectId: 'a1111111-1111-4111-8111-111111111111', name: 'Ada Lovelace' };
export const APPROVER: TeamsUser = { id: '29:bo-platform', aadObjectId: 'b2222222-2222-4222-8222-222222222222', name: 'Bo Platform' };
export const REQUESTER_CHAT: TeamsConversation = { id: 'a:personal-ada', conversationType: 'personal' };
/** The seeded Entra group of the payments team's developers. */
export const PAYMENTS_DEVELOPERS = 'c3333333-3333-4333-8333-333333333333';
export const APPROVALS_CHANNEL: TeamsConversation = { id: '19:platform-approvals@thread.tacv2', conversationType: 'channel' };

export interface JourneyOptions {
  client: TeamsClient;
  connector: LocalConnector;
  say: (line: string) => void;
  /** How long to wait for the completion notice (gateway creation included). */
  timeoutMs?: number;
  /** Called once the request is approved, before waiting for the notice (tests restart the bot here). */
  afterApproval?: (requestId: string) => Promise<void>;
}

export interface JourneyResult {
  requestId: string;
  workspaceName: string;
  gatewayName: string;
  completion: Record<string, unknown>;
}

/**
 * The bot's main job as people live it: an approver picks the approvals channel, a requester
 * asks in chat and fills the form, the approver approves, and both hear when it is ready.
 */
export async function playJourney(options: JourneyOptions): Promise<JourneyResult> {
  const { client, connector, say } = options;
  const suffix = randomBytes(2).toString('hex');
  const workspaceName = `payments-${suffix}`;
  const gatewayName = `gw-payments-${suffix}`;

  say(`${APPROVER.name} in #platform-approvals: @${'APIM Workspaces'} approvals here`);
  await client.message(APPROVER, APPROVALS_CHANNEL, 'approvals here');
  const confirmation = await nextCard(connector, APPROVALS_CHANNEL, 0, 'the approvals channel confirmation');
  say(`  bot: ${cardTitle(confirmation.card)}`);

  const start = connector.calls.length;
  say(`${REQUESTER.name} in personal chat: I need a workspace for the payments team`);
  await client.message(REQUESTER, REQUESTER_CHAT, 'I need a workspace for the payments team');
  const form = await nextCard(connector, REQUESTER_CHAT, start, 'the request form');
  say(`  bot: card "${cardTitle(form.card)}" with ${actionsOf(form.card).map((a) => `[${a.title}]`).join(' ')}`);

  const values = {
    workspaceDisplayName: 'Payments',
    workspaceName,
    workspaceDescription: 'APIs of the payments team',
    gatewayMode: 'new',
    gatewayName,
    gatewayUnits: '1',
    networkMode: 'public',
    subnetId: '',
    existingGateway: '',
    member1GroupIds: PAYMENTS_DEVELOPERS,
    member1ServiceRole: 'service_api_developer',
    member1WorkspaceRole: 'workspace_api_developer',
    manager1People: REQUESTER.aadObjectId,
    manager1Role: 'reader',
  };
  say(`${REQUESTER.name} fills in: display name "Payments", resource name "${workspaceName}", new gateway "${gatewayName}", 1 unit, public network,`);
  say('  members: the payments developers group as API developers; gateway manager: herself as Reader; presses [Submit for approval]');
  const submitted = await client.invoke(REQUESTER, REQUESTER_CHAT, form.call.activityId, 'submitRequest', { formVersion: 1, ...values });
  const status = submitted.body?.value;
  const requestId = factValue(status, 'Request');
  say(`  bot updates the card: "${cardTitle(status)}" (${requestId})`);
  if (!requestId) throw new Error(`The request was not accepted: ${allTexts(status).join(' | ')}`);

  const approval = await connector.waitFor((c) => isCardIn(c, APPROVALS_CHANNEL) && factValue(cardOf(c.activity), 'Request') === requestId, 30_000, 'the approval card in the approvals channel');
  say(`  bot in #platform-approvals: card "${cardTitle(cardOf(approval.activity))}"`);

  const refreshed = await client.invoke(APPROVER, APPROVALS_CHANNEL, approval.activityId, 'refresh', { requestId }, 'automatic');
  const approveAction = actionsOf(refreshed.body?.value).find((a) => a.verb === 'approve');
  say(`  Teams refreshes the card for ${APPROVER.name}: ${actionsOf(refreshed.body?.value).map((a) => `[${a.title}]`).join(' ')}`);
  if (!approveAction) throw new Error('The approver was not offered an Approve button.');

  say(`${APPROVER.name} presses [Approve]`);
  const approved = await client.invoke(APPROVER, APPROVALS_CHANNEL, approval.activityId, 'approve', { requestId, version: 1 });
  say(`  bot updates the card: "${cardTitle(approved.body?.value)}"`);
  await options.afterApproval?.(requestId);

  say('Waiting for provisioning: workspace, gateway creation, link to the gateway ...');
  const done = await connector.waitFor(
    (c) => c.kind !== 'update' && isCardIn(c, REQUESTER_CHAT) && factValue(cardOf(c.activity), 'Request') === requestId && /is ready|failed/.test(cardTitle(cardOf(c.activity))),
    options.timeoutMs ?? 120_000,
    'the completion notice',
  );
  const completion = cardOf(done.activity) ?? {};
  say(`  bot to ${REQUESTER.name}: "${cardTitle(completion)}"`);
  const roles = allTexts(completion).filter((t) => t.startsWith('Roles granted') || / on (the )?(API Management|workspace|gateway)/i.test(t));
  for (const line of allTexts(completion).filter((t) => /^Runtime hostname|failed/i.test(t)).concat(roles)) say(`    ${line}`);
  if (!/is ready/.test(cardTitle(completion))) throw new Error(`Provisioning did not succeed: ${allTexts(completion).join(' | ')}`);

  const channelNotice = await connector.waitFor((c) => c.kind !== 'update' && isCardIn(c, APPROVALS_CHANNEL) && /is ready/.test(cardTitle(cardOf(c.activity))) && factValue(cardOf(c.activity), 'Request') === requestId, 30_000, 'the channel notice');
  say(`  bot in #platform-approvals: "${cardTitle(cardOf(channelNotice.activity))}"`);
  return { requestId, workspaceName, gatewayName, completion };
}

async function nextCard(connector: LocalConnector, conversation: TeamsConversation, after: number, what: string) {
  const call = await connector.waitFor((c) => connector.calls.indexOf(c) >= after && isCardIn(c, conversation) && c.kind !== 'update', 15_000, what);
  return { call, card: cardOf(call.activity) };
}

function isCardIn(call: ConnectorCall, conversation: TeamsConversation): boolean {
  return call.conversationId.startsWith(conversation.id) && cardOf(call.activity) !== undefined;
}

/** A fact's value from a card's FactSets, by title. */
export function factValue(card: Record<string, unknown> | undefined, title: string): string {
  const prefix = `${title}: `;
  return allTexts(card).find((t) => t.startsWith(prefix))?.slice(prefix.length) ?? '';
}
