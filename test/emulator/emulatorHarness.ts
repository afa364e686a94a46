import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiManagementClient } from '@azure/arm-apimanagement';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { MonitorClient } from '@azure/arm-monitor';
import { NetworkManagementClient } from '@azure/arm-network';
import type { TokenCredential } from '@azure/core-auth';
import {
  createEmulatorCredential,
  startEmulator,
  type EmulatorClock,
  type EmulatorOptions,
  type RunningEmulator,
} from '../../src/emulator';

/** A clock tests move by hand, so hours of gateway provisioning pass in one call. */
export class ManualClock implements EmulatorClock {
  constructor(private current = Date.parse('2026-01-12T09:00:00Z')) {}

  now(): number {
    return this.current;
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text: string;
}

export interface RawOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Bearer token; `null` sends none. Default: a valid emulator token. */
  token?: string | null;
  /** Connection reuse; default: a fresh connection per request. */
  agent?: Agent;
}

export interface TestEmulator {
  emulator: RunningEmulator;
  clock: ManualClock;
  dataDir: string;
  credential: TokenCredential;
  apim: ApiManagementClient;
  authorization: AuthorizationManagementClient;
  monitor: MonitorClient;
  network: NetworkManagementClient;
  /** A request outside the SDK, for status codes and headers the SDK hides. */
  raw(method: string, path: string, options?: RawOptions): Promise<RawResponse>;
  stop(): Promise<void>;
}

export const HOUR = 60 * 60 * 1000;

/** Fast retries so fault tests do not sleep; the retry logic itself stays the SDK's. */
const RETRY = { maxRetries: 2, retryDelayInMs: 5, maxRetryDelayInMs: 20 };

export function sdkOptions(emulator: RunningEmulator) {
  return {
    endpoint: emulator.url,
    credentialScopes: [`${emulator.url}/.default`],
    tlsOptions: { ca: emulator.caCert },
    retryOptions: RETRY,
  };
}

export function createClients(emulator: RunningEmulator, credential: TokenCredential) {
  const { subscriptionId } = emulator.seed;
  const options = sdkOptions(emulator);
  return {
    apim: new ApiManagementClient(credential, subscriptionId, options),
    authorization: new AuthorizationManagementClient(credential, subscriptionId, options),
    monitor: new MonitorClient(credential, subscriptionId, {
      endpoint: emulator.url,
      credentials: { scopes: [`${emulator.url}/.default`] },
      tlsOptions: { ca: emulator.caCert },
      retryOptions: RETRY,
    }),
    network: new NetworkManagementClient(credential, subscriptionId, options),
  };
}

export async function startTestEmulator(
  options: Partial<EmulatorOptions> = {},
  dataDir = mkdtempSync(join(tmpdir(), 'arm-emulator-')),
): Promise<TestEmulator> {
  const clock = new ManualClock();
  const emulator = await startEmulator({
    dataDir,
    clock,
    retryAfterSeconds: 0,
    gatewayProvisioningMs: 3 * HOUR,
    configConnectionProvisioningMs: 60_000,
    ...options,
  });
  const credential = createEmulatorCredential();
  const token = (await credential.getToken(`${emulator.url}/.default`))?.token ?? '';
  const agent = new Agent({ keepAlive: true, ca: emulator.caCert });
  return {
    emulator,
    clock,
    dataDir,
    credential,
    ...createClients(emulator, credential),
    raw: (method, path, rawOptions = {}) =>
      rawRequest(emulator, method, path, { token, agent, ...rawOptions }),
    stop: async () => {
      agent.destroy();
      await emulator.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function rawRequest(
  emulator: RunningEmulator,
  method: string,
  path: string,
  options: RawOptions,
): Promise<RawResponse> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}),
    ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
    ...(options.headers ?? {}),
  };
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      `${emulator.url}${path}`,
      { method, headers, ca: emulator.caCert, agent: options.agent ?? false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: text === '' ? undefined : (JSON.parse(text) as unknown),
            text,
          });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** Collects an SDK paged iterator into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** Runs `action` and returns the RestError it throws (fails the test when nothing is thrown). */
export async function restError(action: () => Promise<unknown>) {
  try {
    await action();
  } catch (error) {
    return error as { statusCode?: number; code?: string; message: string };
  }
  throw new Error('Expected the call to fail');
}
