import type { GroupDirectory } from './group-directory';
import type { ApprovalPolicy } from './policy';

export interface ApproverScope {
  /** Count the fallback approvers too (the request has waited past the reminder). */
  fallback: boolean;
}

/** The most user ids Teams accepts in an Adaptive Card's `refresh.userIds`. */
export const MAX_REFRESH_USERS = 60;

/**
 * Who the approvers are: the policy's user ids, plus the members of its groups when a group
 * directory is configured. Decided on the server only; nothing a card sends is trusted here.
 */
export class ApproverDirectory {
  constructor(
    readonly policy: ApprovalPolicy,
    private readonly groups: GroupDirectory,
  ) {}

  /** Whether the person is an approver. Throws `DirectoryUnavailableError` if groups cannot be read. */
  async isApprover(personId: string, scope: ApproverScope = { fallback: false }): Promise<boolean> {
    if (!personId) return false;
    const { users, groups } = this.named(scope);
    if (users.includes(personId)) return true;
    if (groups.length === 0 || !this.groups.enabled) return false;

    const memberOf = await this.groups.groupsOf(personId);
    return groups.some((group) => memberOf.includes(group));
  }

  /** Whether the person is a regular or a fallback approver, for lists and the audit trail. */
  async isAnyApprover(personId: string): Promise<boolean> {
    return this.isApprover(personId, { fallback: true });
  }

  /** Approvers' user ids, groups expanded, for card refreshes and reminders; at most `limit`. */
  async userIds(scope: ApproverScope, limit = MAX_REFRESH_USERS): Promise<string[]> {
    const { users, groups } = this.named(scope);
    const ids = new Set(users);
    if (this.groups.enabled) {
      for (const group of groups) {
        if (ids.size >= limit) break;
        for (const id of await this.groups.usersIn(group).catch(() => [])) ids.add(id);
      }
    }
    return [...ids].slice(0, limit);
  }

  /** Only the fallback approvers' user ids, groups expanded: who hears when nobody acted. */
  async fallbackUserIds(limit = MAX_REFRESH_USERS): Promise<string[]> {
    const regular = new Set(await this.userIds({ fallback: false }, Number.MAX_SAFE_INTEGER));
    const all = await this.userIds({ fallback: true }, Number.MAX_SAFE_INTEGER);
    return all.filter((id) => !regular.has(id)).slice(0, limit);
  }

  private named(scope: ApproverScope): { users: string[]; groups: string[] } {
    const policy = this.policy;
    const users = [...policy.approvers, ...(scope.fallback ? (policy.fallbackApprovers ?? []) : [])];
    const groups = [...(policy.approverGroups ?? []), ...(scope.fallback ? (policy.fallbackApproverGroups ?? []) : [])];
    return { users, groups };
  }
}
