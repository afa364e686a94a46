import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_VERSIONS } from './apiVersions';
import { ArmError } from './ArmError';
import type { ArmRequest, ArmResponse } from './armHttp';
import { headerValue } from './armHttp';
import { verifyEmulatorToken } from './emulatorCredential';
import type { InMemoryFaultController } from './FaultController';
import type { LiveCore } from './LiveCore';
import { settleOperations } from './operations';
import type { RouteMatch } from './Router';
import { matchRoute, pathKnown } from './Router';
import { ROUTES } from './routes';
import { requestKindOf, TokenBuckets } from './TokenBuckets';

/** Bodies larger than this are refused; ARM's own limit is 4 MB. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Oldest entries are dropped beyond this, so the state file stays small in long demos. */
const MAX_LOG_ENTRIES = 20_000;

export interface IncomingArmCall {
  method: string;
  path: string;
  query: URLSearchParams;
  rawBody: Buffer;
}

export interface HandlerDependencies {
  core: LiveCore;
  faults: InMemoryFaultController;
  /** Persists the state: at once when resources changed, soon when only the log grew. */
  persist(resourcesChanged: boolean): void;
}

/** Splits a request target without URL(): `//subscriptions/...` would parse as a host. */
export function splitTarget(target: string): { path: string; query: URLSearchParams } {
  const queryStart = target.indexOf('?');
  const rawPath = queryStart < 0 ? target : target.slice(0, queryStart);
  const query = new URLSearchParams(queryStart < 0 ? '' : target.slice(queryStart + 1));
  return { path: `/${rawPath.replace(/^\/+/, '')}`, query };
}

export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** Runs one ARM call through authentication, faults, throttling, versioning and its route. */
export class ArmRequestHandler {
  private readonly buckets = new TokenBuckets();

  constructor(private readonly dependencies: HandlerDependencies) {}

  async handle(request: IncomingMessage, response: ServerResponse, call: IncomingArmCall) {
    const { core, faults } = this.dependencies;
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    settleOperations(core);
    const match = matchRoute(ROUTES, call.method, call.path);
    const outcome = this.respond(request, call, match);
    this.record(call, match, outcome.status);
    this.dependencies.persist(core.takeChanged());
    send(response, call.method, outcome);
  }

  private respond(request: IncomingMessage, call: IncomingArmCall, match?: RouteMatch): ArmResponse {
    const principal = authenticate(headerValue(request.headers, 'authorization'));
    if (principal instanceof ArmError) return errorResponse(principal);
    const injected = this.dependencies.faults.takeResponse(call.method, call.path);
    if (injected !== undefined) return injectedResponse(injected);
    const quota = this.takeQuota(principal, call.method);
    if (quota instanceof ArmError) return errorResponse(quota);
    try {
      const routed = this.route(request, call, principal, match);
      return { ...routed, headers: { ...quota, ...(routed.headers ?? {}) } };
    } catch (error) {
      if (error instanceof ArmError) return errorResponse(error, quota);
      return errorResponse(new ArmError(500, 'InternalServerError', `Emulator error: ${String(error)}`));
    }
  }

  private route(request: IncomingMessage, call: IncomingArmCall, principalId: string, match?: RouteMatch) {
    if (match === undefined) {
      if (pathKnown(ROUTES, call.path)) {
        throw new ArmError(405, 'MethodNotAllowed', `The method '${call.method}' is not allowed on '${call.path}'.`);
      }
      throw new ArmError(404, 'NotFound', `The ARM emulator serves no resource at '${call.path}'.`);
    }
    const apiVersion = checkApiVersion(call.query, API_VERSIONS[match.route.family]);
    const armRequest: ArmRequest = {
      method: call.method,
      path: call.path,
      query: call.query,
      headers: request.headers,
      body: parseJson(call.rawBody),
      principalId,
      apiVersion,
    };
    return match.route.handle({ request: armRequest, params: match.params, core: this.dependencies.core });
  }

  /** Throttling headers on success; an ArmError (429) when the bucket is empty. */
  private takeQuota(principalId: string, method: string): Record<string, string> | ArmError {
    if (!this.dependencies.faults.throttling) return {};
    const kind = requestKindOf(method);
    const result = this.buckets.take(this.dependencies.core.seed.subscriptionId, principalId, kind);
    if (!result.allowed) {
      return new ArmError(
        429,
        'TooManyRequests',
        `The request is being throttled: too many ${kind} for this principal. Retry after ${result.retryAfterSeconds} seconds.`,
        { 'Retry-After': String(result.retryAfterSeconds) },
      );
    }
    return {
      [`x-ms-ratelimit-remaining-subscription-${kind}`]: String(result.remaining),
      [`x-ms-ratelimit-remaining-subscription-global-${kind}`]: String(result.globalRemaining),
    };
  }

  private record(call: IncomingArmCall, match: RouteMatch | undefined, status: number): void {
    const { state } = this.dependencies.core;
    state.requestLog.push({
      method: call.method,
      path: call.path,
      apiVersion: call.query.get('api-version'),
      status,
      at: this.dependencies.core.nowIso(),
      operation: match?.route.operation ?? 'unknown',
    });
    if (state.requestLog.length > MAX_LOG_ENTRIES) state.requestLog.splice(0, state.requestLog.length - MAX_LOG_ENTRIES);
  }
}

function authenticate(authorization: string | undefined): string | ArmError {
  if (authorization === undefined || !/^Bearer\s+\S+/i.test(authorization)) {
    return new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing or is not a Bearer token.", {
      'WWW-Authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."',
    });
  }
  const claims = verifyEmulatorToken(authorization.replace(/^Bearer\s+/i, '').trim());
  if (typeof claims === 'string') {
    return new ArmError(401, 'AuthenticationFailed', `Authentication failed. ${claims}`, {
      'WWW-Authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
    });
  }
  return claims.oid.toLowerCase();
}

function checkApiVersion(query: URLSearchParams, supported: readonly string[]): string {
  const version = query.get('api-version');
  if (version === null || version === '') {
    throw new ArmError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
  }
  if (!supported.includes(version)) {
    throw new ArmError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${version}' is invalid. The supported versions are '${supported.join(',')}'.`,
    );
  }
  return version;
}

function parseJson(raw: Buffer): unknown {
  if (raw.length > MAX_BODY_BYTES) throw new ArmError(413, 'RequestEntityTooLarge', 'The request body is too large.');
  const text = raw.toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ArmError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.');
  }
}

function errorResponse(error: ArmError, extraHeaders: Record<string, string> = {}): ArmResponse {
  return { status: error.status, headers: { ...extraHeaders, ...error.headers }, body: error.toBody() };
}

function injectedResponse(fault: { status: number; headers?: Record<string, string>; body?: unknown }) {
  const body = fault.body !== undefined || fault.status < 400
    ? fault.body
    : { error: { code: 'InjectedFault', message: `Fault injected by the emulator (HTTP ${fault.status}).` } };
  return { status: fault.status, headers: fault.headers ?? {}, body } satisfies ArmResponse;
}

/** Writes the response: JSON with ARM's tracing headers; no body for HEAD and 204. */
export function send(response: ServerResponse, method: string, outcome: ArmResponse): void {
  const requestId = randomUUID();
  const headers: Record<string, string> = {
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': requestId,
    'Cache-Control': 'no-cache',
    ...(outcome.headers ?? {}),
  };
  const withBody = outcome.body !== undefined && method !== 'HEAD' && outcome.status !== 204;
  const payload = withBody ? JSON.stringify(outcome.body) : '';
  if (withBody) headers['Content-Type'] = 'application/json; charset=utf-8';
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  response.writeHead(outcome.status, headers);
  response.end(method === 'HEAD' ? undefined : payload);
}
