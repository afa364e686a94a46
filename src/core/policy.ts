import type { NetworkMode, RequestSpec, WorkspaceRequest } from './request';

/** A rule that asks for more approvals when a request matches all of its conditions. */
export interface ApprovalRule {
  /** Shown to approvers, for example "VNet injection". */
  name: string;
  approvalsRequired: number;
  when: {
    network?: NetworkMode;
    newGateway?: boolean;
    /** Matches a new gateway with more than this many units. */
    unitsAbove?: number;
  };
}

/** Monthly price of one gateway unit, per SKU, to show approvers what a new gateway costs. */
export interface GatewayPricing {
  currency: string;
  monthlyPricePerUnit: Record<string, number>;
}

/** Who may decide on workspace requests, how many must agree, and how long a request may wait. */
export interface ApprovalPolicy {
  /** Entra object ids of the people who may approve or reject. */
  approvers: string[];
  /** Entra group ids whose members (nested too) may approve; needs Microsoft Graph. */
  approverGroups?: string[];
  /** Who may also decide once a request has waited until the reminder with nobody acting. */
  fallbackApprovers?: string[];
  fallbackApproverGroups?: string[];
  /** Approvals a request needs; rules may raise it. */
  approvalsRequired?: number;
  rules?: ApprovalRule[];
  /** How long a request may wait for a decision; approvers are reminded halfway. */
  expiryHours?: number;
  pricing?: GatewayPricing;
}

export const DEFAULT_EXPIRY_HOURS = 7 * 24;

/** The SKU new gateways are created with when the request does not name one. */
export const DEFAULT_GATEWAY_SKU = 'WorkspaceGatewayPremium';

const HOUR_MS = 3_600_000;

/** True when nobody at all could approve under this policy. */
export function isEmptyPolicy(policy: ApprovalPolicy): boolean {
  return policy.approvers.length === 0 && (policy.approverGroups ?? []).length === 0;
}

/** How many approvals a request needs, and which rules raised it. */
export function requiredApprovals(policy: ApprovalPolicy, spec: RequestSpec): { count: number; reasons: string[] } {
  let count = Math.max(1, policy.approvalsRequired ?? 1);
  const reasons: string[] = [];
  for (const rule of policy.rules ?? []) {
    if (!ruleMatches(rule, spec)) continue;
    reasons.push(rule.name);
    count = Math.max(count, rule.approvalsRequired);
  }
  return { count, reasons };
}

function ruleMatches(rule: ApprovalRule, spec: RequestSpec): boolean {
  const gateway = spec.gateway;
  const { network, newGateway, unitsAbove } = rule.when;
  if (newGateway !== undefined && (gateway.kind === 'new') !== newGateway) return false;
  if (network !== undefined && (gateway.kind !== 'new' || gateway.network !== network)) return false;
  if (unitsAbove !== undefined && (gateway.kind !== 'new' || gateway.units <= unitsAbove)) return false;
  return true;
}

/** When the approvers are reminded and when the request expires, counted from its submission. */
export function approvalDeadlines(policy: ApprovalPolicy, request: WorkspaceRequest): { remindAt: Date; expiresAt: Date } {
  const start = new Date(request.submittedAt ?? request.createdAt).getTime();
  const hours = policy.expiryHours ?? DEFAULT_EXPIRY_HOURS;
  return { remindAt: new Date(start + (hours * HOUR_MS) / 2), expiresAt: new Date(start + hours * HOUR_MS) };
}

/** A new gateway's monthly price: units times the SKU's unit price; undefined when unpriced or shared. */
export function monthlyGatewayCost(policy: ApprovalPolicy, spec: RequestSpec): { amount: number; currency: string; perUnit: number } | undefined {
  const gateway = spec.gateway;
  if (gateway.kind !== 'new' || !policy.pricing) return undefined;
  const sku = (gateway as { sku?: string }).sku ?? DEFAULT_GATEWAY_SKU;
  const perUnit = policy.pricing.monthlyPricePerUnit[sku];
  if (perUnit === undefined) return undefined;
  return { amount: perUnit * gateway.units, currency: policy.pricing.currency, perUnit };
}

/** Whether the person is named as an approver by user id. Group members need `ApproverDirectory`. */
export function isApprover(policy: ApprovalPolicy, personId: string): boolean {
  return personId !== '' && policy.approvers.includes(personId);
}

/**
 * Fallback approvers may decide once the reminder time has passed with no approval recorded
 * before it. Derived from the stored times, so every instance agrees without extra state.
 */
export function fallbackMayDecide(
  policy: ApprovalPolicy,
  request: WorkspaceRequest,
  approvalTimes: string[],
  now: Date,
): boolean {
  const { remindAt } = approvalDeadlines(policy, request);
  if (now < remindAt) return false;
  return !approvalTimes.some((at) => new Date(at) < remindAt);
}
