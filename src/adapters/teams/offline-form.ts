import { randomUUID } from 'node:crypto';
import type { InventorySnapshot } from '../../core/inventory';
import type { RequestForm } from '../../core/validation';

/**
 * What the form can still offer when Azure cannot be asked: only the choices the person already
 * made, so that the card they get back keeps them. Subnets need Azure's facts to be offered, so a
 * chosen subnet is picked again once Azure answers.
 */
export function inventoryOfChoicesMade(form: RequestForm): InventorySnapshot {
  const gateway = form.existingGateway?.trim();
  const logAnalytics = form.logAnalyticsWorkspaceId?.trim();
  return {
    location: '',
    gateways: gateway ? [{ name: gateway, sku: '', units: 0, createdAt: '', workspaceCount: 0 }] : [],
    workspaceNames: [],
    subnets: [],
    units: { min: 1, max: 12 },
    logAnalyticsWorkspaces: logAnalytics ? [{ id: logAnalytics, name: logAnalytics.split('/').pop() ?? logAnalytics, location: '' }] : [],
    serviceLogDestination: '',
  };
}

export function azureUnreachableIntro(): { intro: string; reference: string } {
  const reference = randomUUID().slice(0, 8);
  const intro =
    'Azure could not be reached to check this request, so nothing was saved. Everything you typed ' +
    `is kept: press Submit again in a minute. If it keeps failing, give the operators this reference: ${reference}.`;
  return { intro, reference };
}
