/**
 * One value read from Azure, kept for a short time: concurrent callers share one read, and a
 * failed read is not kept, so the next caller tries again.
 */
export class ShortCache<T> {
  private entry?: { value: Promise<T>; expiresAt: number };

  constructor(private readonly ttlMs: number) {}

  get(read: () => Promise<T>): Promise<T> {
    const now = Date.now();
    if (this.entry && this.entry.expiresAt > now) return this.entry.value;

    const value = read();
    const entry = { value, expiresAt: now + this.ttlMs };
    this.entry = entry;
    value.catch(() => {
      if (this.entry === entry) this.entry = undefined;
    });
    return value;
  }
}
