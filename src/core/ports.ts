/**
 * The interfaces through which the workflow core talks to the world.
 * The store, the Azure adapter and the Teams adapter implement them.
 */
import type { Person, RequestState, WorkspaceRequest } from './request';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** One line of the audit trail: who did what to which request, and what it changed. */
export interface AuditEvent {
  requestId: string;
  at: string;
  actor: Person;
  action: string;
  fromState: RequestState | null;
  toState: RequestState | null;
  conversationId?: string;
  reason?: string;
  /** False when the action was refused and changed nothing. */
  accepted: boolean;
  /** Position in the append-only trail, set by the store. */
  seq?: number;
}

/** One approver's approval of one submission of a request (the version it was submitted at). */
export interface Approval {
  requestId: string;
  requestVersion: number;
  approver: Person;
  at: string;
}

/** What became of recording a partial approval: counted, already counted, or the request moved on. */
export type ApprovalOutcome = 'recorded' | 'duplicate' | 'stale';

export type JobKind = 'provision' | 'deliver' | 'refresh_cards' | 'remind_approvers' | 'expire_request';

export interface Job {
  /** Deterministic where a job must happen once (for example `deliver:<request>:<target>:<notice>`). */
  id: string;
  kind: JobKind;
  requestId: string;
  payload: Record<string, unknown>;
  dueAt: string;
  attempts: number;
}

export type NewJob = Omit<Job, 'attempts'>;

/** A change of state, saved only if the request is still at `expectedVersion`. */
export interface TransitionRecord {
  request: WorkspaceRequest;
  audit: AuditEvent;
  jobs: NewJob[];
  expectedVersion: number;
  /** The approval that completed the decision, saved with it. */
  approval?: Approval;
}

export type StepStatus = 'pending' | 'starting' | 'running' | 'done' | 'failed';

export interface StepProgress {
  requestId: string;
  step: string;
  status: StepStatus;
  resumeToken?: string;
  startedAt?: string;
  finishedAt?: string;
  detail?: string;
  attempts: number;
}

/** Where a conversation reference is kept: the approvals or announcements channel, or a person's chat. */
export type ConversationKey = 'approvals' | 'announcements' | `user:${string}` | `conversation:${string}`;

export interface CardPost {
  requestId: string;
  /** `status` for the requester's card, `approval` for the approvers' card. */
  role: 'status' | 'approval';
  conversationKey: ConversationKey;
  activityId: string;
}

export interface RequestStore {
  /** `origin` names the card it came from; a second request from the same origin is refused. */
  createRequest(request: WorkspaceRequest, audit: AuditEvent, jobs: NewJob[], origin?: string): Promise<void>;
  findRequestByOrigin(origin: string): Promise<WorkspaceRequest | undefined>;
  getRequest(id: string): Promise<WorkspaceRequest | undefined>;
  listRequests(filter: { requesterId?: string; states?: RequestState[] }): Promise<WorkspaceRequest[]>;
  /** Saves the transition and its audit event and jobs atomically; false when the version moved on. */
  saveTransition(record: TransitionRecord): Promise<boolean>;
  /** Saves a change that is not a transition (an outcome, a failure) under compare-and-set. */
  updateRequest(request: WorkspaceRequest, expectedVersion: number): Promise<boolean>;
  appendAudit(event: AuditEvent): Promise<void>;
  /** The audit trail of one request, or of all requests, oldest first. */
  listAudit(requestId?: string): Promise<AuditEvent[]>;
  /**
   * Saves a partial approval with its audit event and jobs, if the request is still at
   * `expectedVersion`; one person's approval of one submission is kept once.
   */
  recordApproval(record: { approval: Approval; audit: AuditEvent; jobs: NewJob[]; expectedVersion: number }): Promise<ApprovalOutcome>;
  /** Approvals of one submission (by the version it was submitted at), or of all, oldest first. */
  listApprovals(requestId: string, requestVersion?: number): Promise<Approval[]>;

  getSteps(requestId: string): Promise<StepProgress[]>;
  saveStep(step: StepProgress): Promise<void>;

  scheduleJobs(jobs: NewJob[]): Promise<void>;
  claimDueJobs(now: Date, limit: number, owner: string, leaseMs: number): Promise<Job[]>;
  completeJob(id: string): Promise<void>;
  /** Frees every job lease, for a store only one instance uses, at start. */
  releaseLeases(): Promise<void>;
  /** Extends the lease of a job `owner` still holds. */
  renewLease(id: string, owner: string, until: Date): Promise<void>;
  rescheduleJob(id: string, dueAt: Date, attempts: number): Promise<void>;
  pendingJobCount(kind?: JobKind): Promise<number>;

  saveConversation(key: ConversationKey, reference: unknown): Promise<void>;
  getConversation(key: ConversationKey): Promise<unknown | undefined>;
  saveCardPost(post: CardPost): Promise<void>;
  listCardPosts(requestId: string): Promise<CardPost[]>;

  close(): Promise<void>;
}
