import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { noticeCard, requestCardFor, type BotServices } from '../../src/adapters/teams/bot-services';
import { CardRenderer, type AdaptiveCard } from '../../src/adapters/teams/card-renderer';
import { helpView } from '../../src/adapters/teams/command-routes';
import { formView } from '../../src/adapters/teams/form-view';
import { messageView } from '../../src/adapters/teams/views';
import { understandRequest } from '../../src/core/intake/understand-request';
import type { AzureInventory, InventorySnapshot } from '../../src/core/inventory';
import type { NoticeKind } from '../../src/core/notices';
import type { Clock } from '../../src/core/ports';
import { REQUEST_STATES, type RequestState, type WorkspaceRequest } from '../../src/core/request';
import { RequestService } from '../../src/core/request-service';
import { validateRequestForm } from '../../src/core/validation';
import { createLogger } from '../../src/logging';
import { openStore } from '../../src/store/open-store';
import { inventoryFixture } from '../core/inventory-fixture';

export const APPROVER_ID = 'b2222222-2222-4222-8222-222222222222';
export const REQUESTER = { id: 'a1111111-1111-4111-8111-111111111111', name: 'Ada Lovelace' };
export const BYSTANDER_ID = 'e5555555-5555-4555-8555-555555555555';
const NOW = new Date('2026-03-02T10:00:00Z');

export interface CatalogueCard {
  name: string;
  card: AdaptiveCard;
}

export interface CardServices {
  services: BotServices;
  close(): Promise<void>;
}

/** An inventory that answers from a snapshot, for cards that need no Azure. */
export function fixedInventory(snapshot: InventorySnapshot): AzureInventory {
  return {
    serviceLocation: async () => snapshot.location,
    listGateways: async () => snapshot.gateways,
    listWorkspaceNames: async () => snapshot.workspaceNames,
    listSubnets: async () => snapshot.subnets,
    unitRange: async () => snapshot.units,
    listLogAnalyticsWorkspaces: async () => snapshot.logAnalyticsWorkspaces,
    serviceLogDestination: async () => snapshot.serviceLogDestination,
  };
}

/** The Teams adapter's services as the app builds them: real core, real SQLite, real renderer. */
export async function openCardServices(inventory = inventoryFixture()): Promise<CardServices> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-bot-cards-'));
  const { store } = await openStore({ dataDir });
  const clock: Clock = { now: () => NOW };
  const log = createLogger('silent');
  const policy = { approvers: [APPROVER_ID] };
  const requests = new RequestService(store, fixedInventory(inventory), policy, clock, log);
  return {
    services: { requests, store, policy, cards: new CardRenderer(), clock, log },
    close: async () => {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A valid request as the form makes it, in `state`, with what that state carries. */
export function sampleRequest(state: RequestState, overrides: Partial<WorkspaceRequest> = {}): WorkspaceRequest {
  const result = validateRequestForm(
    {
      workspaceDisplayName: 'Payments',
      workspaceName: 'payments',
      workspaceDescription: 'APIs of the payments team',
      gatewayMode: 'new',
      gatewayName: 'gw-payments',
      gatewayUnits: '2',
      networkMode: 'public',
      member1People: REQUESTER.id,
      member1ServiceRole: 'service_api_developer',
      member1WorkspaceRole: 'workspace_api_developer',
      manager1People: REQUESTER.id,
      manager1Role: 'owner',
      principalNames: JSON.stringify({ [REQUESTER.id]: REQUESTER.name }),
    },
    inventoryFixture(),
  );
  if (!result.ok) throw new Error(`sample form invalid: ${JSON.stringify(result.errors)}`);
  const decided = ['approved', 'provisioning', 'still_provisioning', 'succeeded', 'failed', 'rejected', 'draft'].includes(state);
  return {
    id: 'WR-ABC234',
    version: 3,
    state,
    spec: result.spec,
    requester: REQUESTER,
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    submittedAt: '2026-03-01T09:00:00.000Z',
    ...(decided ? { decidedBy: { id: APPROVER_ID, name: 'Bo Platform' } } : {}),
    ...(state === 'rejected' || state === 'draft' ? { decisionReason: 'Use the shared gateway instead.' } : {}),
    ...(state === 'failed' ? { failure: { step: 'gateway', message: 'Azure refused the gateway: the subnet is in use.' } } : {}),
    ...(state === 'succeeded'
      ? {
          outcome: {
            workspaceResourceId: '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.ApiManagement/service/apim/workspaces/payments',
            gatewayName: 'gw-payments',
            runtimeHostname: 'gw-payments-abc123.eastus-01.azure-api.net',
            portalUrl: 'https://portal.azure.com/#resource/subscriptions/sub/workspaces/payments',
          },
        }
      : {}),
    ...overrides,
  };
}

const VIEWERS: Array<[string, string]> = [
  ['requester', REQUESTER.id],
  ['approver', APPROVER_ID],
  ['bystander', BYSTANDER_ID],
  ['shared approval card', ''],
];

const NOTICES: NoticeKind[] = ['approval_request', 'changes_requested', 'expired', 'reminder', 'completed', 'failed', 'still_provisioning'];

/** The request card in every state for every kind of viewer, and every notice card. */
export async function requestCards(services: BotServices, request: (state: RequestState) => WorkspaceRequest = sampleRequest): Promise<CatalogueCard[]> {
  const cards: CatalogueCard[] = [];
  for (const state of REQUEST_STATES) {
    for (const [viewer, id] of VIEWERS) {
      cards.push({ name: `request ${state} (${viewer})`, card: await requestCardFor(services, request(state), id) });
    }
  }
  for (const kind of NOTICES) {
    const state: RequestState = kind === 'completed' ? 'succeeded' : kind === 'failed' ? 'failed' : kind === 'expired' ? 'expired' : kind === 'changes_requested' ? 'draft' : kind === 'still_provisioning' ? 'still_provisioning' : 'pending_approval';
    cards.push({ name: `notice ${kind}`, card: await noticeCard(services, request(state), kind) });
  }
  return cards;
}

/** The form: empty, pre-filled from a message, and sent back with an error on every field. */
export function formCards(services: BotServices, inventory = inventoryFixture()): CatalogueCard[] {
  const render = (view: object) => services.cards.render('request-form', view);
  const draft = understandRequest({
    text: 'A workspace for the payments team with its own gateway, two units, private outbound. <at>Ada Lovelace</at> as API developer, <at>Cy</at> reader.',
    mentions: [REQUESTER, { id: '29:cy', name: 'Cy' }],
    gateways: inventory.gateways,
  });
  const errors = Object.fromEntries(
    ['workspaceDisplayName', 'workspaceName', 'gatewayMode', 'gatewayUnits', 'subnetId', 'existingGateway', 'member1People', 'member1ServiceRole', 'manager1Role', 'logAnalyticsWorkspaceId'].map((field) => [field, `The ${field} needs fixing.`]),
  );
  return [
    { name: 'form empty', card: render(formView({}, {}, inventory, 'Fill in what you need.')) },
    { name: 'form from a message', card: render(formView(draft.form, {}, inventory, 'Check what the bot understood.', draft)) },
    { name: 'form with errors', card: render(formView({ ...draft.form, gatewayMode: 'existing' }, errors, inventory, 'Fix the fields marked below; everything you typed is kept.')) },
  ];
}

/** Message cards: help, a long list, an apology. */
export function messageCards(services: BotServices): CatalogueCard[] {
  const render = (view: object) => services.cards.render('message', view);
  const many = Array.from({ length: 120 }, (_, i) => `WR-${String(i).padStart(6, '0')} Workspace ${i}: Waiting for approval`);
  return [
    { name: 'help', card: render(helpView()) },
    { name: 'my requests (long list)', card: render(messageView('Your requests', `You have ${many.length} requests.`, many)) },
    { name: 'sorry', card: render(messageView('Sorry', 'Something went wrong on our side. Nothing was changed. Give this reference to the bot\u2019s operators: 1a2b3c4d.', [], 'Attention')) },
  ];
}

/** Every kind of card the bot sends, rendered through the real views and renderer. */
export async function allCards(services: BotServices): Promise<CatalogueCard[]> {
  return [...formCards(services), ...(await requestCards(services)), ...messageCards(services)];
}

/** Teams extensions the 1.5 schema has no room for; each is documented by Microsoft for Teams. */
export function withoutTeamsExtensions(card: unknown): unknown {
  if (Array.isArray(card)) return card.map(withoutTeamsExtensions);
  if (!card || typeof card !== 'object') return card;
  const entries = Object.entries(card).filter(([key, value]) => !isPeoplePickerQuery(key, value));
  return Object.fromEntries(entries.map(([key, value]) => [key, withoutTeamsExtensions(value)]));
}

/** The Teams people picker: `choices.data` querying Microsoft Graph users, and nothing else. */
function isPeoplePickerQuery(key: string, value: unknown): boolean {
  const query = value as { type?: unknown; dataset?: unknown } | undefined;
  return key === 'choices.data' && query?.type === 'Data.Query' && query.dataset === 'graph.microsoft.com/users';
}

/** Titles of the buttons a card offers (its actions and any action sets). */
export function actionTitles(card: unknown): string[] {
  const titles: string[] = [];
  const visit = (node: unknown, key: string) => {
    if (Array.isArray(node)) return node.forEach((item) => visit(item, key));
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (key === 'actions' && typeof record.title === 'string') titles.push(record.title);
    for (const [k, v] of Object.entries(record)) if (k !== 'refresh') visit(v, k);
  };
  visit(card, '');
  return titles;
}
