import fc from 'fast-check';
import { APPROVER, REQUESTER } from '../../src/local-teams/journey';
import type { TeamsUser } from '../../src/local-teams/teams-client';

/**
 * Generators of what Teams, an old card, or someone forging requests could send the bot. Each
 * mixes the expected shapes with wrong types, missing parts and very long text.
 */

const VERBS = ['submitRequest', 'refresh', 'approve', 'reject', 'requestChanges', 'cancelRequest', 'editRequest', 'resubmitRequest', 'retryProvisioning', 'abandonRequest'];
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
const FORM_KEYS = ['workspaceDisplayName', 'workspaceName', 'workspaceDescription', 'gatewayMode', 'gatewayName', 'gatewayUnits', 'networkMode', 'subnetId', 'existingGateway', 'logAnalyticsWorkspaceId', 'principalNames', 'member1People', 'member1GroupIds', 'member1ServiceRole', 'member1WorkspaceRole', 'manager1People', 'manager1Role'];
const COMMANDS = ['request', 'status', 'cancel', 'history', 'my requests', 'pending', 'gateways', 'approvals here', 'announcements here', 'help', 'I need a workspace for'];

const BYSTANDER: TeamsUser = { id: '29:eve', aadObjectId: 'e5555555-5555-4555-8555-555555555555', name: 'Eve Bystander' };

/** Text of any length and script, up to a few hundred kilobytes. */
const longText = fc
  .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }), fc.integer({ min: 1_000, max: 40_000 }))
  .map(([chunk, times]) => chunk.repeat(times));
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), longText);

/** The requester, an approver, someone else, someone Teams sent without an Entra id, and nonsense. */
export const people: fc.Arbitrary<TeamsUser> = fc.oneof(
  fc.constantFrom(REQUESTER, APPROVER, BYSTANDER),
  fc.record({ id: fc.string(), aadObjectId: fc.oneof(fc.uuid(), fc.string()), name: anyText }),
  fc.constant({ id: '29:anonymous', name: '' } as TeamsUser),
);

/** Commands with and without ids (the real one, made-up ones, junk), and free text. */
export function messageTexts(requestId: () => string): fc.Arbitrary<string> {
  const id = fc.oneof(fc.constant(null).map(() => requestId()), fc.stringMatching(/^WR-[A-Z0-9]{6}$/), fc.string());
  const command = fc.tuple(fc.constantFrom(...COMMANDS), id, fc.constantFrom('', ' ', '\n', '  ')).map(([name, value, gap]) => `${name}${gap}${value}`);
  const mention = anyText.map((text) => `<at>APIM Workspaces</at> ${text}`);
  return fc.oneof(command, anyText, mention, fc.constantFrom('', ' ', '\u0000', '<at></at>', '${requestId}', '{{name}}'));
}

/** The `data` of a card action: the real request or made-up ones, form fields of any type, junk. */
function actionData(requestId: () => string): fc.Arbitrary<unknown> {
  const idValue = fc.oneof(fc.constant(null).map(() => requestId()), fc.stringMatching(/^WR-[A-Z0-9]{6}$/), fc.anything(), longText);
  const field = fc.oneof(fc.anything(), anyText, fc.integer(), fc.double(), fc.constant(null));
  const formLike = fc.dictionary(fc.oneof(fc.constantFrom(...FORM_KEYS, ...PROTOTYPE_KEYS), fc.string()), field, { maxKeys: 12 });
  const aimed = fc.record(
    { requestId: idValue, version: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.anything()), reason: fc.oneof(anyText, fc.anything()) },
    { requiredKeys: [] },
  );
  return fc.oneof(aimed, formLike, fc.tuple(aimed, formLike).map(([a, b]) => ({ ...b, ...(a as object) })), fc.anything(), fc.jsonValue());
}

/** The invoke `value` of an `adaptiveCard/action`: well-formed, half-formed and not an object at all. */
export function cardActions(requestId: () => string): fc.Arbitrary<unknown> {
  const verb = fc.oneof(fc.constantFrom(...VERBS, ...PROTOTYPE_KEYS), fc.string(), fc.anything());
  const action = fc.record(
    { type: fc.oneof(fc.constant('Action.Execute'), fc.anything()), verb, data: actionData(requestId) },
    { requiredKeys: [] },
  );
  const value = fc.record({ action: fc.oneof(action, fc.anything()), trigger: fc.oneof(fc.constantFrom('manual', 'automatic'), fc.anything()) }, { requiredKeys: [] });
  return fc.oneof({ weight: 4, arbitrary: value }, { weight: 1, arbitrary: fc.anything() }, { weight: 1, arbitrary: fc.constant(undefined) });
}

const INVOKE_NAMES = ['adaptiveCard/action', 'adaptiveCard/Action', 'composeExtension/query', 'composeExtension/submitAction', 'task/fetch', 'task/submit', 'signin/verifyState', 'signin/tokenExchange', 'fileConsent/invoke', 'config/fetch', 'tab/fetch', 'healthCheck', ''];
const DROPPABLE = ['id', 'from', 'recipient', 'channelData', 'locale', 'timestamp', 'value', 'name', 'replyToId'];

/**
 * Invoke activities with a card action of any shape, any name or none, and parts of the envelope
 * missing or of the wrong type (the conversation and serviceUrl stay, so an answer can be made).
 */
export function invokeEnvelopes(
  requestId: () => string,
  base: (from: TeamsUser) => Record<string, unknown>,
): fc.Arbitrary<Record<string, unknown>> {
  const name = fc.oneof(fc.constantFrom(...INVOKE_NAMES), fc.string(), fc.anything());
  const dropped = fc.subarray(DROPPABLE);
  const wrongTypes = fc.dictionary(fc.constantFrom('from', 'recipient', 'channelData', 'entities', 'replyToId', 'locale', 'text', 'attachments'), fc.anything(), { maxKeys: 3 });
  return fc
    .record({ from: people, name, value: cardActions(requestId), dropped, wrongTypes, replyToId: fc.oneof(fc.string(), fc.anything()) })
    .map(({ from, name: invokeName, value, dropped: gone, wrongTypes: junk, replyToId }) => {
      const activity: Record<string, unknown> = { ...base(from), type: 'invoke', name: invokeName, value, replyToId, ...junk };
      for (const key of gone) delete activity[key];
      return activity;
    });
}

/** Activities of any type, or none, with any part missing or replaced by something of another type. */
export function envelopes(base: (from: TeamsUser) => Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const type = fc.oneof(fc.constantFrom('message', 'invoke', 'conversationUpdate', 'messageReaction', 'event', 'typing', 'installationUpdate', 'endOfConversation'), fc.string(), fc.anything());
  const keys = ['type', 'id', 'from', 'recipient', 'conversation', 'channelId', 'channelData', 'text', 'value', 'name', 'entities', 'membersAdded', 'attachments'];
  // serviceUrl may go missing but is never replaced: replies must only ever go to the local connector.
  const dropped = fc.subarray([...keys, 'serviceUrl']);
  return fc
    .record({ from: people, type, dropped, junk: fc.dictionary(fc.constantFrom(...keys), fc.anything(), { maxKeys: 4 }), text: anyText })
    .map(({ from, type: activityType, dropped, junk, text }) => {
      const activity: Record<string, unknown> = { ...base(from), type: activityType, text, ...junk };
      for (const key of dropped) delete activity[key];
      return activity;
    });
}
