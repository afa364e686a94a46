import type { Clock } from './ports';

/**
 * Entra group membership, for approvers named by group. Microsoft Graph answers it in
 * production; without Graph the bot works with approvers' user ids alone.
 */
export interface GroupDirectory {
  /** Whether group ids can be resolved at all; false means group approvers count for nothing. */
  readonly enabled: boolean;
  /** Ids of every group the user belongs to, directly or through nested groups. */
  groupsOf(userId: string): Promise<string[]>;
  /** Object ids of every user in the group, directly or through nested groups. */
  usersIn(groupId: string): Promise<string[]>;
}

/** No directory: nobody is a member of anything. */
export const NO_GROUP_DIRECTORY: GroupDirectory = {
  enabled: false,
  groupsOf: async () => [],
  usersIn: async () => [],
};

/** Thrown when the directory could not be asked; a decision then fails closed. */
export class DirectoryUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DirectoryUnavailableError';
  }
}

interface Entry {
  value: Promise<string[]>;
  expiresAt: number;
}

/**
 * Keeps answers for a short time: each card action asks about one person, and Graph throttles.
 * Concurrent questions about the same id share one call; failures are not kept.
 */
export class CachedGroupDirectory implements GroupDirectory {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly inner: GroupDirectory,
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  get enabled(): boolean {
    return this.inner.enabled;
  }

  groupsOf(userId: string): Promise<string[]> {
    return this.cached(`user:${userId}`, () => this.inner.groupsOf(userId));
  }

  usersIn(groupId: string): Promise<string[]> {
    return this.cached(`group:${groupId}`, () => this.inner.usersIn(groupId));
  }

  private cached(key: string, load: () => Promise<string[]>): Promise<string[]> {
    const now = this.clock.now().getTime();
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now) return entry.value;

    const value = load();
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }
}
