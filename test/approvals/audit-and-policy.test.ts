import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { loadApprovalPolicy } from '../../src/approval-policy-file';
import { loadConfig } from '../../src/config';
import { requiredApprovals } from '../../src/core/policy';
import { startTestApp, type TestApp } from '../support/test-app';
import { APPROVER, BYSTANDER, press, submit } from './approvals-fixture';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

describe('the approval policy file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apim-policy-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function load(content: string | undefined, env: Record<string, string> = {}) {
    const file = path.join(dir, `policy-${Math.random().toString(36).slice(2)}.json`);
    if (content !== undefined) fs.writeFileSync(file, content);
    return loadApprovalPolicy(loadConfig({ APPROVAL_POLICY_FILE: file, ...env }).approvalPolicy);
  }

  it('reads approvers, rules, expiry and prices, and lets the environment override keys', () => {
    const example = fs.readFileSync(path.join(ROOT, 'config/approval-policy.example.json'), 'utf8');
    const loaded = load(example, { APPROVALS_REQUIRED: '2', APPROVAL_EXPIRY_DAYS: '3' });

    expect(loaded.problems).toEqual([]);
    expect(loaded.policy).toMatchObject({ approvers: ['b2222222-2222-4222-8222-222222222222', 'd4444444-4444-4444-8444-444444444444'], approvalsRequired: 2, expiryHours: 72 });
    const injection = { gateway: { kind: 'new', name: 'gw', units: 1, network: 'vnet_injection' } } as never;
    expect(requiredApprovals(loaded.policy, injection)).toEqual({ count: 2, reasons: ['VNet injection'] });
  });

  it.each([
    ['broken JSON', '{ "approvers": ', '(file)'],
    ['a user id that is not a GUID', '{ "approvers": { "users": ["bo@contoso.com"] } }', 'approvers.users.0'],
    ['a misspelt key', '{ "approver": { "users": [] } }', '(file)'],
    ['a rule without conditions', '{ "rules": [{ "name": "all", "approvalsRequired": 2, "when": {} }] }', 'rules.0.when'],
    ['a missing file named by APPROVAL_POLICY_FILE', undefined, 'APPROVAL_POLICY_FILE'],
  ])('lets nobody approve with %s, naming the key', (_what, content, key) => {
    const loaded = load(content, { APPROVERS: 'b2222222-2222-4222-8222-222222222222' });

    expect(loaded.policy.approvers).toEqual([]);
    expect(loaded.problems.map((p) => p.key)).toContain(key);
  });
});

describe('the audit trail', () => {
  let t: TestApp;
  let requestId = '';

  beforeAll(async () => {
    t = await startTestApp();
    requestId = (await submit(t)).requestId;
    await press(t, BYSTANDER, 'approve', { requestId, version: 1 });
    await press(t, APPROVER, 'reject', { requestId, version: 1, reason: 'Use the EU gateway' });
    await submit(t);
  });
  afterAll(async () => t.stop());

  async function exportAudit(args: string[]) {
    const out = path.join(t.dataDir, `audit-${Math.random().toString(36).slice(2)}.jsonl`);
    const env = { ...process.env, ...t.databaseEnv, DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' };
    await run(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'scripts/audit-export.ts', '--out', out, ...args], { cwd: ROOT, env });
    return fs.readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  }

  it('exports one request\u2019s events as JSON lines, refusals included', async () => {
    const events = await exportAudit(['--request', requestId]);

    expect(events.map((e) => [e.action, e.accepted, e.actorName])).toEqual([
      ['submit', true, 'Ada Lovelace'],
      ['approve', false, 'Eve Bystander'],
      ['reject', true, 'Bo Platform'],
    ]);
    expect(events[2]).toMatchObject({ requestId, fromState: 'pending_approval', toState: 'rejected', reason: 'Use the EU gateway', conversationId: '19:platform-approvals@thread.tacv2' });
    expect(events[1]).toMatchObject({ reason: 'not_an_approver', toState: null });
  });

  it('exports every request\u2019s events without --request', async () => {
    const events = await exportAudit([]);

    expect(new Set(events.map((e) => e.requestId)).size).toBe(2);
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
  });

  it('cannot be changed or deleted, even by someone with the database file', () => {
    if (t.databaseEnv.DATABASE_URL) return; // the same trigger guards PostgreSQL; this check opens the SQLite file
    const db = new SQLite(path.join(t.dataDir, 'bot.sqlite'));
    try {
      expect(() => db.prepare("update audit_events set reason = 'edited'").run()).toThrow(/append-only/);
      expect(() => db.prepare('delete from audit_events').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});
