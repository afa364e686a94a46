import type { Logger } from '../../core/logger';
import type { ApprovalPolicy } from '../../core/policy';
import type { Clock, RequestStore } from '../../core/ports';
import type { RequestService } from '../../core/request-service';
import type { WorkspaceRequest } from '../../core/request';
import { isApprover } from '../../core/policy';
import { asReference } from './conversations';
import type { CardRenderer } from './card-renderer';
import { requestView, type RequestViewOptions } from './views';

/** What the Teams adapter's handlers share. */
export interface BotServices {
  requests: RequestService;
  store: RequestStore;
  policy: ApprovalPolicy;
  cards: CardRenderer;
  clock: Clock;
  log: Logger;
}

/**
 * The user ids Teams refreshes the approval card for: approvers' Teams ids where we have seen
 * them (from their personal chat), otherwise their Entra object ids.
 */
export async function approverRefreshIds(services: BotServices): Promise<string[]> {
  const ids: string[] = [];
  for (const approver of services.policy.approvers) {
    const reference = asReference(await services.store.getConversation(`user:${approver}`));
    ids.push(reference?.user?.id ?? approver);
  }
  return ids;
}

/** The request card as one viewer should see it: approvers who may decide get the actions. */
export async function requestCardFor(
  services: BotServices,
  request: WorkspaceRequest,
  viewerId: string,
  options: RequestViewOptions = {},
) {
  const steps = await services.store.getSteps(request.id);
  const canDecide = isApprover(services.policy, viewerId) && viewerId !== request.requester.id;
  const view = requestView(request, {
    steps,
    canDecide,
    refreshUserIds: await approverRefreshIds(services),
    now: services.clock.now(),
    ...options,
  });
  return services.cards.render('request', view);
}

/** The approvers' shared card: read-only, with a refresh that gives each approver the actions. */
export async function sharedApprovalCard(services: BotServices, request: WorkspaceRequest) {
  return requestCardFor(services, request, '');
}
