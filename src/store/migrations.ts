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
  };
}

export async function migrateToLatest(db: Kysely<any>, engine: 'sqlite' | 'postgres'): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(engine) };
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const detail = error instanceof Error ? error.message : String(error ?? failed?.migrationName);
    throw new Error(`Database migration failed: ${detail}`);
  }
}
