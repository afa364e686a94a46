import { ApproverDirectory } from './approver-directory';
import { DomainError } from './errors';
import { DirectoryUnavailableError, NO_GROUP_DIRECTORY } from './group-directory';
import { takeSnapshot, type AzureInventory, type InventorySnapshot } from './inventory';
import type { Logger } from './logger';
import { newRequestId } from './naming';
import { deliveryJob, noticeJobs, refreshJob } from './notices';
import { approvalDeadlines, fallbackMayDecide, isEmptyPolicy, requiredApprovals, type ApprovalPolicy } from './policy';
import type { Approval, AuditEvent, Clock, NewJob, RequestStore } from './ports';
import * as refusals from './refusals';
import type { Person, RequestState, WorkspaceRequest } from './request';
import { nextState, type RequestEvent } from './transitions';
import { validateRequestForm, type FieldErrors, type RequestForm } from './validation';

export type SubmitResult =
  | { ok: true; request: WorkspaceRequest }
  | { ok: false; errors: FieldErrors; inventory: InventorySnapshot };

/** Requests whose names are claimed: waiting, or on their way into Azure. */
const OPEN_STATES: RequestState[] = ['draft', 'pending_approval', 'approved', 'provisioning', 'still_provisioning', 'failed'];

export type TransitionListener = (before: WorkspaceRequest, after: WorkspaceRequest, event: RequestEvent) => void;

export type Decision = 'approve' | 'reject' | 'request_changes';

export interface DecisionInput {
  /** Why a request is rejected, or what should change; required for both. */
  reason?: string;
  /** The request version the card showed; a decision made on an older one is refused. */
  seenVersion?: number;
}

/** The outcome of an action: the request as it now stands, and why nothing changed if so. */
export interface DecisionResult {
  request: WorkspaceRequest;
  refusal?: DomainError;
}

export type ResubmitResult =
  | { ok: true; request: WorkspaceRequest }
  | { ok: false; request: WorkspaceRequest; errors?: FieldErrors; inventory?: InventorySnapshot; refusal?: DomainError };

export interface ActionContext {
  actor: Person;
  conversationId?: string;
}

/** Intake and approval: every change to a request goes through `transition`. */
export class RequestService {
  constructor(
    private readonly store: RequestStore,
    private readonly inventory: AzureInventory,
    private readonly policy: ApprovalPolicy,
    private readonly clock: Clock,
    private readonly log: Logger,
    readonly approvers = new ApproverDirectory(policy, NO_GROUP_DIRECTORY),
  ) {}

  private readonly transitionListeners: TransitionListener[] = [];

  /** Observers of saved transitions (metrics); they must not throw or block. */
  onTransition(listener: TransitionListener): void {
    this.transitionListeners.push(listener);
  }

  /** The live choices a request form offers. */
  async formOptions(): Promise<InventorySnapshot> {
    return takeSnapshot(this.inventory);
  }

  /**
   * Validates and stores a request. `origin` identifies the card it was sent from: Teams retries
   * slow invokes and people double-click, and a repeated submit returns the request already made.
   */
  async submit(form: RequestForm, context: ActionContext, origin?: string): Promise<SubmitResult> {
    const earlier = origin ? await this.store.findRequestByOrigin(origin) : undefined;
    if (earlier) return { ok: true, request: earlier };

    const inventory = await takeSnapshot(this.inventory);
    const result = await this.validate(form, inventory);
    if (!result.ok) return { ok: false, errors: result.errors, inventory };

    const now = this.clock.now().toISOString();
    const request: WorkspaceRequest = {
      id: newRequestId(),
      version: 1,
      state: nextState('draft', 'submit'),
      spec: result.spec,
      requester: context.actor,
      createdAt: now,
      updatedAt: now,
      submittedAt: now,
    };
    const audit = this.audit(request.id, context, 'submit', 'draft', request.state);
    try {
      const jobs = [deliveryJob(request, 'approvals', 'approval_request', now), ...this.deadlineJobs(request)];
      await this.store.createRequest(request, audit, jobs, origin);
    } catch (error) {
      // Two deliveries of the same submit raced; the other one stored the request.
      const twin = origin ? await this.store.findRequestByOrigin(origin) : undefined;
      if (twin) return { ok: true, request: twin };
      throw error;
    }

    this.log.info({ requestId: request.id, state: request.state }, 'request submitted');
    return { ok: true, request };
  }

  async get(id: string): Promise<WorkspaceRequest> {
    const request = await this.store.getRequest(id.trim().toUpperCase());
    if (!request) throw new DomainError('not_found', `There is no request ${id}.`);
    return request;
  }

  /**
   * Approves, rejects or sends back for changes. A refused or late decision changes nothing, is
   * audited, and returns the request as it stands so the card can show the truth.
   */
  async decide(id: string, decision: Decision, context: ActionContext, input: DecisionInput = {}): Promise<DecisionResult> {
    const request = await this.get(id);
    try {
      await this.assertMayDecide(request, context.actor);
      if (request.state !== 'pending_approval') throw refusals.alreadyDecided(request, context.actor);
      if (input.seenVersion !== request.version) throw refusals.staleCard();
      if (decision === 'approve') return { request: await this.approve(request, context) };

      const reason = input.reason?.trim() ?? '';
      if (!reason) throw refusals.reasonRequired(decision);
      return { request: await this.transition(request, decision, context, { decidedBy: context.actor, decisionReason: reason }) };
    } catch (error) {
      return this.refused(request, decision, context, error);
    }
  }

  /** The requester withdraws a request that waits for approval or was sent back for changes. */
  async cancel(id: string, context: ActionContext): Promise<DecisionResult> {
    const request = await this.get(id);
    try {
      if (!context.actor.id || request.requester.id !== context.actor.id) throw refusals.notRequester('cancel the request');
      return { request: await this.transition(request, 'cancel', context) };
    } catch (error) {
      return this.refused(request, 'cancel', context, error);
    }
  }

  /** The requester sends a request that came back for changes to approval again, as now filled in. */
  async resubmit(id: string, form: RequestForm, context: ActionContext, seenVersion?: number): Promise<ResubmitResult> {
    const request = await this.get(id);
    try {
      if (!context.actor.id || request.requester.id !== context.actor.id) throw refusals.notRequester('submit it again');
      if (request.state !== 'draft') throw refusals.alreadyDecided(request);
      if (seenVersion !== request.version) throw refusals.staleCard();

      const inventory = await takeSnapshot(this.inventory);
      const result = await this.validate(form, inventory, request.id);
      if (!result.ok) return { ok: false, request, errors: result.errors, inventory };

      const changes = { spec: result.spec, submittedAt: this.clock.now().toISOString(), decidedBy: undefined, decisionReason: undefined };
      return { ok: true, request: await this.transition(request, 'submit', context, changes) };
    } catch (error) {
      return { ok: false, ...(await this.refused(request, 'submit', context, error)) };
    }
  }

  /**
   * Azure's rules and live state, then the names other open requests have claimed: they are not
   * in Azure yet, and two requests for one name would collide at provisioning.
   */
  private async validate(form: RequestForm, inventory: InventorySnapshot, ownId?: string) {
    const result = validateRequestForm(form, inventory);
    if (!result.ok) return result;

    const open = await this.store.listRequests({ states: OPEN_STATES });
    const others = open.filter((r) => r.id !== ownId);
    const errors: FieldErrors = {};
    const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    const workspaceTaken = others.find((r) => same(r.spec.workspace.name, result.spec.workspace.name));
    if (workspaceTaken) errors.workspaceName = `Request ${workspaceTaken.id} already asks for a workspace named "${result.spec.workspace.name}".`;
    const gateway = result.spec.gateway;
    const gatewayTaken = gateway.kind === 'new' && others.find((r) => r.spec.gateway.kind === 'new' && same(r.spec.gateway.name, gateway.name));
    if (gatewayTaken) errors.gatewayName = `Request ${gatewayTaken.id} already asks for a gateway named "${gateway.name}".`;
    return Object.keys(errors).length ? { ok: false as const, errors } : result;
  }

  /** Approvals of the request's current submission, oldest first. */
  async approvalsOf(request: WorkspaceRequest): Promise<Approval[]> {
    return this.store.listApprovals(request.id, request.version);
  }

  /** Whether the person may decide on this request now; false rather than an error. */
  async mayDecide(request: WorkspaceRequest, personId: string): Promise<boolean> {
    if (!personId || personId === request.requester.id) return false;
    try {
      return await this.isDecider(request, personId);
    } catch (error) {
      if (error instanceof DirectoryUnavailableError) return false;
      throw error;
    }
  }

  /** Throws the reason `actor` may not decide on `request`, from the stored request and the policy only. */
  async assertMayDecide(request: WorkspaceRequest, actor: Person): Promise<void> {
    if (!actor.id) throw refusals.unidentified();
    if (isEmptyPolicy(this.policy)) throw refusals.noApprovers();
    try {
      if (!(await this.isDecider(request, actor.id))) throw refusals.notAnApprover();
    } catch (error) {
      if (error instanceof DirectoryUnavailableError) throw refusals.directoryUnavailable();
      throw error;
    }
    if (actor.id === request.requester.id) throw refusals.ownRequest();
  }

  /** Who may see the approvers' view of a request now: fallback approvers count after the reminder. */
  async deciderIds(request: WorkspaceRequest): Promise<string[]> {
    return this.approvers.userIds({ fallback: await this.fallbackActive(request) });
  }

  private async isDecider(request: WorkspaceRequest, personId: string): Promise<boolean> {
    if (await this.approvers.isApprover(personId)) return true;
    if (!(await this.fallbackActive(request))) return false;
    return this.approvers.isApprover(personId, { fallback: true });
  }

  private async fallbackActive(request: WorkspaceRequest): Promise<boolean> {
    const policy = this.policy;
    if (!(policy.fallbackApprovers ?? []).length && !(policy.fallbackApproverGroups ?? []).length) return false;
    if (request.state !== 'pending_approval') return false;
    const approvals = await this.approvalsOf(request);
    return fallbackMayDecide(policy, request, approvals.map((a) => a.at), this.clock.now());
  }

  /**
   * Counts one approval. The approval that reaches the number required moves the request on, in
   * the same compare-and-set as the approval itself, so two last approvals cannot both win.
   */
  private async approve(request: WorkspaceRequest, context: ActionContext): Promise<WorkspaceRequest> {
    const needed = requiredApprovals(this.policy, request.spec).count;
    const approvals = await this.approvalsOf(request);
    if (approvals.some((a) => a.approver.id === context.actor.id)) throw refusals.alreadyCounted(approvals.length, needed);

    const approval: Approval = { requestId: request.id, requestVersion: request.version, approver: context.actor, at: this.clock.now().toISOString() };
    if (approvals.length + 1 >= needed) {
      return this.transition(request, 'approve', context, { decidedBy: context.actor }, approval);
    }

    const progress = `${approvals.length + 1} of ${needed} approvals`;
    const audit = this.audit(request.id, context, 'approve', request.state, request.state, progress);
    const refresh = { ...refreshJob(request, approval.at), id: `refresh:${request.id}:v${request.version}:a:${context.actor.id}` };
    const outcome = await this.store.recordApproval({ approval, audit, jobs: [refresh], expectedVersion: request.version });
    if (outcome === 'duplicate') throw refusals.alreadyCounted(approvals.length + 1, needed);
    if (outcome === 'stale') {
      const current = await this.get(request.id);
      throw current.state === 'pending_approval' ? refusals.staleCard() : refusals.alreadyDecided(current, context.actor);
    }
    this.log.info({ requestId: request.id, progress }, 'approval counted');
    return this.completeIfReached(request, context, needed);
  }

  /** Two approvals counted at once may each have seen one too few: whoever sees enough finishes. */
  private async completeIfReached(request: WorkspaceRequest, context: ActionContext, needed: number): Promise<WorkspaceRequest> {
    // Not enough yet: answer with the request as stored now, which a concurrent approval may have moved on.
    if ((await this.approvalsOf(request)).length < needed) return this.get(request.id);
    try {
      return await this.transition(request, 'approve', context, { decidedBy: context.actor });
    } catch (error) {
      const current = await this.get(request.id);
      if (error instanceof DomainError && current.state !== 'pending_approval') return current;
      throw error;
    }
  }

  /** Audits a refused action and answers with the request as it now stands. */
  private async refused(request: WorkspaceRequest, action: string, context: ActionContext, error: unknown): Promise<DecisionResult> {
    if (!(error instanceof DomainError)) throw error;
    const current = (await this.store.getRequest(request.id)) ?? request;
    const audit = this.audit(request.id, context, action, current.state, null, error.code);
    await this.store.appendAudit({ ...audit, accepted: false });
    this.log.info({ requestId: request.id, action, refusal: error.code }, 'action refused');
    return { request: current, refusal: error };
  }

  /**
   * The one place a request changes state: checks the transition table, bumps the version,
   * and saves state, audit event and follow-up jobs together under compare-and-set.
   */
  async transition(
    request: WorkspaceRequest,
    event: RequestEvent,
    context: ActionContext,
    changes: Partial<WorkspaceRequest> = {},
    approval?: Approval,
  ): Promise<WorkspaceRequest> {
    const to = nextState(request.state, event);
    const now = this.clock.now().toISOString();
    const next: WorkspaceRequest = { ...request, ...changes, state: to, version: request.version + 1, updatedAt: now };
    const audit = this.audit(request.id, context, event, request.state, to, changes.decisionReason);
    const jobs = this.followUpJobs(next, event, now);

    const saved = await this.store.saveTransition({ request: next, audit, jobs, expectedVersion: request.version, approval });
    if (!saved) {
      const current = await this.store.getRequest(request.id);
      throw current ? refusals.alreadyDecided(current, context.actor) : new DomainError('not_found', `There is no request ${request.id}.`);
    }
    this.log.info({ requestId: request.id, from: request.state, to, event }, 'request state changed');
    for (const listener of this.transitionListeners) listener(request, next, event);
    return next;
  }

  private audit(
    requestId: string,
    context: ActionContext,
    action: string,
    fromState: AuditEvent['fromState'],
    toState: AuditEvent['toState'],
    reason?: string,
  ): AuditEvent {
    return {
      requestId,
      at: this.clock.now().toISOString(),
      actor: context.actor,
      action,
      fromState,
      toState,
      conversationId: context.conversationId,
      reason,
      accepted: true,
    };
  }

  /** Work that must follow a transition, saved in the same transaction so it cannot be lost. */
  private followUpJobs(request: WorkspaceRequest, event: RequestEvent, now: string): NewJob[] {
    const jobs: NewJob[] = [refreshJob(request, now)];
    if (event === 'submit') {
      jobs.push(deliveryJob(request, 'approvals', 'approval_request', now), ...this.deadlineJobs(request));
    }
    if (event === 'approve' || event === 'retry') {
      jobs.push({ id: `provision:${request.id}:v${request.version}`, kind: 'provision', requestId: request.id, payload: {}, dueAt: now });
    }
    jobs.push(...noticeJobs(request, event, now));
    return jobs;
  }

  /** The halfway reminder and the expiry of one submission; each checks the version it was set for. */
  private deadlineJobs(request: WorkspaceRequest): NewJob[] {
    const { remindAt, expiresAt } = approvalDeadlines(this.policy, request);
    const payload = { version: request.version };
    return [
      { id: `remind:${request.id}:v${request.version}`, kind: 'remind_approvers', requestId: request.id, payload, dueAt: remindAt.toISOString() },
      { id: `expire:${request.id}:v${request.version}`, kind: 'expire_request', requestId: request.id, payload, dueAt: expiresAt.toISOString() },
    ];
  }
}
