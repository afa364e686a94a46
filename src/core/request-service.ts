import { DomainError } from './errors';
import { takeSnapshot, type AzureInventory, type InventorySnapshot } from './inventory';
import type { Logger } from './logger';
import { newRequestId } from './naming';
import { deliveryJob, refreshJob } from './notices';
import { assertMayDecide, type ApprovalPolicy } from './policy';
import type { AuditEvent, Clock, NewJob, RequestStore } from './ports';
import type { Person, WorkspaceRequest } from './request';
import { nextState, type RequestEvent } from './transitions';
import { validateRequestForm, type FieldErrors, type RequestForm } from './validation';

export type SubmitResult =
  | { ok: true; request: WorkspaceRequest }
  | { ok: false; errors: FieldErrors; inventory: InventorySnapshot };

export type Decision = 'approve' | 'reject';

/** The outcome of a decision attempt: the request as it now stands, and why nothing changed if so. */
export interface DecisionResult {
  request: WorkspaceRequest;
  refusal?: DomainError;
}

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
  ) {}

  /** The live choices a request form offers. */
  async formOptions(): Promise<InventorySnapshot> {
    return takeSnapshot(this.inventory);
  }

  async submit(form: RequestForm, context: ActionContext): Promise<SubmitResult> {
    const inventory = await takeSnapshot(this.inventory);
    const result = validateRequestForm(form, inventory);
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
    };
    const audit = this.audit(request.id, context, 'submit', 'draft', request.state);
    await this.store.createRequest(request, audit, [deliveryJob(request, 'approvals', 'approval_request', now)]);

    this.log.info({ requestId: request.id, state: request.state }, 'request submitted');
    return { ok: true, request };
  }

  async get(id: string): Promise<WorkspaceRequest> {
    const request = await this.store.getRequest(id.trim().toUpperCase());
    if (!request) throw new DomainError('not_found', `There is no request ${id}.`);
    return request;
  }

  /**
   * Approves or rejects. A refused or late decision changes nothing, is audited, and returns the
   * request as it stands so the card can show the truth.
   */
  async decide(id: string, decision: Decision, context: ActionContext, reason?: string): Promise<DecisionResult> {
    const request = await this.get(id);
    const event: RequestEvent = decision;

    try {
      assertMayDecide(this.policy, request, context.actor);
      if (request.state !== 'pending_approval') throw alreadyDecided(request);
      if (decision === 'reject' && !reason?.trim()) {
        throw new DomainError('invalid_request', 'Give a reason for the rejection; the requester will see it.');
      }
      const changed = await this.transition(request, event, context, { decidedBy: context.actor, decisionReason: reason?.trim() });
      return { request: changed };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const current = (await this.store.getRequest(request.id)) ?? request;
      await this.store.appendAudit({ ...this.audit(request.id, context, event, current.state, null), accepted: false, reason: error.code });
      this.log.info({ requestId: request.id, refusal: error.code }, 'decision refused');
      return { request: current, refusal: error };
    }
  }

  /** The requester withdraws a request that is still waiting for approval. */
  async cancel(id: string, context: ActionContext): Promise<DecisionResult> {
    const request = await this.get(id);
    try {
      if (request.requester.id !== context.actor.id || !context.actor.id) {
        throw new DomainError('not_an_approver', 'Only the person who asked for this workspace can cancel the request.');
      }
      return { request: await this.transition(request, 'cancel', context) };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await this.store.appendAudit({ ...this.audit(request.id, context, 'cancel', request.state, null), accepted: false, reason: error.code });
      return { request, refusal: error };
    }
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
  ): Promise<WorkspaceRequest> {
    const to = nextState(request.state, event);
    const now = this.clock.now().toISOString();
    const next: WorkspaceRequest = { ...request, ...changes, state: to, version: request.version + 1, updatedAt: now };
    const audit = this.audit(request.id, context, event, request.state, to, changes.decisionReason);
    const jobs = followUpJobs(next, event, now);

    const saved = await this.store.saveTransition({ request: next, audit, jobs, expectedVersion: request.version });
    if (!saved) {
      const current = await this.store.getRequest(request.id);
      throw current ? alreadyDecided(current) : new DomainError('not_found', `There is no request ${request.id}.`);
    }
    this.log.info({ requestId: request.id, from: request.state, to, event }, 'request state changed');
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
}

/** Work that must follow a transition, saved in the same transaction so it cannot be lost. */
function followUpJobs(request: WorkspaceRequest, event: RequestEvent, now: string): NewJob[] {
  const jobs: NewJob[] = [refreshJob(request, now)];
  if (event === 'approve' || event === 'retry') {
    jobs.push({ id: `provision:${request.id}:v${request.version}`, kind: 'provision', requestId: request.id, payload: {}, dueAt: now });
  }
  if (event === 'succeed' || event === 'fail') {
    const notice = event === 'succeed' ? 'completed' : 'failed';
    jobs.push(deliveryJob(request, 'requester', notice, now), deliveryJob(request, 'approvals', notice, now));
  }
  return jobs;
}

function alreadyDecided(request: WorkspaceRequest): DomainError {
  const who = request.decidedBy ? ` by ${request.decidedBy.name}` : '';
  const state = request.state.replace('_', ' ');
  return new DomainError('already_decided', `This request was already decided${who}: it is ${state}.`);
}
