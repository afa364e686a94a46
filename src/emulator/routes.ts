import { CONFIG_CONNECTION_ROUTES } from './configConnectionRoutes';
import { DIAGNOSTIC_SETTING_ROUTES } from './diagnosticSettingRoutes';
import { GATEWAY_ROUTES } from './gatewayRoutes';
import { NETWORK_ROUTES } from './networkRoutes';
import { OPERATION_RESULT_ROUTES } from './operationResultRoutes';
import { PLATFORM_ROUTES } from './platformRoutes';
import { ROLE_ASSIGNMENT_ROUTES } from './roleAssignmentRoutes';
import { ROLE_DEFINITION_ROUTES } from './roleDefinitionRoutes';
import type { Route } from './Router';
import { WORKSPACE_LINK_ROUTES } from './workspaceLinkRoutes';
import { WORKSPACE_ROUTES } from './workspaceRoutes';

/** Extension resources first: their scope can be any resource id, including the ones below. */
export const ROUTES: readonly Route[] = [
  ...ROLE_ASSIGNMENT_ROUTES,
  ...ROLE_DEFINITION_ROUTES,
  ...DIAGNOSTIC_SETTING_ROUTES,
  ...OPERATION_RESULT_ROUTES,
  ...CONFIG_CONNECTION_ROUTES,
  ...GATEWAY_ROUTES,
  ...WORKSPACE_ROUTES,
  ...WORKSPACE_LINK_ROUTES,
  ...NETWORK_ROUTES,
  ...PLATFORM_ROUTES,
];
