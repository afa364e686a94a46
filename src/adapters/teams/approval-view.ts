/**
 * The part of the request card approvers weigh: what will be created, who gets which role, what
 * the gateway costs, how many approvals it has, and until when it can be decided.
 */
import { approvalDeadlines, DEFAULT_GATEWAY_SKU, monthlyGatewayCost, requiredApprovals, type ApprovalPolicy } from '../../core/policy';
import type { Approval } from '../../core/ports';
import { GATEWAY_ROLES, SERVICE_ROLES, WORKSPACE_ROLES } from '../../core/roles';
import { NETWORK_MODE_LABELS, type WorkspaceRequest } from '../../core/request';

export interface ApprovalViewInput {
  policy: ApprovalPolicy;
  /** Approvals of the submission shown. */
  approvals: Approval[];
  viewerId: string;
  canDecide: boolean;
  reasonValue: string;
  now: Date;
}

interface Line {
  line: string;
}

const WAITING = ['pending_approval', 'draft'];

/** The section for cards that do not show it (and for views built without a policy). */
export const NO_APPROVAL_SECTION = {
  shown: false,
  creates: [] as Line[],
  roles: [] as Line[],
  cost: '',
  progress: '',
  deadline: '',
  canDecide: false,
  canCancel: false,
  canEdit: false,
  reasonValue: '',
};

export function approvalView(request: WorkspaceRequest, input: ApprovalViewInput) {
  const isRequester = input.viewerId !== '' && input.viewerId === request.requester.id;
  const open = WAITING.includes(request.state);
  return {
    shown: WAITING.includes(request.state),
    creates: createdLines(request),
    roles: roleLines(request),
    cost: costLine(request, input.policy),
    progress: progressLine(request, input),
    deadline: request.state === 'pending_approval' ? deadlineLine(request, input.policy, input.now) : '',
    canDecide: input.canDecide && request.state === 'pending_approval',
    canCancel: isRequester && open,
    canEdit: isRequester && request.state === 'draft',
    reasonValue: input.reasonValue,
  };
}

/** The card a reminder posts: a short nudge with a button that opens the request as it stands. */
export function reminderView(request: WorkspaceRequest, policy: ApprovalPolicy, now: Date) {
  const { expiresAt } = approvalDeadlines(policy, request);
  const since = request.submittedAt ?? request.createdAt;
  const text =
    `${request.id} (${request.spec.workspace.displayName}) from ${request.requester.name} has waited ` +
    `${waitedFor(since, now)} for a decision. It expires on ${formatUtc(expiresAt.toISOString())} unless someone decides.`;
  return {
    title: 'Reminder: a workspace request waits for approval',
    text,
    color: 'Warning',
    lines: [],
    actions: [{ title: `Open ${request.id}`, verb: 'refresh', requestId: request.id }],
  };
}

function createdLines(request: WorkspaceRequest): Line[] {
  const { workspace, gateway, diagnostics } = request.spec;
  const lines = [`Workspace "${workspace.displayName}" (resource name ${workspace.name})`];
  if (gateway.kind === 'new') {
    const sku = (gateway as { sku?: string }).sku ?? DEFAULT_GATEWAY_SKU;
    lines.push(`New gateway ${gateway.name}: ${sku}, ${units(gateway.units)}, ${NETWORK_MODE_LABELS[gateway.network]}`);
    if (gateway.subnetId) lines.push(`Gateway subnet (dedicated, fixed for the gateway's life): ${gateway.subnetId.split('/').slice(-3).join('/')}`);
  } else {
    lines.push(`No new gateway: the workspace joins the existing shared gateway ${gateway.name}`);
  }
  lines.push(`Link from gateway ${gateway.name} to the workspace`);
  const destination = diagnostics.logAnalyticsWorkspaceId.split('/').pop() || 'the service\u2019s Log Analytics workspace';
  lines.push(`Gateway logs sent to ${destination}`);
  return lines.map((line) => ({ line: `\u2022 ${line}` }));
}

function roleLines(request: WorkspaceRequest): Line[] {
  const { members = [], gatewayManagers = [], gateway } = request.spec;
  const lines = members.map((m) => {
    const service = SERVICE_ROLES[m.serviceRole]?.name ?? m.serviceRole;
    const workspace = WORKSPACE_ROLES[m.workspaceRole]?.name ?? m.workspaceRole;
    return `${m.displayName} (${m.principalType.toLowerCase()}): ${service} on the service, ${workspace} on the workspace`;
  });
  for (const manager of gatewayManagers) {
    const role = GATEWAY_ROLES[manager.role]?.name ?? manager.role;
    lines.push(`${manager.displayName} (${manager.principalType.toLowerCase()}): ${role} on gateway ${gateway.name}`);
  }
  if (lines.length === 0) return [{ line: 'None: this request grants no roles.' }];
  return lines.map((line) => ({ line: `\u2022 ${line}` }));
}

function costLine(request: WorkspaceRequest, policy: ApprovalPolicy): string {
  const gateway = request.spec.gateway;
  if (gateway.kind !== 'new') return `Gateway cost: none, the workspace shares gateway ${gateway.name}.`;
  const cost = monthlyGatewayCost(policy, request.spec);
  if (!cost) return 'Gateway cost: no unit price is configured for this SKU (pricing in the approval policy).';
  return `Gateway cost: ${units(gateway.units)} \u00d7 ${money(cost.perUnit, cost.currency)} = ${money(cost.amount, cost.currency)} a month.`;
}

function progressLine(request: WorkspaceRequest, input: ApprovalViewInput): string {
  if (request.state === 'draft') return 'Sent back to the requester for changes; approvals start again when it is resubmitted.';
  const { count, reasons } = requiredApprovals(input.policy, request.spec);
  const why = reasons.length ? ` (${reasons.join(', ')})` : '';
  const names = input.approvals.map((a) => a.approver.name);
  const by = names.length ? `: approved by ${names.join(', ')}` : '';
  return `${Math.min(names.length, count)} of ${count} approvals${why}${by}.`;
}

function deadlineLine(request: WorkspaceRequest, policy: ApprovalPolicy, now: Date): string {
  const since = request.submittedAt ?? request.createdAt;
  const { expiresAt } = approvalDeadlines(policy, request);
  return `Waiting ${waitedFor(since, now)}; expires on ${formatUtc(expiresAt.toISOString())}.`;
}

/** How long since `iso`, in the largest units that matter: "3 d 4 h", "2 h 5 min", "12 min". */
export function waitedFor(iso: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - new Date(iso).getTime()) / 60_000));
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

function formatUtc(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

function units(count: number): string {
  return `${count} ${count === 1 ? 'unit' : 'units'}`;
}

function money(amount: number, currency: string): string {
  return `${currency} ${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
