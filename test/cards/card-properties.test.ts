import fc from 'fast-check';
import { requestCardFor } from '../../src/adapters/teams/bot-services';
import { cardBytes, MAX_CARD_BYTES } from '../../src/adapters/teams/card-size';
import { formView } from '../../src/adapters/teams/form-view';
import { messageView } from '../../src/adapters/teams/views';
import type { InventorySnapshot } from '../../src/core/inventory';
import { FORM_FIELDS, type RequestForm } from '../../src/core/request-form';
import { REQUEST_STATES, type Member, type WorkspaceRequest } from '../../src/core/request';
import { SERVICE_ROLES, WORKSPACE_ROLES, type ServiceRole, type WorkspaceRole } from '../../src/core/roles';
import { validateAdaptiveCard } from '../support/adaptive-card-schema';
import { APPROVER_ID, BYSTANDER_ID, openCardServices, REQUESTER, sampleRequest, withoutTeamsExtensions, type CardServices } from './card-catalogue';

/** Anything a person could type, including what templates and Markdown react to, short or very long. */
const characters = fc.oneof(
  fc.constantFrom(...'*_`~[]()<>#+-.!\\${}&;"\'\n\r\t @'.split('')),
  fc.constantFrom('\u202E', '\u0645', '\u05d0', '\ud83d\udcb3', '\ud83d\udc69\u200d\ud83d\udcbb', '\u0000', '\u2028'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);
const noLiteralWords = (text: string) => !/\b(undefined|null)\b/.test(text);
const text = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: characters, maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: characters, minLength: 1000, maxLength: 4000 }) },
).filter(noLiteralWords);
const someId = fc.uuid();
/** Names and ids Azure hands out are bounded: gateway names 45 characters, resource ids a few hundred. */
const azureName = fc.string({ unit: characters, maxLength: 60 }).filter(noLiteralWords);
const resourceId = fc.string({ unit: characters, maxLength: 300 }).filter(noLiteralWords);

const member = fc.record({
  principalId: someId,
  principalType: fc.constantFrom('User' as const, 'Group' as const),
  displayName: text,
  serviceRole: fc.constantFrom(...(Object.keys(SERVICE_ROLES) as ServiceRole[])),
  workspaceRole: fc.constantFrom(...(Object.keys(WORKSPACE_ROLES) as WorkspaceRole[])),
}) as fc.Arbitrary<Member>;

const request: fc.Arbitrary<WorkspaceRequest> = fc
  .record({
    state: fc.constantFrom(...REQUEST_STATES),
    displayName: text,
    description: text,
    requesterName: text,
    deciderName: text,
    reason: text,
    failure: text,
    members: fc.array(member, { maxLength: 60 }),
    existing: fc.boolean(),
  })
  .map((g) => {
    const base = sampleRequest(g.state);
    const gateway = g.existing ? { kind: 'existing' as const, name: 'gw-shared' } : base.spec.gateway;
    return {
      ...base,
      requester: { id: REQUESTER.id, name: g.requesterName },
      spec: { ...base.spec, gateway, workspace: { ...base.spec.workspace, displayName: g.displayName, description: g.description }, members: g.members },
      ...(base.decidedBy ? { decidedBy: { id: APPROVER_ID, name: g.deciderName }, decisionReason: g.reason } : {}),
      ...(base.failure ? { failure: { step: 'gateway', message: g.failure } } : {}),
    };
  });

const form: fc.Arbitrary<RequestForm> = fc.dictionary(fc.constantFrom(...FORM_FIELDS), text);

const inventory: fc.Arbitrary<InventorySnapshot> = fc.record({
  location: fc.constant('eastus'),
  workspaceNames: fc.array(text, { maxLength: 5 }),
  units: fc.constant({ min: 1, max: 12 }),
  gateways: fc.array(
    fc.record({ name: azureName, sku: fc.constant('WorkspaceGatewayPremium'), units: fc.nat(12), createdAt: fc.constant('2025-06-01T00:00:00Z'), workspaceCount: fc.nat(30), ineligibleReason: fc.option(text, { nil: undefined }) }),
    { maxLength: 120 },
  ),
  subnets: fc.array(
    fc.record({ id: resourceId, name: text, virtualNetwork: text, location: fc.constantFrom('eastus', 'westus'), addressPrefix: fc.constantFrom('10.0.0.0/26', '10.0.0.0/29'), delegations: fc.constant(['Microsoft.Web/serverFarms']), usedBy: fc.option(text, { nil: undefined }) }),
    { maxLength: 120 },
  ),
  logAnalyticsWorkspaces: fc.array(fc.record({ id: resourceId, name: text, location: text }), { maxLength: 120 }),
  serviceLogDestination: resourceId,
});

/** The strings of a card that would show a template or view-model mistake. */
function leftovers(card: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown, where: string) => {
    if (node === null || node === undefined) found.push(`${where} is ${String(node)}`);
    else if (typeof node === 'string' && (/\$\{/.test(node) || /\b(undefined|null)\b/.test(node))) found.push(`${where}: ${node.slice(0, 80)}`);
    else if (Array.isArray(node)) node.forEach((item, i) => visit(item, `${where}/${i}`));
    else if (typeof node === 'object') for (const [key, value] of Object.entries(node)) visit(value, `${where}/${key}`);
  };
  visit(card, '');
  return found;
}

function expectTrustworthy(card: unknown): void {
  expect(leftovers(card)).toEqual([]);
  expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  expect(validateAdaptiveCard(withoutTeamsExtensions(card))).toEqual([]);
}

/**
 * endOnFailure: a counterexample is reported as found. Shrinking strings of thousands of
 * characters through a renderer takes minutes; the seed in the report reproduces it.
 */
describe('cards rendered from any view model', () => {
  let env: CardServices;

  beforeAll(async () => {
    env = await openCardServices();
  });
  afterAll(async () => env.close());

  it('never show undefined, null or an unexpanded ${, and stay valid and small: request cards', async () => {
    await fc.assert(
      fc.asyncProperty(request, fc.constantFrom(REQUESTER.id, APPROVER_ID, BYSTANDER_ID, ''), async (generated, viewer) => {
        expectTrustworthy(await requestCardFor(env.services, generated, viewer));
      }),
      { numRuns: 150, endOnFailure: true },
    );
  });

  it('never show undefined, null or an unexpanded ${, and stay valid and small: the form', () => {
    fc.assert(
      fc.property(form, fc.dictionary(fc.constantFrom(...FORM_FIELDS), text), inventory, text, (values, errors, snapshot, intro) => {
        const draft = { understood: [{ fields: ['workspaceName' as const], text: intro }], notes: [intro] };
        expectTrustworthy(env.services.cards.render('request-form', formView(values, errors, snapshot, intro, draft)));
      }),
      { numRuns: 100, endOnFailure: true },
    );
  });

  it('never show undefined, null or an unexpanded ${, and stay valid and small: message cards', () => {
    fc.assert(
      fc.property(text, text, fc.array(text, { maxLength: 300 }), (title, body, lines) => {
        expectTrustworthy(env.services.cards.render('message', messageView(title, body, lines)));
      }),
      { numRuns: 100, endOnFailure: true },
    );
  });
});
