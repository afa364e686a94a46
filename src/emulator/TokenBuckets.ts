export type RequestKind = 'reads' | 'writes' | 'deletes';

interface BucketLimits {
  capacity: number;
  refillPerSecond: number;
}

/** ARM's per-principal buckets (arm-contract §6); the subscription-wide one is 15 times larger. */
const PRINCIPAL_LIMITS: Record<RequestKind, BucketLimits> = {
  reads: { capacity: 250, refillPerSecond: 25 },
  writes: { capacity: 200, refillPerSecond: 10 },
  deletes: { capacity: 200, refillPerSecond: 10 },
};
const GLOBAL_FACTOR = 15;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export type TakeResult =
  | { allowed: true; remaining: number; globalRemaining: number }
  | { allowed: false; retryAfterSeconds: number };

export function requestKindOf(method: string): RequestKind {
  if (method === 'DELETE') return 'deletes';
  if (method === 'GET' || method === 'HEAD') return 'reads';
  return 'writes';
}

/**
 * Token buckets refilled by wall time, not the emulator clock: throttling is about request
 * rate, and a frozen test clock must not starve the buckets.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly wallTime: () => number = () => performance.now()) {}

  take(subscriptionId: string, principalId: string, kind: RequestKind): TakeResult {
    const limits = PRINCIPAL_LIMITS[kind];
    const globalLimits = {
      capacity: limits.capacity * GLOBAL_FACTOR,
      refillPerSecond: limits.refillPerSecond * GLOBAL_FACTOR,
    };
    const own = this.refilled(`${subscriptionId}|${principalId}|${kind}`, limits);
    const global = this.refilled(`${subscriptionId}|*|${kind}`, globalLimits);
    if (own.tokens < 1 || global.tokens < 1) {
      const wait = own.tokens < 1 ? waitSeconds(own, limits) : waitSeconds(global, globalLimits);
      return { allowed: false, retryAfterSeconds: wait };
    }
    own.tokens -= 1;
    global.tokens -= 1;
    return {
      allowed: true,
      remaining: Math.floor(own.tokens),
      globalRemaining: Math.floor(global.tokens),
    };
  }

  private refilled(key: string, limits: BucketLimits): Bucket {
    const now = this.wallTime();
    const bucket = this.buckets.get(key) ?? { tokens: limits.capacity, updatedAt: now };
    const elapsedSeconds = (now - bucket.updatedAt) / 1000;
    const refilled = bucket.tokens + elapsedSeconds * limits.refillPerSecond;
    bucket.tokens = Math.min(limits.capacity, refilled);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    return bucket;
  }
}

function waitSeconds(bucket: Bucket, limits: BucketLimits): number {
  return Math.max(1, Math.ceil((1 - bucket.tokens) / limits.refillPerSecond));
}
