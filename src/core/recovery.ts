import { DomainError } from './errors';
import type { Clock, RequestStore } from './ports';
import type { ActionContext, DecisionResult, RequestService } from './request-service';

export type Recovery = 'retry' | 'abandon';

export interface RecoveryDeps {
  requests: RequestService;
  store: RequestStore;
  clock: Clock;
}

/**
 * An approver's answer to a failed provisioning: retry from the failed step, or abandon the
 * request. Nothing in Azure is deleted either way. A refused attempt changes nothing, is audited,
 * and returns the request as it stands.
 */
export async function recoverRequest(
  deps: RecoveryDeps,
  id: string,
  recovery: Recovery,
  context: ActionContext,
): Promise<DecisionResult> {
  const request = await deps.requests.get(id);
  try {
    if (!(await deps.requests.approvers.isAnyApprover(context.actor.id))) {
      const message = 'Only the configured platform approvers can retry or abandon provisioning.';
      throw new DomainError('not_an_approver', message);
    }
    if (request.state !== 'failed') {
      const state = request.state.replace('_', ' ');
      throw new DomainError('invalid_transition', `This request is ${state}, so there is nothing to ${recovery}.`);
    }
    return { request: await deps.requests.transition(request, recovery, context) };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const current = (await deps.store.getRequest(request.id)) ?? request;
    await deps.store.appendAudit({
      requestId: request.id,
      at: deps.clock.now().toISOString(),
      actor: context.actor,
      action: recovery,
      fromState: current.state,
      toState: null,
      conversationId: context.conversationId,
      reason: error.code,
      accepted: false,
    });
    return { request: current, refusal: error };
  }
}
