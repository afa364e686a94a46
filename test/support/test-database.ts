import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL server the `postgres` jest project runs against (CI has one with trust auth). */
export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  /** Environment for the app: `DATABASE_URL` on PostgreSQL, nothing on SQLite. */
  env: Record<string, string>;
  engine: 'sqlite' | 'postgres';
  drop(): Promise<void>;
}

/**
 * A database of its own for one test: on SQLite the app's file under its data folder; on
 * PostgreSQL a fresh schema, reached through `search_path`, dropped afterwards.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (process.env.TEST_ENGINE !== 'postgres') return { env: {}, engine: 'sqlite', drop: async () => undefined };

  const schema = `t_${randomBytes(6).toString('hex')}`;
  await withClient((client) => client.query(`create schema ${schema}`));
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    env: { DATABASE_URL: url.toString() },
    engine: 'postgres',
    drop: () => withClient((client) => client.query(`drop schema if exists ${schema} cascade`)).then(() => undefined),
  };
}

async function withClient<T>(action: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}
