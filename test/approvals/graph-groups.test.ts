import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphGroupDirectory } from '../../src/adapters/graph/graph-group-directory';
import { CachedGroupDirectory, DirectoryUnavailableError } from '../../src/core/group-directory';
import { createLogger } from '../../src/logging';
import { ManualClock } from '../support/manual-clock';
import { startTestApp, type TestApp } from '../support/test-app';
import { BYSTANDER, press, SECOND_APPROVER, stateOf, submit, textOf } from './approvals-fixture';

const PLATFORM_LEADS = '9aaaaaaa-0000-4000-8000-00000000000a';
const NESTED_TEAM = '9bbbbbbb-0000-4000-8000-00000000000b';

/**
 * A stand-in for Microsoft Graph on loopback, which cannot be reached from here: Dee is in the
 * platform leads group through a nested team; its answers come in two pages, as Graph pages them.
 */
class FakeGraph {
  readonly paths: string[] = [];
  down = false;
  private server?: http.Server;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => this.answer(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    this.paths.push(url.pathname);
    const send = (status: number, body: unknown) => {
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(body));
    };
    if (this.down) return send(503, { error: { code: 'serviceUnavailable', message: 'down' } });

    const member = /^\/v1\.0\/users\/([^/]+)\/transitiveMemberOf\/microsoft\.graph\.group$/.exec(url.pathname);
    if (member && url.searchParams.get('page') === '2') return send(200, { value: [{ id: PLATFORM_LEADS }] });
    if (member && member[1] === SECOND_APPROVER.aadObjectId) {
      return send(200, { value: [{ id: NESTED_TEAM }], '@odata.nextLink': `${this.url}${url.pathname}?page=2` });
    }
    if (member && member[1] === BYSTANDER.aadObjectId) return send(200, { value: [{ id: NESTED_TEAM }] });
    if (member) return send(404, { error: { code: 'Request_ResourceNotFound', message: 'no such user' } });
    if (url.pathname === `/v1.0/groups/${PLATFORM_LEADS}/transitiveMembers/microsoft.graph.user`) {
      return send(200, { value: [{ id: SECOND_APPROVER.aadObjectId }] });
    }
    return send(404, { error: { code: 'Request_ResourceNotFound', message: 'unknown' } });
  }
}

describe('approver groups through Microsoft Graph', () => {
  const graph = new FakeGraph();
  const log = createLogger('silent');

  beforeAll(async () => graph.start());
  afterAll(async () => graph.stop());

  it('reads a user\u2019s groups, nested and across pages, and keeps them for the cache time', async () => {
    const clock = new ManualClock();
    const credential = { getToken: async () => ({ token: 'test', expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const directory = new CachedGroupDirectory(new GraphGroupDirectory({ endpoint: graph.url, credential, log }), 60_000, clock);
    const asked = () => graph.paths.filter((p) => p.includes(SECOND_APPROVER.aadObjectId)).length;

    expect(await directory.groupsOf(SECOND_APPROVER.aadObjectId)).toEqual([NESTED_TEAM, PLATFORM_LEADS]);
    const first = asked();
    expect(await directory.groupsOf(SECOND_APPROVER.aadObjectId)).toEqual([NESTED_TEAM, PLATFORM_LEADS]);
    expect(asked()).toBe(first);

    clock.advance(61_000);
    await directory.groupsOf(SECOND_APPROVER.aadObjectId);
    expect(asked()).toBe(first * 2);
    expect(await directory.groupsOf('00000000-0000-4000-8000-000000000000')).toEqual([]);

    graph.down = true;
    clock.advance(61_000);
    await expect(directory.groupsOf(SECOND_APPROVER.aadObjectId)).rejects.toBeInstanceOf(DirectoryUnavailableError);
    graph.down = false;
  });

  describe('in the running bot', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({ APPROVERS: '', APPROVER_GROUPS: PLATFORM_LEADS, GRAPH_ENABLED: 'true', GRAPH_ENDPOINT: graph.url });
    });
    afterAll(async () => t.stop());

    it('lets a member of an approver group approve, and nobody outside it', async () => {
      const { requestId } = await submit(t);

      const outsider = await press(t, BYSTANDER, 'approve', { requestId, version: 1 });
      expect(textOf(outsider)).toMatch(/Only the configured platform approvers/);

      const member = await press(t, SECOND_APPROVER, 'refresh', { requestId, version: 1 });
      expect((member.refresh as { userIds: string[] }).userIds).toEqual([SECOND_APPROVER.aadObjectId]);
      const approved = await press(t, SECOND_APPROVER, 'approve', { requestId, version: 1 });
      expect(textOf(approved)).toMatch(/You approved this request/);
    });

    it('counts nobody as a group member while Graph does not answer, and says so', async () => {
      const { requestId } = await submit(t);
      graph.down = true;
      try {
        // The first answer may still be cached; a different user is asked afresh.
        const card = await press(t, { ...BYSTANDER, aadObjectId: '0ccccccc-0000-4000-8000-00000000000c' }, 'approve', { requestId, version: 1 });
        expect(textOf(card)).toMatch(/group membership could not be checked just now/);
        expect(stateOf(card)).toBe('Waiting for approval');
      } finally {
        graph.down = false;
      }
    });
  });
});
