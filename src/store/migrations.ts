import { Kysely, Migrator, sql, type Migration, type MigrationProvider } from 'kysely';

/**
 * One list of migrations for both engines. Each runs inside Kysely's migrator, which takes a
 * lock on its own table, so instances starting together do not migrate twice.
 */
function migrations(engine: 'sqlite' | 'postgres'): Record<string, Migration> {
  const serial = engine === 'postgres' ? 'serial' : 'integer';

  return {
    '0001_initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('requests')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('requester_id', 'text', (c) => c.notNull())
          .addColumn('requester_name', 'text', (c) => c.notNull())
          .addColumn('spec', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('decided_by', 'text')
          .addColumn('decision_reason', 'text')
          .addColumn('outcome', 'text')
          .addColumn('failure', 'text')
          .addColumn('origin', 'text', (c) => c.unique())
          .execute();
        await db.schema.createIndex('requests_by_requester').on('requests').column('requester_id').execute();
        await db.schema.createIndex('requests_by_state').on('requests').column('state').execute();

        await db.schema
          .createTable('audit_events')
          .addColumn('seq', sql.raw(serial), (c) => c.primaryKey())
          .addColumn('request_id', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('actor_id', 'text', (c) => c.notNull())
          .addColumn('actor_name', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('from_state', 'text')
          .addColumn('to_state', 'text')
          .addColumn('conversation_id', 'text')
          .addColumn('reason', 'text')
          .addColumn('accepted', 'integer', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('audit_by_request').on('audit_events').column('request_id').execute();

        await db.schema
          .createTable('provisioning_steps')
          .addColumn('request_id', 'text', (c) => c.notNull())
          .addColumn('step', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('resume_token', 'text')
          .addColumn('started_at', 'text')
          .addColumn('finished_at', 'text')
          .addColumn('detail', 'text')
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('provisioning_steps_pk', ['request_id', 'step'])
          .execute();

        await db.schema
          .createTable('jobs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('request_id', 'text', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('due_at', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('lease_owner', 'text')
          .addColumn('lease_until', 'text')
          .addColumn('done_at', 'text')
          .execute();
        await db.schema.createIndex('jobs_due').on('jobs').columns(['done_at', 'due_at']).execute();

        await db.schema
          .createTable('conversations')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('reference', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('card_posts')
          .addColumn('request_id', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('conversation_key', 'text', (c) => c.notNull())
          .addColumn('activity_id', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('card_posts_pk', ['request_id', 'role', 'conversation_key'])
          .execute();
      },
    },
    '0002_approvals': {
      async up(db: Kysely<unknown>) {
        // One row per approver per submission: the key is what makes one person count once.
        await db.schema
          .createTable('approvals')
          .addColumn('request_id', 'text', (c) => c.notNull())
          .addColumn('request_version', 'integer', (c) => c.notNull())
          .addColumn('approver_id', 'text', (c) => c.notNull())
          .addColumn('approver_name', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('approvals_pk', ['request_id', 'request_version', 'approver_id'])
          .execute();
        await db.schema.alterTable('requests').addColumn('submitted_at', 'text').execute();
        for (const table of ['audit_events', 'approvals']) await forbidChanges(db, engine, table);
      },
    },
  };
}

/** Makes a table append-only in the database itself: updates and deletes fail, whoever sends them. */
async function forbidChanges(db: Kysely<unknown>, engine: 'sqlite' | 'postgres', table: string): Promise<void> {
  const message = `${table} is append-only`;
  if (engine === 'sqlite') {
    for (const change of ['update', 'delete']) {
      await sql.raw(`create trigger ${table}_no_${change} before ${change} on ${table} begin select raise(abort, '${message}'); end`).execute(db);
    }
    return;
  }
  await sql.raw(`create function ${table}_append_only() returns trigger language plpgsql as $$ begin raise exception '${message}'; end $$`).execute(db);
  await sql.raw(`create trigger ${table}_no_change before update or delete on ${table} for each row execute function ${table}_append_only()`).execute(db);
}

export async function migrateToLatest(db: Kysely<any>, engine: 'sqlite' | 'postgres'): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(engine) };
  // On PostgreSQL the migrator's own tables go in the schema the connection works in, so that
  // databases shared by several deployments (one schema each) never see each other's tables.
  const migrationTableSchema = engine === 'postgres' ? await currentSchema(db) : undefined;
  for (let attempt = 1; ; attempt += 1) {
    const { error, results } = await new Migrator({ db, provider, migrationTableSchema }).migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (!error && !failed) return;

    const detail = error instanceof Error ? error.message : String(error ?? failed?.migrationName);
    // The migrator looks at every schema's tables; one dropped meanwhile by another deployment
    // sharing the database fails that look, not our migration. Looking again is enough.
    const otherSchemaVanished = /schema "[^"]+" does not exist/.test(detail) && !detail.includes(`"${migrationTableSchema}"`);
    if (!otherSchemaVanished || attempt >= 5) throw new Error(`Database migration failed: ${detail}`);
  }
}

async function currentSchema(db: Kysely<any>): Promise<string> {
  const result = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return result.rows[0].schema;
}
