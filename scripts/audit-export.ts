/**
 * `npm run audit:export -- --out audit.jsonl [--request WR-AB12CD]`: writes the audit trail from
 * the configured store (DATA_DIR or DATABASE_URL, as for `npm start`) as JSON lines.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config';
import { exportAudit } from '../src/store/audit-export';
import { openStore } from '../src/store/open-store';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, request: { type: 'string' } } });
  if (!values.out) {
    process.stderr.write('Usage: npm run audit:export -- --out <file.jsonl> [--request <WR-...>]\n');
    return 2;
  }

  const config = loadConfig(process.env);
  const { store, description } = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const requestId = values.request?.trim().toUpperCase();
    const count = await exportAudit(store, path.resolve(values.out), requestId);
    process.stdout.write(`Wrote ${count} audit event(s)${requestId ? ` of ${requestId}` : ''} from ${description} to ${values.out}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const hint = error instanceof ConfigError ? '\nSee the configuration table in README.md.' : '';
    process.stderr.write(`The audit export failed: ${error instanceof Error ? error.message : String(error)}${hint}\n`);
    process.exit(1);
  },
);
