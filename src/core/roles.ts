/**
 * The nine Azure roles the bot may grant, and nothing else. Workspace members get one
 * service-scoped and one workspace-scoped role; gateway managers get one role on the gateway.
 * Ids are Azure's built-in role definition GUIDs.
 */
export const SERVICE_ROLES = {
  service_api_developer: { id: '9565a273-41b9-4368-97d2-aeb0c976a9b3', name: 'API Management Service Workspace API Developer' },
  service_api_product_manager: { id: 'd59a3e9c-6d52-4a5a-aeed-6bf3cf0e31da', name: 'API Management Service Workspace API Product Manager' },
} as const;

export const WORKSPACE_ROLES = {
  workspace_reader: { id: 'ef1c2c96-4a77-49e8-b9a4-6179fe1d2fd2', name: 'API Management Workspace Reader' },
  workspace_contributor: { id: '0c34c906-8d99-4cb7-8bb7-33f5b0a1a799', name: 'API Management Workspace Contributor' },
  workspace_api_developer: { id: '56328988-075d-4c6a-8766-d93edd6725b6', name: 'API Management Workspace API Developer' },
  workspace_api_product_manager: { id: '73c2c328-d004-4c5e-938c-35c6f5679a1f', name: 'API Management Workspace API Product Manager' },
} as const;

export const GATEWAY_ROLES = {
  reader: { id: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', name: 'Reader' },
  contributor: { id: 'b24988ac-6180-42a0-ab88-20f7382dd24c', name: 'Contributor' },
  owner: { id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', name: 'Owner' },
} as const;

export type ServiceRole = keyof typeof SERVICE_ROLES;
export type WorkspaceRole = keyof typeof WORKSPACE_ROLES;
export type GatewayRole = keyof typeof GATEWAY_ROLES;

/** Every role definition id the bot is allowed to assign. */
export const ASSIGNABLE_ROLE_IDS: ReadonlySet<string> = new Set(
  [SERVICE_ROLES, WORKSPACE_ROLES, GATEWAY_ROLES].flatMap((group) => Object.values(group).map((role) => role.id)),
);
