/**
 * View models for the card templates. Every property a template binds is always present, so a
 * rendered card never shows `undefined`, `null` or an unexpanded `${...}`.
 */
import type { StepProgress } from '../../core/ports';
import { NO_APPROVAL_SECTION } from './approval-view';
import { capList } from './list-caps';
import { PLAN, STEP_LABELS } from '../../core/provisioning';
import { NETWORK_MODE_LABELS, type RequestState, type WorkspaceRequest } from '../../core/request';

export interface Fact {
  title: string;
  value: string;
}

export interface RequestViewOptions {
  steps?: StepProgress[];
  /** Shows Approve and Reject; only for a personalised view of an approver who may decide. */
  canDecide?: boolean;
  /** Who gets a personalised view through Universal Actions refresh. */
  refreshUserIds?: string[];
  /** Shows Retry and Abandon on a failed request; only for a personalised view of an approver. */
  canRecover?: boolean;
  notice?: string;
  noticeKind?: 'info' | 'warning' | 'error';
  now?: Date;
}

export function requestView(request: WorkspaceRequest, options: RequestViewOptions = {}) {
  const { title, style } = headline(request);
  const subtitle = `Requested by ${request.requester.name} on ${formatDate(request.createdAt)}`;
  const gateway = request.spec.gateway;

  return {
    id: request.id,
    version: request.version,
    title,
    subtitle,
    headerStyle: style,
    fallbackText: `${title}. ${subtitle}.`,
    notice: options.notice ?? '',
    noticeColor: { info: 'Accent', warning: 'Warning', error: 'Attention' }[options.noticeKind ?? 'info'],
    facts: requestFacts(request),
    lockNote:
      gateway.kind === 'new' && request.state === 'pending_approval'
        ? 'The new gateway\u2019s network configuration and subnet cannot be changed after it is created.'
        : '',
    steps: stepLines(request, options.steps ?? [], options.now ?? new Date()),
    outcome: outcomeView(request),
    failure: failureView(request, options.steps ?? []),
    decision: decisionLine(request),
    canDecide: Boolean(options.canDecide) && request.state === 'pending_approval',
    canRecover: Boolean(options.canRecover) && request.state === 'failed',
    // Approvers get their own view while they can act: deciding, or recovering a failure.
    refreshUserIds: ['pending_approval', 'failed'].includes(request.state) ? (options.refreshUserIds ?? []).slice(0, 60) : [],
    // Filled by requestCardFor (approval-view.ts); empty here so the template never sees it unbound.
    approval: NO_APPROVAL_SECTION,
  };
}

export function requestFacts(request: WorkspaceRequest): Fact[] {
  const { workspace, gateway } = request.spec;
  const facts: Fact[] = [
    { title: 'Request', value: request.id },
    { title: 'State', value: STATE_LABELS[request.state] },
    { title: 'Workspace', value: `${workspace.displayName} (${workspace.name})` },
  ];
  if (workspace.description) facts.push({ title: 'Description', value: workspace.description });
  if (gateway.kind === 'existing') {
    facts.push({ title: 'Gateway', value: `Existing shared gateway ${gateway.name}` });
    return facts;
  }
  facts.push(
    { title: 'Gateway', value: `New gateway ${gateway.name}, ${gateway.units} ${gateway.units === 1 ? 'unit' : 'units'}` },
    { title: 'Network', value: NETWORK_MODE_LABELS[gateway.network] },
  );
  if (gateway.subnetId) facts.push({ title: 'Subnet', value: gateway.subnetId.split('/').slice(-3).join('/') });
  return facts;
}

export const STATE_LABELS: Record<RequestState, string> = {
  draft: 'Draft',
  pending_approval: 'Waiting for approval',
  approved: 'Approved',
  provisioning: 'Provisioning',
  still_provisioning: 'Still provisioning',
  succeeded: 'Ready',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
  expired: 'Expired',
  failed: 'Failed',
};

function headline(request: WorkspaceRequest): { title: string; style: string } {
  const name = request.spec.workspace.displayName;
  switch (request.state) {
    case 'succeeded':
      return { title: `Workspace ${name} is ready`, style: 'good' };
    case 'failed':
      return { title: `Provisioning of ${name} failed`, style: 'attention' };
    case 'rejected':
      return { title: `Workspace request for ${name} was rejected`, style: 'attention' };
    case 'provisioning':
    case 'approved':
      return { title: `Workspace ${name} is being provisioned`, style: 'accent' };
    case 'still_provisioning':
      return { title: `Workspace ${name} is still being provisioned`, style: 'warning' };
    case 'pending_approval':
      return { title: `Workspace request for ${name} is waiting for approval`, style: 'emphasis' };
    default:
      return { title: `Workspace request for ${name}: ${STATE_LABELS[request.state].toLowerCase()}`, style: 'default' };
  }
}

function stepLines(request: WorkspaceRequest, steps: StepProgress[], now: Date) {
  const abandoned = request.state === 'cancelled' && steps.length > 0;
  if (!abandoned && !['provisioning', 'still_provisioning', 'succeeded', 'failed'].includes(request.state)) return [];
  return PLAN.map((name) => {
    const step = steps.find((s) => s.step === name);
    const label = STEP_LABELS[name];
    if (step?.status === 'done') return { line: `\u2714 ${label}: done`, color: 'Good' };
    if (step?.status === 'failed') return { line: `\u2716 ${label}: failed`, color: 'Attention' };
    if (step && step.status !== 'pending') {
      const since = step.startedAt ? `, ${elapsed(new Date(step.startedAt), now)} so far` : '';
      return { line: `\u25B6 ${label}: in progress${since}`, color: 'Accent' };
    }
    return { line: `\u25CB ${label}: waiting`, color: 'Default' };
  });
}

const NEXT_STEPS = [
  'APIs: import or create the APIs the workspace will publish',
  'Products and subscriptions: decide how consumers get access',
  'Policies and policy fragments: set rate limits, auth and transformations',
  'Named values and backends: keep settings and service URLs in one place',
  'Schemas, groups and notifications: finish the workspace set-up',
];

function outcomeView(request: WorkspaceRequest) {
  const outcome = request.outcome;
  if (request.state !== 'succeeded' || !outcome) {
    return { ready: false, facts: [], nextSteps: [], portalUrl: '' };
  }
  return {
    ready: true,
    facts: [
      { title: 'Gateway', value: outcome.gatewayName },
      { title: 'Runtime hostname', value: outcome.runtimeHostname || 'not reported yet' },
      { title: 'Resource', value: outcome.workspaceResourceId },
    ],
    nextSteps: NEXT_STEPS.map((line) => ({ line: `\u2022 ${line}` })),
    portalUrl: outcome.portalUrl,
  };
}

function failureView(request: WorkspaceRequest, steps: StepProgress[]) {
  if (request.state !== 'failed' || !request.failure) {
    return { failed: false, headline: '', message: '', advice: '' };
  }
  const label = STEP_LABELS[request.failure.step as keyof typeof STEP_LABELS] ?? request.failure.step;
  const made = madeInAzure(request, steps);
  const inAzure = made.length ? `In Azure now: ${made.join('; ')}.` : 'Nothing was created in Azure yet.';
  return {
    failed: true,
    headline: `${label} failed`,
    message: request.failure.message,
    advice: `Nothing is deleted automatically. ${inAzure} An approver can retry from the failed step once the cause is fixed, or abandon the request; what exists stays until someone deletes it.`,
  };
}

/** What the bot made in Azure so far, as people would look for it in the portal. */
function madeInAzure(request: WorkspaceRequest, steps: StepProgress[]): string[] {
  const { workspace, gateway } = request.spec;
  const status = (step: string) => steps.find((s) => s.step === step)?.status;
  const made: string[] = [];
  if (status('workspace') === 'done') made.push(`workspace ${workspace.name}`);
  if (gateway.kind === 'new' && status('gateway') === 'done') made.push(`gateway ${gateway.name}`);
  if (gateway.kind === 'new' && status('gateway') === 'failed') made.push(`gateway ${gateway.name}, possibly, in a failed state`);
  if (status('association') === 'done') made.push(`the link from gateway ${gateway.name} to the workspace`);
  if (status('roles') === 'done') made.push('the role assignments');
  if (status('roles') === 'failed') made.push('some of the role assignments, possibly');
  if (status('diagnostics') === 'done') made.push('the gateway log settings');
  return made;
}

function decisionLine(request: WorkspaceRequest): string {
  if (request.state === 'expired') return `Expired: ${request.decisionReason ?? 'nobody decided in time.'}`;
  if (!request.decidedBy) return '';
  if (request.state === 'draft') {
    return `Changes requested by ${request.decidedBy.name}: ${request.decisionReason ?? ''}`.trim();
  }
  if (request.state === 'rejected') {
    return `Rejected by ${request.decidedBy.name}: ${request.decisionReason ?? ''}`.trim();
  }
  return `Approved by ${request.decidedBy.name}`;
}

export function formatDate(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

function elapsed(from: Date, to: Date): string {
  const minutes = Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));
  if (minutes < 1) return 'under a minute';
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Message cards list at most this many lines; the rest is summed up as "and N more". */
export const MAX_MESSAGE_LINES = 30;

export function messageView(title: string, text: string, lines: string[] = [], color = 'Default') {
  const shown = capList(lines, MAX_MESSAGE_LINES).map((line) => ({ line }));
  return { title, text, color, lines: shown, facts: [] as Fact[], actions: [] as MessageAction[] };
}

/** A button on a message card that opens one request's card in place. */
export interface MessageAction {
  title: string;
  verb: string;
  requestId: string;
}
