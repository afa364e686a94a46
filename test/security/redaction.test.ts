import { Writable } from 'node:stream';
import { createLogger } from '../../src/logging';
import { REQUESTER, REQUESTER_CHAT } from '../../src/local-teams/journey';
import { startTestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, log: createLogger('debug', sink) };
}

describe('secrets never reach a log line', () => {
  it('removes tokens, secrets, authorization headers and connection strings wherever they are logged', () => {
    const { lines, log } = capture();
    log.info({ authorization: 'Bearer eyJsecret1', request: { headers: { authorization: 'Bearer eyJsecret2' } } }, 'call');
    log.info({ token: 'tok-secret3', config: { appPassword: 'pw-secret4', databaseUrl: 'postgres://u:pw-secret5@h/db' } }, 'config');
    log.child({ connectionString: 'Server=x;Password=pw-secret6' }).warn({ secret: 'sec-secret7' }, 'child');

    const text = lines.join('');
    expect(text).not.toMatch(/secret[1-7]/);
    expect(text.match(/\[redacted\]/g)).toHaveLength(7);
  });

  it('logs a whole start-up and a conversation without the app secret or the database password', async () => {
    // On PostgreSQL the URL carries a password (trust authentication ignores it).
    const database = await createTestDatabase();
    const databaseUrl = database.env.DATABASE_URL?.replace('postgres@', 'postgres:pg-pass-4711@');
    const t = await startTestApp({ LOG_LEVEL: 'debug', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
    try {
      await t.client.message(REQUESTER, REQUESTER_CHAT, 'request a workspace');
      const text = JSON.stringify(t.logs);
      expect(t.logs.length).toBeGreaterThan(5);
      expect(text).not.toContain('pg-pass-4711');
      expect(text).not.toMatch(/Bearer [A-Za-z0-9._-]{16,}/);
    } finally {
      await t.stop();
      await database.drop();
    }
  });
});
