/**
 * Two projects: every test on SQLite, and the tests that use the store again on PostgreSQL.
 * Type checking happens in `tsc` first, so ts-jest only transpiles.
 */
const { spawnSync } = require('node:child_process');

const base = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};

const POSTGRES_URL = process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test';
const STORE_SUITES = ['e2e', 'approvals', 'provisioning', 'store', 'scale', 'security'];

function postgresReachable() {
  const probe = `const { Client } = require('pg');
    const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
    c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1));`;
  return spawnSync(process.execPath, ['-e', probe, POSTGRES_URL], { timeout: 10000 }).status === 0;
}

function postgresProject() {
  if (process.env.TEST_POSTGRES === 'off') return [];
  if (postgresReachable()) {
    return [{
      ...base,
      displayName: 'postgres',
      setupFiles: ['<rootDir>/test/support/use-postgres.js'],
      testMatch: STORE_SUITES.map((dir) => `<rootDir>/test/${dir}/**/*.test.ts`),
    }];
  }
  if (process.env.CI) {
    throw new Error(`PostgreSQL is not reachable at ${POSTGRES_URL}, and CI must run the store tests on it.`);
  }
  process.stderr.write(`PostgreSQL is not reachable at ${POSTGRES_URL}: running the SQLite project only.\n`);
  return [];
}

module.exports = {
  maxWorkers: 2,
  testTimeout: 60000,
  // Several instances sharing one database is a PostgreSQL deployment; SQLite serves one instance.
  projects: [{ ...base, displayName: 'sqlite', testPathIgnorePatterns: ['/test/scale/'] }, ...postgresProject()],
};
