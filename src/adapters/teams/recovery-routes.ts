import type { TurnContext } from 'botbuilder';
import { recoverRequest, type Recovery } from '../../core/recovery';
import { requestCardFor, type BotServices } from './bot-services';
import type { ActionData, CardActionHandler } from './card-actions';
import type { AdaptiveCard } from './card-renderer';
import { personOf } from './conversations';
import { actionContext, requireRequestId } from './decision-routes';

/** Verbs of the failure card: approvers retry from the failed step or abandon the request. */
export function recoveryRoutes(services: BotServices): Record<string, CardActionHandler> {
  return {
    retryProvisioning: (context, data) => recover(services, context, data, 'retry'),
    abandonRequest: (context, data) => recover(services, context, data, 'abandon'),
  };
}

const DONE: Record<Recovery, string> = {
  retry: 'Provisioning starts again from the step that failed. This card updates as it goes.',
  abandon: 'You abandoned this request. Nothing in Azure was deleted: the steps marked done above exist there.',
};

async function recover(
  services: BotServices,
  context: TurnContext,
  data: ActionData,
  recovery: Recovery,
): Promise<AdaptiveCard> {
  const deps = { requests: services.requests, store: services.store, clock: services.clock };
  const result = await recoverRequest(deps, requireRequestId(data), recovery, actionContext(context));
  return requestCardFor(services, result.request, personOf(context).id, {
    notice: result.refusal?.message ?? DONE[recovery],
    noticeKind: result.refusal ? 'error' : 'info',
  });
}
