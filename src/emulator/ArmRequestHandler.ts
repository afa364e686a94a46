import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_VERSIONS } from './apiVersions';
import { ArmError } from './ArmError';
import type { ArmRequest, ArmResponse } from './armHttp';
import { errorResponse, headerValue, send } from './armHttp';
import { authenticate } from './authenticate';
import type { InMemoryFaultController, ResponseFault } from './FaultController';
import type { LiveCore } from './LiveCore';
import { settleOperations } from './operations';
import type { RouteMatch } from './Router';
import { matchRoute, pathKnown } from './Router';
import { ROUTES } from './routes';
import { requestKindOf, TokenBuckets } from './TokenBuckets';

/** Bodies larger than this are refused; ARM's own limit is 4 MB. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Oldest entries are dropped beyond this: the whole log is rewritten with every state write. */
const MAX_LOG_ENTRIES = 5_000;

export interface IncomingArmCall {
  method: string;
  path: string;
  query: URLSearchParams;
  rawBody: Buffer;
}

export interface HandlerDependencies {
  core: LiveCore;
  faults: InMemoryFaultController;
  /** Persists the state: before answering when resources changed, soon when only the log grew. */
  persist(resourcesChanged: boolean): Promise<void>;
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
    await this.dependencies.persist(core.takeChanged());
    send(response, call.method, outcome);
  }

  private respond(request: IncomingMessage, call: IncomingArmCall, match?: RouteMatch) {
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
      const message = `Emulator error: ${String(error)}`;
      return errorResponse(new ArmError(500, 'InternalServerError', message));
    }
  }

  private route(
    request: IncomingMessage,
    call: IncomingArmCall,
    principalId: string,
    match?: RouteMatch,
  ): ArmResponse {
    if (match === undefined) throw noRoute(call);
    const armRequest: ArmRequest = {
      method: call.method,
      path: call.path,
      query: call.query,
      headers: request.headers,
      body: parseJson(call.rawBody),
      principalId,
      apiVersion: checkApiVersion(call.query, API_VERSIONS[match.route.family]),
    };
    const { core } = this.dependencies;
    return match.route.handle({ request: armRequest, params: match.params, core });
  }

  /** Throttling headers on success; an ArmError (429) when the bucket is empty. */
  private takeQuota(principalId: string, method: string): Record<string, string> | ArmError {
    if (!this.dependencies.faults.throttling) return {};
    const kind = requestKindOf(method);
    const result = this.buckets.take(this.dependencies.core.seed.subscriptionId, principalId, kind);
    if (!result.allowed) {
      const wait = String(result.retryAfterSeconds);
      const message = `Too many ${kind} for this principal; retry after ${wait} seconds.`;
      return new ArmError(429, 'TooManyRequests', message, { 'Retry-After': wait });
    }
    return {
      [`x-ms-ratelimit-remaining-subscription-${kind}`]: String(result.remaining),
      [`x-ms-ratelimit-remaining-subscription-global-${kind}`]: String(result.globalRemaining),
    };
  }

  private record(call: IncomingArmCall, match: RouteMatch | undefined, status: number): void {
    const { core } = this.dependencies;
    const log = core.state.requestLog;
    log.push({
      method: call.method,
      path: call.path,
      apiVersion: call.query.get('api-version'),
      status,
      at: core.nowIso(),
      operation: match?.route.operation ?? 'unknown',
    });
    if (log.length > MAX_LOG_ENTRIES) log.splice(0, log.length - MAX_LOG_ENTRIES);
  }
}

function noRoute(call: IncomingArmCall): ArmError {
  if (pathKnown(ROUTES, call.path)) {
    const message = `The method '${call.method}' is not allowed on '${call.path}'.`;
    return new ArmError(405, 'MethodNotAllowed', message);
  }
  return new ArmError(404, 'NotFound', `The ARM emulator serves no resource at '${call.path}'.`);
}

function checkApiVersion(query: URLSearchParams, supported: readonly string[]): string {
  const version = query.get('api-version');
  if (version === null || version === '') {
    throw new ArmError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
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
  if (raw.length > MAX_BODY_BYTES) {
    throw new ArmError(413, 'RequestEntityTooLarge', 'The request body is too large.');
  }
  const text = raw.toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const message = 'The request content was invalid and could not be deserialized.';
    throw new ArmError(400, 'InvalidRequestContent', message);
  }
}

function injectedResponse(fault: ResponseFault): ArmResponse {
  const defaultBody = {
    error: { code: 'InjectedFault', message: `Fault injected by the emulator (HTTP ${fault.status}).` },
  };
  const body = fault.body !== undefined || fault.status < 400 ? fault.body : defaultBody;
  return { status: fault.status, headers: fault.headers ?? {}, body };
}
