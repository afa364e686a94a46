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
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().default(''),
  APPROVERS: list.pipe(z.array(z.string().regex(GUID, 'each approver must be an Entra object id (a GUID)'))),
  AZURE_SUBSCRIPTION_ID: z.string().default(''),
  AZURE_RESOURCE_GROUP: z.string().default(''),
  APIM_SERVICE_NAME: z.string().default(''),
  ARM_ENDPOINT: z.string().url().default('https://management.azure.com'),
  ARM_EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(3979),
  EMULATOR_GATEWAY_SECONDS: z.coerce.number().min(0).default(20),
  POLL_INTERVAL_SECONDS: z.coerce.number().min(0).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type RawConfig = z.infer<typeof schema>;

export interface Config {
  port: number;
  host: string;
  allowUnauthenticatedRemote: boolean;
  bot: { appId: string; appPassword: string; tenantId: string; appType: RawConfig['MicrosoftAppType'] };
  dataDir: string;
  databaseUrl?: string;
  approvers: string[];
  /** Real Azure when a subscription is configured; otherwise the embedded emulator. */
  azure:
    | { mode: 'azure'; subscriptionId: string; resourceGroup: string; serviceName: string; endpoint: string }
    | { mode: 'emulator'; port: number; gatewaySeconds: number };
  pollIntervalMs: number;
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
    bot: { appId: raw.MicrosoftAppId, appPassword: raw.MicrosoftAppPassword, tenantId: raw.MicrosoftAppTenantId, appType: raw.MicrosoftAppType },
    dataDir: path.resolve(raw.DATA_DIR),
    databaseUrl: raw.DATABASE_URL || undefined,
    approvers: raw.APPROVERS,
    azure,
    // Hours-long gateway creation in Azure is polled gently; the emulator finishes in seconds.
    pollIntervalMs: (raw.POLL_INTERVAL_SECONDS ?? (azure.mode === 'azure' ? 60 : 2)) * 1000,
    logLevel: raw.LOG_LEVEL,
  };
}

function azureSettings(raw: RawConfig): Config['azure'] {
  if (!raw.AZURE_SUBSCRIPTION_ID) {
    return { mode: 'emulator', port: raw.ARM_EMULATOR_PORT, gatewaySeconds: raw.EMULATOR_GATEWAY_SECONDS };
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

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
