import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { AzureError } from '../../core/azure';
import { roleAssignmentName, type RoleGrant } from '../../core/role-grants';
import { ASSIGNABLE_ROLE_IDS } from '../../core/roles';
import { clientOptions, gatewayId, roleDefinitionId, serviceId, withoutLeadingSlash, workspaceId } from './arm-target';
import type { ArmTarget } from './arm-target';
import { call, readIfExists, toAzureError } from './azure-errors';

/** Role assignments through `@azure/arm-authorization`, under names derived from what they grant. */
export class ArmRoleAssigner {
  private readonly client: AuthorizationManagementClient;

  constructor(private readonly target: ArmTarget) {
    const options = clientOptions(target, { retries: false });
    this.client = new AuthorizationManagementClient(target.credential, target.subscriptionId, options);
  }

  /**
   * PUTs the assignment; the same name again is idempotent in ARM. `RoleAssignmentExists` means
   * someone made the same assignment under another name, which is just as good.
   */
  async assign(grant: RoleGrant): Promise<void> {
    const { scope, name, roleDefinition } = this.resolve(grant);
    const { principalId, principalType } = grant;
    const parameters = { roleDefinitionId: roleDefinition, principalId, principalType };
    try {
      await this.client.roleAssignments.create(scope, name, parameters);
    } catch (error) {
      const azureError = toAzureError(error);
      if (azureError.code === 'RoleAssignmentExists') return;
      throw azureError;
    }
  }

  async exists(grant: RoleGrant): Promise<boolean> {
    const { scope, name } = this.resolve(grant);
    return (await readIfExists(() => call(() => this.client.roleAssignments.get(scope, name)))) !== undefined;
  }

  /** The scope, name and role definition; refuses any role outside the nine the bot may grant. */
  private resolve(grant: RoleGrant) {
    if (!ASSIGNABLE_ROLE_IDS.has(grant.roleDefinitionId.toLowerCase())) {
      const message = `Role ${grant.roleDefinitionId} is not one the bot may grant.`;
      throw new AzureError(message, 'RoleNotAllowed', undefined, false);
    }
    const scopeId =
      grant.scope.kind === 'service'
        ? serviceId(this.target)
        : grant.scope.kind === 'workspace'
          ? workspaceId(this.target, grant.scope.workspaceName)
          : gatewayId(this.target, grant.scope.gatewayName);
    const roleDefinition = roleDefinitionId(this.target, grant.roleDefinitionId);
    return {
      scope: withoutLeadingSlash(scopeId),
      name: roleAssignmentName(scopeId, roleDefinition, grant.principalId),
      roleDefinition,
    };
  }
}
