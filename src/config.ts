import path from 'node:path';
import { z } from 'zod';

/**
 * All settings, read once from an injectable environment and validated by one schema.
 * README.md documents each key; a bad value stops start-up with a message naming the key.
 */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const list = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().default('127.0.0.1'),
  ALLOW_UNAUTHENTICATED_REMOTE: z.enum(['true', 'false']).default('false'),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppTenantId: z.string().default(''),
  ALLOWED_TENANTS: list,
  BOT_OPENID_METADATA_URL: z.string().url().optional(),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .default('')
    .refine((url) => url === '' || /^postgres(ql)?:\/\//.test(url), 'must be a postgres:// URL, or empty for SQLite'),
  APPROVERS: list.pipe(z.array(z.string().regex(GUID, 'each approver must be an Entra object id (a GUID)'))),
  APPROVER_GROUPS: list.pipe(z.array(z.string().regex(GUID, 'each group must be an Entra object id (a GUID)'))),
  FALLBACK_APPROVERS: list.pipe(z.array(z.string().regex(GUID, 'each approver must be an Entra object id (a GUID)'))),
  FALLBACK_APPROVER_GROUPS: list.pipe(z.array(z.string().regex(GUID, 'each group must be an Entra object id (a GUID)'))),
  APPROVALS_REQUIRED: z.coerce.number().int().min(1).max(10).optional(),
  APPROVAL_EXPIRY_DAYS: z.coerce.number().positive().max(90).optional(),
  APPROVAL_POLICY_FILE: z.string().optional(),
  GRAPH_ENABLED: z.enum(['true', 'false']).default('false'),
  GRAPH_ENDPOINT: z.string().url().default('https://graph.microsoft.com'),
  GRAPH_CACHE_SECONDS: z.coerce.number().min(0).default(300),
  AZURE_SUBSCRIPTION_ID: z.string().default(''),
  AZURE_RESOURCE_GROUP: z.string().default(''),
  APIM_SERVICE_NAME: z.string().default(''),
  ARM_ENDPOINT: z.string().url().default('https://management.azure.com'),
  ARM_EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(3979),
  ARM_EMULATOR_URL: z.string().url().optional(),
  ARM_EMULATOR_CA_FILE: z.string().optional(),
  JOB_LEASE_SECONDS: z.coerce.number().min(1).default(60),
  ARM_POLLS_PER_SECOND: z.coerce.number().positive().default(4),
  EMULATOR_GATEWAY_SECONDS: z.coerce.number().min(0).default(20),
  POLL_INTERVAL_SECONDS: z.coerce.number().min(0).optional(),
  PROVISIONING_BUDGET_HOURS: z.coerce.number().positive().default(6),
  PROGRESS_UPDATE_MINUTES: z.coerce.number().positive().default(15),
  LOG_ANALYTICS_WORKSPACE_ID: z.string().default(''),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type RawConfig = z.infer<typeof schema>;

export interface Config {
  port: number;
  host: string;
  allowUnauthenticatedRemote: boolean;
  bot: {
    appId: string;
    appPassword: string;
    tenantId: string;
    appType: RawConfig['MicrosoftAppType'];
    /** Tenants whose activities are served; empty serves every tenant. */
    allowedTenants: string[];
    /** Where Bot Framework token signing keys are published; Azure's default when unset. */
    openIdMetadataUrl?: string;
  };
  dataDir: string;
  databaseUrl?: string;
  approvers: string[];
  /** The approval policy file and the environment's overrides of it (see approval-policy-file.ts). */
  approvalPolicy: {
    file: string;
    /** Set by APPROVAL_POLICY_FILE: then a missing file is an error, not "use the defaults". */
    fileRequired: boolean;
    overrides: {
      approvers: string[];
      approverGroups: string[];
      fallbackApprovers: string[];
      fallbackApproverGroups: string[];
      approvalsRequired?: number;
      expiryDays?: number;
    };
  };
  /** Microsoft Graph, to resolve approver groups; off means approvers are user ids only. */
  graph: { enabled: boolean; endpoint: string; cacheMs: number };
  /** Real Azure when a subscription is configured; otherwise the embedded emulator. */
  azure:
    | { mode: 'azure'; subscriptionId: string; resourceGroup: string; serviceName: string; endpoint: string }
    | { mode: 'emulator'; port: number; gatewaySeconds: number; external?: { url: string; caFile: string } };
  pollIntervalMs: number;
  /** How long provisioning may take before the request becomes `still_provisioning`. */
  provisioningBudgetMs: number;
  /** While a gateway is being created, cards are refreshed at most once per this interval. */
  progressUpdateMs: number;
  /** Gateway logs go here when neither the request nor the APIM service names a workspace. */
  logAnalyticsWorkspaceId: string;
  /** How long an instance owns a claimed job; a dead instance's jobs come back after it. */
  jobLeaseMs: number;
  /** All in-flight operations' polls together stay under this rate. */
  armPollsPerSecond: number;
  logLevel: RawConfig['LOG_LEVEL'];
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const raw = parsed.data;
  const azure = azureSettings(raw);

  return {
    port: raw.PORT,
    host: raw.HOST,
    allowUnauthenticatedRemote: raw.ALLOW_UNAUTHENTICATED_REMOTE === 'true',
    bot: {
      appId: raw.MicrosoftAppId,
      appPassword: raw.MicrosoftAppPassword,
      tenantId: raw.MicrosoftAppTenantId,
      appType: raw.MicrosoftAppType,
      allowedTenants: raw.ALLOWED_TENANTS,
      openIdMetadataUrl: raw.BOT_OPENID_METADATA_URL,
    },
    dataDir: path.resolve(raw.DATA_DIR),
    databaseUrl: raw.DATABASE_URL || undefined,
    approvers: raw.APPROVERS,
    approvalPolicy: {
      file: path.resolve(raw.APPROVAL_POLICY_FILE ?? 'config/approval-policy.json'),
      fileRequired: raw.APPROVAL_POLICY_FILE !== undefined,
      overrides: {
        approvers: raw.APPROVERS,
        approverGroups: raw.APPROVER_GROUPS,
        fallbackApprovers: raw.FALLBACK_APPROVERS,
        fallbackApproverGroups: raw.FALLBACK_APPROVER_GROUPS,
        approvalsRequired: raw.APPROVALS_REQUIRED,
        expiryDays: raw.APPROVAL_EXPIRY_DAYS,
      },
    },
    graph: { enabled: raw.GRAPH_ENABLED === 'true', endpoint: graphEndpoint(raw.GRAPH_ENDPOINT), cacheMs: raw.GRAPH_CACHE_SECONDS * 1000 },
    azure,
    // Hours-long gateway creation in Azure is polled gently; the emulator finishes in seconds.
    pollIntervalMs: (raw.POLL_INTERVAL_SECONDS ?? (azure.mode === 'azure' ? 60 : 2)) * 1000,
    provisioningBudgetMs: raw.PROVISIONING_BUDGET_HOURS * 3_600_000,
    progressUpdateMs: raw.PROGRESS_UPDATE_MINUTES * 60_000,
    logAnalyticsWorkspaceId: raw.LOG_ANALYTICS_WORKSPACE_ID,
    jobLeaseMs: raw.JOB_LEASE_SECONDS * 1000,
    armPollsPerSecond: raw.ARM_POLLS_PER_SECOND,
    logLevel: raw.LOG_LEVEL,
  };
}

function azureSettings(raw: RawConfig): Config['azure'] {
  if (!raw.AZURE_SUBSCRIPTION_ID) {
    const emulator = { mode: 'emulator' as const, port: raw.ARM_EMULATOR_PORT, gatewaySeconds: raw.EMULATOR_GATEWAY_SECONDS };
    if (!raw.ARM_EMULATOR_URL) return emulator;
    // Several instances share one emulator, as they would share one Azure subscription.
    const caFile = raw.ARM_EMULATOR_CA_FILE ?? path.join(path.resolve(raw.DATA_DIR), 'arm-emulator', 'emulator-cert.pem');
    return { ...emulator, external: { url: raw.ARM_EMULATOR_URL.replace(/\/$/, ''), caFile } };
  }
  const missing = ['AZURE_RESOURCE_GROUP', 'APIM_SERVICE_NAME'].filter((key) => !raw[key as keyof RawConfig]);
  if (missing.length) {
    throw new ConfigError(`AZURE_SUBSCRIPTION_ID is set, so ${missing.join(' and ')} must be set too.`);
  }
  return {
    mode: 'azure',
    subscriptionId: raw.AZURE_SUBSCRIPTION_ID,
    resourceGroup: raw.AZURE_RESOURCE_GROUP,
    serviceName: raw.APIM_SERVICE_NAME,
    endpoint: raw.ARM_ENDPOINT.replace(/\/$/, ''),
  };
}

/** Graph is asked over HTTPS; plain HTTP only on loopback, where a local stand-in answers in tests. */
function graphEndpoint(value: string): string {
  const url = new URL(value);
  if (url.protocol !== 'https:' && !isLoopback(url.hostname)) {
    throw new ConfigError(`GRAPH_ENDPOINT must be an https:// URL (got ${value}).`);
  }
  return value.replace(/\/$/, '');
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
