import fs from 'node:fs';
import type { Logger as PinoLogger } from 'pino';
import { z } from 'zod';
import type { Config } from './config';
import { isEmptyPolicy, type ApprovalPolicy } from './core/policy';

/**
 * The approval policy: read once at start from a JSON file (README.md documents every key),
 * then overridden key by key from the environment. A broken file is not half-used: nobody can
 * approve until it is fixed, and start-up says so at error level, naming the file and the key.
 */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const objectId = z.string().regex(GUID, 'must be an Entra object id (a GUID)');

const principals = z
  .object({ users: z.array(objectId).default([]), groups: z.array(objectId).default([]) })
  .strict()
  .default({ users: [], groups: [] });

const rule = z
  .object({
    name: z.string().min(1),
    approvalsRequired: z.number().int().min(1).max(10),
    when: z
      .object({
        network: z.enum(['public', 'vnet_integration', 'vnet_injection']).optional(),
        newGateway: z.boolean().optional(),
        unitsAbove: z.number().int().min(0).optional(),
      })
      .strict()
      .refine((when) => Object.keys(when).length > 0, 'needs at least one condition'),
  })
  .strict();

export const policyFileSchema = z
  .object({
    $comment: z.string().optional(),
    approvers: principals,
    fallbackApprovers: principals,
    approvalsRequired: z.number().int().min(1).max(10).default(1),
    rules: z.array(rule).default([]),
    expiryDays: z.number().positive().max(90).default(7),
    pricing: z
      .object({ currency: z.string().min(1), monthlyPricePerUnit: z.record(z.string(), z.number().nonnegative()) })
      .strict()
      .optional(),
  })
  .strict();

export type PolicyFile = z.infer<typeof policyFileSchema>;

export interface LoadedPolicy {
  policy: ApprovalPolicy;
  /** Where it came from, for the start-up log. */
  source: string;
  /** What is wrong with it; any problem means nobody can approve. */
  problems: { key: string; message: string }[];
}

const NOBODY: ApprovalPolicy = { approvers: [], approverGroups: [] };

/** Reads the policy file and applies the environment's overrides. `seeded` stands in when nothing is configured. */
export function loadApprovalPolicy(settings: Config['approvalPolicy'], seeded: string[] = []): LoadedPolicy {
  const { file, fileRequired } = settings;
  if (!fs.existsSync(file)) {
    if (fileRequired) return broken(file, 'APPROVAL_POLICY_FILE', 'no such file');
    const base = fromFile(policyFileSchema.parse({}));
    const nothingSet = !settings.overrides.approvers.length && !settings.overrides.approverGroups.length;
    const policy = withOverrides(nothingSet ? { ...base, approvers: seeded } : base, settings.overrides);
    return { policy, source: nothingSet && seeded.length ? 'the emulator\u2019s seeded approvers' : 'environment', problems: [] };
  }

  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    return broken(file, '(file)', error instanceof Error ? error.message : String(error));
  }
  const parsed = policyFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({ key: issue.path.join('.') || '(file)', message: issue.message }));
    return { policy: NOBODY, source: file, problems };
  }
  return { policy: withOverrides(fromFile(parsed.data), settings.overrides), source: file, problems: [] };
}

/** Logs the policy once at start; an unusable one at error level, so nobody misses it. */
export function logApprovalPolicy(log: PinoLogger, loaded: LoadedPolicy, graphEnabled: boolean): void {
  const { policy, source } = loaded;
  for (const problem of loaded.problems) {
    log.error({ file: source, key: problem.key }, `approval policy ${source}, ${problem.key}: ${problem.message}. Nobody can approve until it is fixed.`);
  }
  if (loaded.problems.length === 0 && isEmptyPolicy(policy)) {
    log.error({ file: source }, `approval policy from ${source} names no approvers (APPROVERS, APPROVER_GROUPS or approvers.users/groups): nobody can approve workspace requests`);
  }
  const groups = [...(policy.approverGroups ?? []), ...(policy.fallbackApproverGroups ?? [])];
  if (groups.length && !graphEnabled) {
    log.warn({ groups: groups.length }, 'the approval policy names groups but GRAPH_ENABLED is not true: group members cannot approve');
  }
  log.info(
    {
      source,
      approvers: policy.approvers.length,
      approverGroups: (policy.approverGroups ?? []).length,
      fallbackApprovers: (policy.fallbackApprovers ?? []).length + (policy.fallbackApproverGroups ?? []).length,
      approvalsRequired: policy.approvalsRequired,
      rules: (policy.rules ?? []).map((r) => `${r.name}: ${r.approvalsRequired}`),
      expiryHours: policy.expiryHours,
    },
    'approval policy',
  );
}

function fromFile(file: PolicyFile): ApprovalPolicy {
  return {
    approvers: file.approvers.users,
    approverGroups: file.approvers.groups,
    fallbackApprovers: file.fallbackApprovers.users,
    fallbackApproverGroups: file.fallbackApprovers.groups,
    approvalsRequired: file.approvalsRequired,
    rules: file.rules,
    expiryHours: file.expiryDays * 24,
    pricing: file.pricing,
  };
}

/** Each environment variable that is set replaces its key of the file. */
function withOverrides(policy: ApprovalPolicy, overrides: Config['approvalPolicy']['overrides']): ApprovalPolicy {
  const next = { ...policy };
  if (overrides.approvers.length) next.approvers = overrides.approvers;
  if (overrides.approverGroups.length) next.approverGroups = overrides.approverGroups;
  if (overrides.fallbackApprovers.length) next.fallbackApprovers = overrides.fallbackApprovers;
  if (overrides.fallbackApproverGroups.length) next.fallbackApproverGroups = overrides.fallbackApproverGroups;
  if (overrides.approvalsRequired !== undefined) next.approvalsRequired = overrides.approvalsRequired;
  if (overrides.expiryDays !== undefined) next.expiryHours = overrides.expiryDays * 24;
  return next;
}

function broken(file: string, key: string, message: string): LoadedPolicy {
  return { policy: NOBODY, source: file, problems: [{ key, message }] };
}
