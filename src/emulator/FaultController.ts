/** A canned answer for the next `count` requests matching method and path. */
export interface ResponseFault {
  /** HTTP method to match; any method when omitted. */
  method?: string;
  /** Regular expression source, matched case-insensitively against the request path. */
  path: string;
  /** How many matching requests get this answer. Default 1. */
  count?: number;
  status: number;
  headers?: Record<string, string>;
  /** Default: an ARM error body `{"error":{"code":"InjectedFault",...}}` for status >= 400. */
  body?: unknown;
}

/** Makes the next (or the running) long-running operation on a matching resource end Failed. */
export interface OperationFailure {
  /** Regular expression source matched case-insensitively against the resource path. */
  path: string;
  /** PUT, PATCH or DELETE; any when omitted. */
  method?: string;
  code: string;
  message: string;
}

export interface FaultSnapshot {
  responses: ReadonlyArray<ResponseFault & { count: number }>;
  operationFailures: ReadonlyArray<OperationFailure>;
  throttling: boolean;
  latencyMs: number;
  notFoundOnFirstPoll: boolean;
}

export interface FaultController {
  /** The next `count` requests matching (method, path) answer with the given response. */
  injectResponse(fault: ResponseFault): void;
  /** A running LRO on a matching resource, or else the next one started, ends Failed. */
  failOperation(failure: OperationFailure): void;
  setThrottling(enabled: boolean): void;
  /** Added to every ARM request (not the control API). */
  setLatency(milliseconds: number): void;
  /** The first poll of the next new LRO answers 404, as when ARM has not replicated it yet. */
  notFoundOnFirstPoll(): void;
  /** Clears every fault; throttling returns to its start-up setting. */
  reset(): void;
  snapshot(): FaultSnapshot;
}

/** How the emulator consumes what tests arranged through the FaultController. */
export interface FaultSource {
  takeResponse(method: string, path: string): ResponseFault | undefined;
  takeOperationFailure(method: string, resourcePath: string): OperationFailure | undefined;
  takeNotFoundOnFirstPoll(): boolean;
  readonly throttling: boolean;
  readonly latencyMs: number;
}

/** Throws on an invalid pattern now rather than on the first request that would match. */
function assertPattern(source: string): void {
  new RegExp(source, 'i');
}

function matches(rule: { method?: string; path: string }, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  return new RegExp(rule.path, 'i').test(path);
}

/** In-memory faults; not persisted, so a restart clears them. */
export class InMemoryFaultController implements FaultController, FaultSource {
  private responses: Array<ResponseFault & { count: number }> = [];
  private operationFailures: OperationFailure[] = [];
  private notFoundPending = false;
  private throttlingEnabled: boolean;
  private latency = 0;
  /** Set by the emulator: applies a failure to a running operation, true when one matched. */
  applyToRunning: (failure: OperationFailure) => boolean = () => false;

  constructor(private readonly initialThrottling: boolean) {
    this.throttlingEnabled = initialThrottling;
  }

  get throttling(): boolean {
    return this.throttlingEnabled;
  }

  get latencyMs(): number {
    return this.latency;
  }

  injectResponse(fault: ResponseFault): void {
    assertPattern(fault.path);
    this.responses.push({ ...fault, count: fault.count ?? 1 });
  }

  failOperation(failure: OperationFailure): void {
    assertPattern(failure.path);
    if (!this.applyToRunning(failure)) this.operationFailures.push({ ...failure });
  }

  setThrottling(enabled: boolean): void {
    this.throttlingEnabled = enabled;
  }

  setLatency(milliseconds: number): void {
    this.latency = Math.max(0, milliseconds);
  }

  notFoundOnFirstPoll(): void {
    this.notFoundPending = true;
  }

  reset(): void {
    this.responses = [];
    this.operationFailures = [];
    this.notFoundPending = false;
    this.throttlingEnabled = this.initialThrottling;
    this.latency = 0;
  }

  snapshot(): FaultSnapshot {
    return {
      responses: this.responses.map((fault) => ({ ...fault })),
      operationFailures: this.operationFailures.map((failure) => ({ ...failure })),
      throttling: this.throttlingEnabled,
      latencyMs: this.latency,
      notFoundOnFirstPoll: this.notFoundPending,
    };
  }

  takeResponse(method: string, path: string): ResponseFault | undefined {
    const fault = this.responses.find((candidate) => matches(candidate, method, path));
    if (fault === undefined) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.responses = this.responses.filter((other) => other !== fault);
    return fault;
  }

  takeOperationFailure(method: string, resourcePath: string): OperationFailure | undefined {
    const index = this.operationFailures.findIndex((rule) => matches(rule, method, resourcePath));
    if (index < 0) return undefined;
    return this.operationFailures.splice(index, 1)[0];
  }

  takeNotFoundOnFirstPoll(): boolean {
    const pending = this.notFoundPending;
    this.notFoundPending = false;
    return pending;
  }
}
