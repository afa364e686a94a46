import { Kysely, type Transaction } from 'kysely';
import type {
  Approval,
  ApprovalOutcome,
  AuditEvent,
  CardPost,
  ConversationKey,
  Job,
  JobKind,
  NewJob,
  RequestStore,
  StepProgress,
  StepStatus,
  TransitionRecord,
} from '../core/ports';
import type { RequestState, WorkspaceRequest } from '../core/request';
import type { Database, RequestsTable } from './schema';

type Executor = Kysely<Database> | Transaction<Database>;

/** The request store on any Kysely dialect: SQLite for one instance, PostgreSQL for several. */
export class SqlRequestStore implements RequestStore {
  constructor(private readonly db: Kysely<Database>) {}

  async createRequest(request: WorkspaceRequest, audit: AuditEvent, jobs: NewJob[], origin?: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('requests').values({ ...toRow(request), origin: origin ?? null }).execute();
      await insertAudit(trx, audit);
      await insertJobs(trx, jobs);
    });
  }

  async getRequest(id: string): Promise<WorkspaceRequest | undefined> {
    const row = await this.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async findRequestByOrigin(origin: string): Promise<WorkspaceRequest | undefined> {
    const row = await this.db.selectFrom('requests').selectAll().where('origin', '=', origin).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async listRequests(filter: { requesterId?: string; states?: RequestState[] }): Promise<WorkspaceRequest[]> {
    let query = this.db.selectFrom('requests').selectAll().orderBy('created_at', 'asc');
    if (filter.requesterId) query = query.where('requester_id', '=', filter.requesterId);
    if (filter.states?.length) query = query.where('state', 'in', filter.states);
    return (await query.execute()).map(fromRow);
  }

  async saveTransition(record: TransitionRecord): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const saved = await compareAndSet(trx, record.request, record.expectedVersion);
      if (!saved) return false;
      if (record.approval) await insertApproval(trx, record.approval);
      await insertAudit(trx, record.audit);
      await insertJobs(trx, record.jobs);
      return true;
    });
  }

  async updateRequest(request: WorkspaceRequest, expectedVersion: number): Promise<boolean> {
    return compareAndSet(this.db, request, expectedVersion);
  }

  async appendAudit(event: AuditEvent): Promise<void> {
    await insertAudit(this.db, event);
  }

  async listAudit(requestId?: string): Promise<AuditEvent[]> {
    let query = this.db.selectFrom('audit_events').selectAll().orderBy('seq', 'asc');
    if (requestId) query = query.where('request_id', '=', requestId);
    const rows = await query.execute();
    return rows.map((row) => ({
      seq: row.seq,
      requestId: row.request_id,
      at: row.at,
      actor: { id: row.actor_id, name: row.actor_name },
      action: row.action,
      fromState: row.from_state as RequestState | null,
      toState: row.to_state as RequestState | null,
      conversationId: row.conversation_id ?? undefined,
      reason: row.reason ?? undefined,
      accepted: row.accepted === 1,
    }));
  }

  async recordApproval(record: { approval: Approval; audit: AuditEvent; jobs: NewJob[]; expectedVersion: number }): Promise<ApprovalOutcome> {
    const { approval } = record;
    const duplicate = new Error('duplicate approval');
    try {
      return await this.db.transaction().execute(async (trx) => {
        // Touching the row at the expected version takes its lock, so a concurrent decision
        // either lands before (and this one is stale) or after (and counts this approval).
        const touched = await trx
          .updateTable('requests')
          .set({ updated_at: approval.at })
          .where('id', '=', approval.requestId)
          .where('version', '=', record.expectedVersion)
          .where('state', '=', 'pending_approval')
          .executeTakeFirst();
        if (Number(touched.numUpdatedRows) !== 1) return 'stale' as const;
        if (!(await insertApproval(trx, approval))) throw duplicate;
        await insertAudit(trx, record.audit);
        await insertJobs(trx, record.jobs);
        return 'recorded' as const;
      });
    } catch (error) {
      if (error === duplicate) return 'duplicate';
      throw error;
    }
  }

  async listApprovals(requestId: string, requestVersion?: number): Promise<Approval[]> {
    let query = this.db.selectFrom('approvals').selectAll().where('request_id', '=', requestId);
    if (requestVersion !== undefined) query = query.where('request_version', '=', requestVersion);
    const rows = await query.orderBy('at', 'asc').execute();
    return rows.map((row) => ({
      requestId: row.request_id,
      requestVersion: row.request_version,
      approver: { id: row.approver_id, name: row.approver_name },
      at: row.at,
    }));
  }

  async getSteps(requestId: string): Promise<StepProgress[]> {
    const rows = await this.db
      .selectFrom('provisioning_steps')
      .selectAll()
      .where('request_id', '=', requestId)
      .execute();
    return rows.map((row) => ({
      requestId: row.request_id,
      step: row.step,
      status: row.status as StepStatus,
      resumeToken: row.resume_token ?? undefined,
      startedAt: row.started_at ?? undefined,
      finishedAt: row.finished_at ?? undefined,
      detail: row.detail ?? undefined,
      attempts: row.attempts,
    }));
  }

  async saveStep(step: StepProgress): Promise<void> {
    const row = {
      request_id: step.requestId,
      step: step.step,
      status: step.status,
      resume_token: step.resumeToken ?? null,
      started_at: step.startedAt ?? null,
      finished_at: step.finishedAt ?? null,
      detail: step.detail ?? null,
      attempts: step.attempts,
    };
    await this.db
      .insertInto('provisioning_steps')
      .values(row)
      .onConflict((c) => c.columns(['request_id', 'step']).doUpdateSet(row))
      .execute();
  }

  async scheduleJobs(jobs: NewJob[]): Promise<void> {
    await insertJobs(this.db, jobs);
  }

  /**
   * Takes a lease on up to `limit` due jobs. Each lease is its own compare-and-set, so two
   * workers (or two instances) never run the same job while its lease holds.
   */
  async claimDueJobs(now: Date, limit: number, owner: string, leaseMs: number): Promise<Job[]> {
    const at = now.toISOString();
    const candidates = await this.db
      .selectFrom('jobs')
      .selectAll()
      .where('done_at', 'is', null)
      .where('due_at', '<=', at)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
      .orderBy('due_at', 'asc')
      .limit(limit)
      .execute();

    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    const claimed: Job[] = [];
    for (const row of candidates) {
      const result = await this.db
        .updateTable('jobs')
        .set({ lease_owner: owner, lease_until: leaseUntil })
        .where('id', '=', row.id)
        .where('done_at', 'is', null)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) claimed.push(toJob(row));
    }
    return claimed;
  }

  async completeJob(id: string): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ done_at: new Date().toISOString(), lease_owner: null, lease_until: null })
      .where('id', '=', id)
      .execute();
  }

  async releaseLeases(): Promise<void> {
    await this.db.updateTable('jobs').set({ lease_owner: null, lease_until: null }).where('done_at', 'is', null).execute();
  }

  async renewLease(id: string, owner: string, until: Date): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ lease_until: until.toISOString() })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('done_at', 'is', null)
      .execute();
  }

  async rescheduleJob(id: string, dueAt: Date, attempts: number): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ due_at: dueAt.toISOString(), attempts, lease_owner: null, lease_until: null })
      .where('id', '=', id)
      .execute();
  }

  async pendingJobCount(kind?: JobKind): Promise<number> {
    let query = this.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('done_at', 'is', null);
    if (kind) query = query.where('kind', '=', kind);
    const row = await query.executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async saveConversation(key: ConversationKey, reference: unknown): Promise<void> {
    const row = { key, reference: JSON.stringify(reference), updated_at: new Date().toISOString() };
    await this.db
      .insertInto('conversations')
      .values(row)
      .onConflict((c) => c.column('key').doUpdateSet({ reference: row.reference, updated_at: row.updated_at }))
      .execute();
  }

  async getConversation(key: ConversationKey): Promise<unknown | undefined> {
    const row = await this.db.selectFrom('conversations').select('reference').where('key', '=', key).executeTakeFirst();
    return row ? JSON.parse(row.reference) : undefined;
  }

  async saveCardPost(post: CardPost): Promise<void> {
    const row = {
      request_id: post.requestId,
      role: post.role,
      conversation_key: post.conversationKey,
      activity_id: post.activityId,
    };
    await this.db
      .insertInto('card_posts')
      .values(row)
      .onConflict((c) =>
        c.columns(['request_id', 'role', 'conversation_key']).doUpdateSet({ activity_id: row.activity_id }),
      )
      .execute();
  }

  async listCardPosts(requestId: string): Promise<CardPost[]> {
    const rows = await this.db.selectFrom('card_posts').selectAll().where('request_id', '=', requestId).execute();
    return rows.map((row) => ({
      requestId: row.request_id,
      role: row.role as CardPost['role'],
      conversationKey: row.conversation_key as ConversationKey,
      activityId: row.activity_id,
    }));
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

async function compareAndSet(db: Executor, request: WorkspaceRequest, expectedVersion: number): Promise<boolean> {
  const { id, ...changes } = toRow(request);
  const result = await db
    .updateTable('requests')
    .set(changes)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Inserts an approval unless that person's approval of that submission is already there. */
async function insertApproval(db: Executor, approval: Approval): Promise<boolean> {
  const result = await db
    .insertInto('approvals')
    .values({
      request_id: approval.requestId,
      request_version: approval.requestVersion,
      approver_id: approval.approver.id,
      approver_name: approval.approver.name,
      at: approval.at,
    })
    .onConflict((c) => c.columns(['request_id', 'request_version', 'approver_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

async function insertAudit(db: Executor, event: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      request_id: event.requestId,
      at: event.at,
      actor_id: event.actor.id,
      actor_name: event.actor.name,
      action: event.action,
      from_state: event.fromState,
      to_state: event.toState,
      conversation_id: event.conversationId ?? null,
      reason: event.reason ?? null,
      accepted: event.accepted ? 1 : 0,
    })
    .execute();
}

/** Jobs with an id that already exists are kept as they are: that is what makes them happen once. */
async function insertJobs(db: Executor, jobs: NewJob[]): Promise<void> {
  for (const job of jobs) {
    await db
      .insertInto('jobs')
      .values({
        id: job.id,
        kind: job.kind,
        request_id: job.requestId,
        payload: JSON.stringify(job.payload),
        due_at: job.dueAt,
        attempts: 0,
        lease_owner: null,
        lease_until: null,
        done_at: null,
      })
      .onConflict((c) => c.column('id').doNothing())
      .execute();
  }
}

function toJob(row: Database['jobs']): Job {
  return {
    id: row.id,
    kind: row.kind as JobKind,
    requestId: row.request_id,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    dueAt: row.due_at,
    attempts: row.attempts,
  };
}

function toRow(request: WorkspaceRequest): RequestsTable {
  return {
    id: request.id,
    version: request.version,
    state: request.state,
    requester_id: request.requester.id,
    requester_name: request.requester.name,
    spec: JSON.stringify(request.spec),
    created_at: request.createdAt,
    updated_at: request.updatedAt,
    decided_by: request.decidedBy ? JSON.stringify(request.decidedBy) : null,
    decision_reason: request.decisionReason ?? null,
    submitted_at: request.submittedAt ?? null,
    outcome: request.outcome ? JSON.stringify(request.outcome) : null,
    failure: request.failure ? JSON.stringify(request.failure) : null,
  };
}

function fromRow(row: RequestsTable): WorkspaceRequest {
  const request: WorkspaceRequest = {
    id: row.id,
    version: row.version,
    state: row.state as RequestState,
    spec: JSON.parse(row.spec),
    requester: { id: row.requester_id, name: row.requester_name },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.decided_by) request.decidedBy = JSON.parse(row.decided_by);
  if (row.decision_reason) request.decisionReason = row.decision_reason;
  if (row.submitted_at) request.submittedAt = row.submitted_at;
  if (row.outcome) request.outcome = JSON.parse(row.outcome);
  if (row.failure) request.failure = JSON.parse(row.failure);
  return request;
}
