import { requestKindOf, TokenBuckets } from '../../src/emulator/TokenBuckets';

describe('ARM token buckets', () => {
  let wallTime = 0;
  const buckets = () => new TokenBuckets(() => wallTime);

  beforeEach(() => {
    wallTime = 0;
  });

  it('allows 250 reads, then asks to retry after a second, and refills 25 per second', () => {
    const reads = buckets();
    const results = Array.from({ length: 251 }, () => reads.take('sub', 'ada', 'reads'));
    expect(results.filter((result) => result.allowed)).toHaveLength(250);
    expect(results[250]).toEqual({ allowed: false, retryAfterSeconds: 1 });
    wallTime += 1000;
    const refilled = Array.from({ length: 26 }, () => reads.take('sub', 'ada', 'reads'));
    expect(refilled.filter((result) => result.allowed)).toHaveLength(25);
  });

  it('keeps separate buckets per principal and per kind, 200 writes at 10 per second', () => {
    const all = buckets();
    for (let index = 0; index < 200; index += 1) all.take('sub', 'ada', 'writes');
    expect(all.take('sub', 'ada', 'writes').allowed).toBe(false);
    expect(all.take('sub', 'ada', 'deletes')).toMatchObject({ allowed: true, remaining: 199 });
    expect(all.take('sub', 'bo', 'writes')).toMatchObject({ allowed: true, remaining: 199 });
    wallTime += 100;
    expect(all.take('sub', 'ada', 'writes').allowed).toBe(true);
  });

  it('limits the whole subscription at 15 times the per-principal bucket', () => {
    const all = buckets();
    for (let principal = 0; principal < 15; principal += 1) {
      for (let index = 0; index < 200; index += 1) all.take('sub', `p${principal}`, 'deletes');
    }
    expect(all.take('sub', 'fresh', 'deletes').allowed).toBe(false);
    expect(all.take('other-sub', 'fresh', 'deletes').allowed).toBe(true);
  });

  it('classifies methods as ARM does', () => {
    expect(['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'].map(requestKindOf)).toEqual([
      'reads', 'reads', 'writes', 'writes', 'writes', 'deletes',
    ]);
  });
});
