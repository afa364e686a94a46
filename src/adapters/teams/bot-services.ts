import type { Logger } from '../../core/logger';
import type { NoticeKind } from '../../core/notices';
import type { ApprovalPolicy } from '../../core/policy';
import type { Approval, Clock, RequestStore } from '../../core/ports';
import type { RequestService } from '../../core/request-service';
import type { WorkspaceRequest } from '../../core/request';
import { formFromSpec, type FieldErrors, type RequestForm } from '../../core/validation';
import { approvalView, reminderView } from './approval-view';
import { asReference } from './conversations';
import type { AdaptiveCard, CardRenderer } from './card-renderer';
import { formView } from './form-view';
import { messageView, requestView, type RequestViewOptions } from './views';

/** What the Teams adapter's handlers share. */
export interface BotServices {
  requests: RequestService;
  store: RequestStore;
  policy: ApprovalPolicy;
  cards: CardRenderer;
  clock: Clock;
  log: Logger;
}

export interface CardExtras extends RequestViewOptions {
  /** What the viewer typed in the reason box, shown again when their action was refused. */
  reasonValue?: string;
}

/**
 * The user ids Teams refreshes the approval card for: the approvers who may decide now, by their
 * Teams id where we have seen it (from their personal chat), otherwise their Entra object id.
 */
export async function approverRefreshIds(services: BotServices, request: WorkspaceRequest): Promise<string[]> {
  const ids: string[] = [];
  for (const approver of await services.requests.deciderIds(request)) {
    const reference = asReference(await services.store.getConversation(`user:${approver}`));
    ids.push(reference?.user?.id ?? approver);
  }
  return [...new Set(ids)];
}

/** The request card as one viewer should see it: approvers who may decide get the actions. */
export async function requestCardFor(
  services: BotServices,
  request: WorkspaceRequest,
  viewerId: string,
  options: CardExtras = {},
): Promise<AdaptiveCard> {
  const now = services.clock.now();
  const steps = await services.store.getSteps(request.id);
  const canDecide = await services.requests.mayDecide(request, viewerId);
  const approval = approvalView(request, {
    policy: services.policy,
    approvals: await approvalsShown(services, request),
    viewerId,
    canDecide,
    reasonValue: options.reasonValue ?? '',
    now,
  });
  const canRecover = request.state === 'failed' && (await services.requests.approvers.isAnyApprover(viewerId).catch(() => false));
  const view = requestView(request, {
    steps,
    canDecide,
    canRecover,
    refreshUserIds: await approverRefreshIds(services, request),
    now,
    ...options,
  });
  return services.cards.render('request', { ...view, approval });
}

/** The approvers' shared card: read-only, with a refresh that gives each approver the actions. */
export async function sharedApprovalCard(services: BotServices, request: WorkspaceRequest, options: CardExtras = {}) {
  return requestCardFor(services, request, '', options);
}

/**
 * The form again, filled with what the request holds (or what was just typed), whose button
 * submits it once more for approval instead of making a new request.
 */
export async function resubmitFormCard(
  services: BotServices,
  request: WorkspaceRequest,
  form: RequestForm = formFromSpec(request.spec),
  errors: FieldErrors = {},
): Promise<AdaptiveCard> {
  const inventory = await services.requests.formOptions();
  const who = request.decidedBy?.name ?? 'An approver';
  const asked = request.decisionReason ? `${who} asked for changes: "${request.decisionReason}". ` : '';
  const intro = `${asked}Everything you entered for ${request.id} is kept: change what is needed and submit it again.`;
  const card = services.cards.render('request-form', formView(form, errors, inventory, intro));
  return asResubmitForm(card, request);
}

/** The card a notice sends: each kind shows the request from the side that needs to hear it. */
export async function noticeCard(services: BotServices, request: WorkspaceRequest, kind: NoticeKind): Promise<AdaptiveCard> {
  switch (kind) {
    case 'approval_request':
      return sharedApprovalCard(services, request);
    case 'changes_requested':
      return resubmitFormCard(services, request);
    case 'reminder':
      return services.cards.render('message', reminderView(request, services.policy, services.clock.now()));
    case 'expired':
      return requestCardFor(services, request, '', {
        notice: 'Nobody decided on this request in time, so it expired. Ask again with "request" if you still need the workspace.',
        noticeKind: 'warning',
      });
    case 'still_provisioning':
      return requestCardFor(services, request, '', {
        notice: 'Azure is taking longer than expected. The bot keeps checking and will tell you here when the workspace is ready; nothing needs to be done.',
        noticeKind: 'warning',
      });
    default:
      return requestCardFor(services, request, '');
  }
}

/** A short card for when something cannot be shown as a request. */
export function messageCard(services: BotServices, title: string, text: string, lines: string[] = []): AdaptiveCard {
  return services.cards.render('message', messageView(title, text, lines));
}

/** Approvals of the submission the card is about: the current one while pending, else the last one. */
async function approvalsShown(services: BotServices, request: WorkspaceRequest): Promise<Approval[]> {
  if (request.state === 'pending_approval') return services.requests.approvalsOf(request);
  const all = await services.store.listApprovals(request.id);
  const last = Math.max(0, ...all.map((a) => a.requestVersion));
  return all.filter((a) => a.requestVersion === last);
}

/** Turns the intake form's submit button into a resubmission of this request at its version. */
function asResubmitForm(card: AdaptiveCard, request: WorkspaceRequest): AdaptiveCard {
  const actions = (card.actions as Record<string, unknown>[] | undefined) ?? [];
  const submit = actions.find((a) => a.verb === 'submitRequest') ?? { type: 'Action.Execute', style: 'positive', associatedInputs: 'auto' };
  const data = { ...(submit.data as object | undefined), requestId: request.id, version: request.version };
  const resubmit = { ...submit, title: 'Submit again for approval', verb: 'resubmitRequest', data };
  return { ...card, actions: [resubmit, ...actions.filter((a) => a !== submit)] };
}
