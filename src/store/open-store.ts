import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Pool } from 'pg';
import { migrateToLatest } from './migrations';
import type { Database } from './schema';
import { SqlRequestStore } from './sql-request-store';

export interface StoreLocation {
  /** A `postgres://` URL; when absent, SQLite under `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
}

export interface OpenedStore {
  store: SqlRequestStore;
  engine: 'sqlite' | 'postgres';
  /** Where the data lives, with any password left out, for the start-up log. */
  description: string;
}

/** Opens the configured database and brings its schema up to date. */
export async function openStore(location: StoreLocation): Promise<OpenedStore> {
  const url = location.databaseUrl;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: url }) }) });
    await migrateToLatest(db, 'postgres');
    return { store: new SqlRequestStore(db), engine: 'postgres', description: redactUrl(url) };
  }

  fs.mkdirSync(location.dataDir, { recursive: true });
  const file = path.join(location.dataDir, 'bot.sqlite');
  const sqlite = new SQLite(file);
  // WAL keeps readers going while a writer commits; busy_timeout waits out a second process.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateToLatest(db, 'sqlite');
  return { store: new SqlRequestStore(db), engine: 'sqlite', description: file };
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
