import { EMULATOR_SEED } from '../src/emulator';

/**
 * What a requester types into the form card (cards/request-form.json, src/core/validation.ts):
 * a new public gateway, one member group and one gateway manager. When the form changes, this is
 * the one place the benchmarks and the soak need to follow.
 */
export function newGatewayForm(suffix: string): Record<string, string> {
  return {
    workspaceDisplayName: `Payments ${suffix}`,
    workspaceName: `payments-${suffix}`,
    workspaceDescription: 'APIs of the payments team',
    gatewayMode: 'new',
    gatewayName: `gw-payments-${suffix}`,
    gatewayUnits: '1',
    networkMode: 'public',
    logAnalyticsWorkspaceId: EMULATOR_SEED.logAnalyticsWorkspaceId,
    member1GroupIds: EMULATOR_SEED.principals.paymentsDevelopers,
    member1ServiceRole: 'service_api_developer',
    member1WorkspaceRole: 'workspace_contributor',
    manager1People: EMULATOR_SEED.principals.requester,
    manager1Role: 'reader',
  };
}

/** The same team on one of the seeded shared gateways: no gateway to create. */
export function sharedGatewayForm(suffix: string): Record<string, string> {
  return {
    workspaceDisplayName: `Reporting ${suffix}`,
    workspaceName: `reporting-${suffix}`,
    gatewayMode: 'existing',
    existingGateway: 'gw-shared-eastus',
    logAnalyticsWorkspaceId: EMULATOR_SEED.logAnalyticsWorkspaceId,
  };
}
