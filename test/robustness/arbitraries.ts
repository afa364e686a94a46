import fc from 'fast-check';
import { APPROVER, REQUESTER } from '../../src/local-teams/journey';
import type { TeamsUser } from '../../src/local-teams/teams-client';
import { FORM_FIELDS } from '../../src/core/request-form';

/**
 * Generators of what Teams, an old card, or someone forging requests could send the bot. Each
 * mixes the expected shapes with wrong types, missing parts and very long text.
 */

const VERBS = [
  'submitRequest',
  'refresh',
  'approve',
  'reject',
  'requestChanges',
  'cancelRequest',
  'editRequest',
  'resubmitRequest',
  'retryProvisioning',
  'abandonRequest',
];
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
/** The form's own field names, so generated payloads hit real inputs as well as junk ones. */
const FORM_KEYS: string[] = [...FORM_FIELDS];
const COMMANDS = [
  'request',
  'status',
  'cancel',
  'history',
  'my requests',
  'pending',
  'gateways',
  'approvals here',
  'announcements here',
  'help',
  'I need a workspace for',
];
const INVOKE_NAMES = [
  'adaptiveCard/action',
  'adaptiveCard/Action',
  'composeExtension/query',
  'composeExtension/submitAction',
  'task/fetch',
  'task/submit',
  'signin/verifyState',
  'signin/tokenExchange',
  'fileConsent/invoke',
  'config/fetch',
  'tab/fetch',
  'healthCheck',
  '',
];
const ACTIVITY_TYPES = [
  'message',
  'invoke',
  'conversationUpdate',
  'messageReaction',
  'event',
  'typing',
  'installationUpdate',
  'endOfConversation',
];
const ENVELOPE_KEYS = [
  'type',
  'id',
  'from',
  'recipient',
  'conversation',
  'channelId',
  'channelData',
  'text',
  'value',
  'name',
  'entities',
  'membersAdded',
  'attachments',
];

const BYSTANDER: TeamsUser = { id: '29:eve', aadObjectId: 'e5555555-5555-4555-8555-555555555555', name: 'Eve Bystander' };

/** Text of any script up to about 28 KB, the most Teams lets a message have. */
const longText = fc
  .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }), fc.integer({ min: 1_000, max: 3_500 }))
  .map(([chunk, times]) => chunk.repeat(times));
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), longText);

/** The real request's id, made-up ones, and junk. */
function requestIds(requestId: () => string): fc.Arbitrary<unknown> {
  const real = fc.constant(null).map(() => requestId());
  return fc.oneof(real, fc.stringMatching(/^WR-[A-Z0-9]{6}$/), fc.string(), fc.anything(), longText);
}

/** The requester, an approver, someone else, someone Teams sent without an Entra id, and nonsense. */
export const people: fc.Arbitrary<TeamsUser> = fc.oneof(
  fc.constantFrom(REQUESTER, APPROVER, BYSTANDER),
  fc.record({ id: fc.string(), aadObjectId: fc.oneof(fc.uuid(), fc.string()), name: anyText }),
  fc.constant({ id: '29:anonymous', name: '' } as TeamsUser),
);

/** Commands with and without ids (the real one, made-up ones, junk), and free text. */
export function messageTexts(requestId: () => string): fc.Arbitrary<string> {
  const id = requestIds(requestId).map(String);
  const gap = fc.constantFrom('', ' ', '\n', '  ');
  const command = fc.tuple(fc.constantFrom(...COMMANDS), gap, id).map((parts) => parts.join(''));
  const mention = anyText.map((text) => `<at>APIM Workspaces</at> ${text}`);
  const oddities = fc.constantFrom('', ' ', '\u0000', '<at></at>', '${requestId}', '{{name}}');
  return fc.oneof(command, anyText, mention, oddities);
}

/** The `data` of a card action: the real request or made-up ones, form fields of any type, junk. */
function actionData(requestId: () => string): fc.Arbitrary<unknown> {
  const field = fc.oneof(fc.anything(), anyText, fc.integer(), fc.double(), fc.constant(null));
  const key = fc.oneof(fc.constantFrom(...FORM_KEYS, ...PROTOTYPE_KEYS), fc.string());
  const formLike = fc.dictionary(key, field, { maxKeys: 12 });
  const version = fc.oneof(fc.integer({ min: -2, max: 5 }), fc.anything());
  const aimed = fc.record(
    { requestId: requestIds(requestId), version, reason: fc.oneof(anyText, fc.anything()) },
    { requiredKeys: [] },
  );
  const both = fc.tuple(aimed, formLike).map(([a, b]) => ({ ...b, ...a }));
  return fc.oneof(aimed, formLike, both, fc.anything(), fc.jsonValue());
}

/** The invoke `value` of an `adaptiveCard/action`: well-formed, half-formed and not an object at all. */
export function cardActions(requestId: () => string): fc.Arbitrary<unknown> {
  const verb = fc.oneof(fc.constantFrom(...VERBS, ...PROTOTYPE_KEYS), fc.string(), fc.anything());
  const type = fc.oneof(fc.constant('Action.Execute'), fc.anything());
  const action = fc.record({ type, verb, data: actionData(requestId) }, { requiredKeys: [] });
  const trigger = fc.oneof(fc.constantFrom('manual', 'automatic'), fc.anything());
  const value = fc.record({ action: fc.oneof(action, fc.anything()), trigger }, { requiredKeys: [] });
  return fc.oneof(
    { weight: 4, arbitrary: value },
    { weight: 1, arbitrary: fc.anything() },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/**
 * Invoke activities with a card action of any shape, any name or none, and parts of the envelope
 * missing or of the wrong type (the conversation and serviceUrl stay, so an answer can be made).
 */
export function invokeEnvelopes(
  requestId: () => string,
  base: (from: TeamsUser) => Record<string, unknown>,
): fc.Arbitrary<Record<string, unknown>> {
  const name = fc.oneof(fc.constantFrom(...INVOKE_NAMES), fc.string(), fc.anything());
  const dropped = fc.subarray(['id', 'from', 'recipient', 'channelData', 'locale', 'timestamp', 'value', 'name', 'replyToId']);
  const junkKeys = fc.constantFrom('from', 'recipient', 'channelData', 'entities', 'replyToId', 'locale', 'text', 'attachments');
  const junk = fc.dictionary(junkKeys, fc.anything(), { maxKeys: 3 });
  const replyToId = fc.oneof(fc.string(), fc.anything());
  return fc
    .record({ from: people, name, value: cardActions(requestId), dropped, junk, replyToId })
    .map((parts) => {
      const activity: Record<string, unknown> = {
        ...base(parts.from),
        type: 'invoke',
        name: parts.name,
        value: parts.value,
        replyToId: parts.replyToId,
        ...parts.junk,
      };
      for (const key of parts.dropped) delete activity[key];
      return activity;
    });
}

/** Activities of any type, or none, with any part missing or replaced by something of another type. */
export function envelopes(base: (from: TeamsUser) => Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const type = fc.oneof(fc.constantFrom(...ACTIVITY_TYPES), fc.string(), fc.anything());
  // serviceUrl may go missing but is never replaced: replies must only ever go to the local connector.
  const dropped = fc.subarray([...ENVELOPE_KEYS, 'serviceUrl']);
  const junk = fc.dictionary(fc.constantFrom(...ENVELOPE_KEYS), fc.anything(), { maxKeys: 4 });
  return fc.record({ from: people, type, dropped, junk, text: anyText }).map((parts) => {
    const activity: Record<string, unknown> = { ...base(parts.from), type: parts.type, text: parts.text, ...parts.junk };
    for (const key of parts.dropped) delete activity[key];
    return activity;
  });
}
