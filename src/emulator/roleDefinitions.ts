import { EMULATOR_SEED } from './seed';

export interface RoleDefinitionInfo {
  guid: string;
  roleName: string;
  description: string;
}

const ids = EMULATOR_SEED.roleDefinitions;

/** The nine built-in roles of arm-contract §3.1: the only ones the emulator knows. */
export const ROLE_DEFINITIONS: readonly RoleDefinitionInfo[] = [
  {
    guid: ids.serviceWorkspaceApiDeveloper,
    roleName: 'API Management Service Workspace API Developer',
    description: 'Has read access to tags and products and write access to allow: assigning APIs to products, assigning tags to products and APIs. This role should be assigned on the service scope.',
  },
  {
    guid: ids.serviceWorkspaceApiProductManager,
    roleName: 'API Management Service Workspace API Product Manager',
    description: 'Has the same access as API Management Service Workspace API Developer as well as read access to users and write access to allow assigning users to groups. This role should be assigned on the service scope.',
  },
  {
    guid: ids.workspaceReader,
    roleName: 'API Management Workspace Reader',
    description: 'Has read-only access to entities in the workspace. This role should be assigned on the workspace scope.',
  },
  {
    guid: ids.workspaceContributor,
    roleName: 'API Management Workspace Contributor',
    description: 'Can manage the workspace and view, but not modify its members. This role should be assigned on the workspace scope.',
  },
  {
    guid: ids.workspaceApiDeveloper,
    roleName: 'API Management Workspace API Developer',
    description: 'Has read access to entities in the workspace and read and write access to entities for editing APIs. This role should be assigned on the workspace scope.',
  },
  {
    guid: ids.workspaceApiProductManager,
    roleName: 'API Management Workspace API Product Manager',
    description: 'Has read access to entities in the workspace and read and write access to entities for publishing APIs. This role should be assigned on the workspace scope.',
  },
  {
    guid: ids.owner,
    roleName: 'Owner',
    description: 'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.',
  },
  {
    guid: ids.contributor,
    roleName: 'Contributor',
    description: 'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC.',
  },
  {
    guid: ids.reader,
    roleName: 'Reader',
    description: 'View all resources, but does not allow you to make any changes.',
  },
];

export function findRoleDefinition(guid: string): RoleDefinitionInfo | undefined {
  return ROLE_DEFINITIONS.find((role) => role.guid === guid.toLowerCase());
}
