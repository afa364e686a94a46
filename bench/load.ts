import { performance } from 'node:perf_hooks';

export interface LoadOptions {
  requests: number;
  concurrency: number;
}

export interface LoadResult {
  requests: number;
  failures: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  latenciesMs: number[];
}

/**
 * Sends `requests` requests with at most `concurrency` in flight and measures each one.
 * `send` resolves true when the answer was the expected one; anything else counts as a failure.
 */
export async function runLoad(send: (index: number) => Promise<boolean>, options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;

  const worker = async () => {
    while (next < options.requests) {
      const index = next;
      next += 1;
      const started = performance.now();
      const ok = await send(index).catch(() => false);
      latencies.push(performance.now() - started);
      if (!ok) failures += 1;
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    requests: options.requests,
    failures,
    seconds,
    perSecond: options.requests / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    latenciesMs: latencies,
  };
}

/** Several runs of one workload taken together, as if they were one run. */
export function combine(results: LoadResult[]): LoadResult {
  const latencies = results.flatMap((r) => r.latenciesMs);
  const requests = results.reduce((sum, r) => sum + r.requests, 0);
  const seconds = results.reduce((sum, r) => sum + r.seconds, 0);
  return {
    requests,
    failures: results.reduce((sum, r) => sum + r.failures, 0),
    seconds,
    perSecond: requests / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    latenciesMs: latencies,
  };
}

/** The nearest-rank percentile of `values` (0 < p <= 1). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

export function median(values: number[]): number {
  return percentile(values, 0.5);
}
