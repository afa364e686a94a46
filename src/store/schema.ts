/** Table shapes shared by SQLite and PostgreSQL. Timestamps are ISO-8601 text, JSON is text. */
import type { Generated } from 'kysely';

export interface RequestsTable {
  id: string;
  version: number;
  state: string;
  requester_id: string;
  requester_name: string;
  spec: string;
  created_at: string;
  updated_at: string;
  decided_by: string | null;
  decision_reason: string | null;
  outcome: string | null;
  failure: string | null;
  /** When the request last went to approval (migration 0002). */
  submitted_at?: string | null;
  /** The card a request was submitted from, so a repeated submit finds it instead of a twin. */
  origin?: string | null;
}

export interface AuditTable {
  seq: Generated<number>;
  request_id: string;
  at: string;
  actor_id: string;
  actor_name: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  conversation_id: string | null;
  reason: string | null;
  accepted: number;
}

export interface StepsTable {
  request_id: string;
  step: string;
  status: string;
  resume_token: string | null;
  started_at: string | null;
  finished_at: string | null;
  detail: string | null;
  attempts: number;
}

export interface JobsTable {
  id: string;
  kind: string;
  request_id: string;
  payload: string;
  due_at: string;
  attempts: number;
  lease_owner: string | null;
  lease_until: string | null;
  done_at: string | null;
}

export interface ConversationsTable {
  key: string;
  reference: string;
  updated_at: string;
}

export interface CardPostsTable {
  request_id: string;
  role: string;
  conversation_key: string;
  activity_id: string;
}

/** One approver's approval of one submission; append-only. */
export interface ApprovalsTable {
  request_id: string;
  request_version: number;
  approver_id: string;
  approver_name: string;
  at: string;
}

export interface Database {
  requests: RequestsTable;
  audit_events: AuditTable;
  provisioning_steps: StepsTable;
  jobs: JobsTable;
  conversations: ConversationsTable;
  card_posts: CardPostsTable;
  approvals: ApprovalsTable;
}
