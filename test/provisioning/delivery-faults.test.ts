import { APPROVALS_CHANNEL, REQUESTER_CHAT } from '../../src/local-teams/journey';
import { ANNOUNCEMENTS_CHANNEL, HOUR, MINUTE, paymentsSpec, World } from './world';

describe('completion notices when Teams answers with an error', () => {
  let world: World;

  beforeEach(async () => {
    world = await World.start({ gatewayMs: 5 * MINUTE });
    await world.meetEveryone();
  });
  afterEach(async () => world.stop());

  const ready = /is ready/;

  it('waits out a 429 for as long as Retry-After says and then delivers once', async () => {
    const request = await world.approvedRequest(paymentsSpec());
    world.connector.failNext({ status: 429, headers: { 'Retry-After': '90' }, conversation: REQUESTER_CHAT.id, kind: 'reply' });

    await world.runUntilState(request.id, ['succeeded'], HOUR, 5_000);
    expect(world.noticesIn(REQUESTER_CHAT, request.id, ready)).toHaveLength(0);
    expect(world.noticesIn(APPROVALS_CHANNEL, request.id, ready)).toHaveLength(1);

    world.clock.advance(89_000);
    await world.runDue();
    expect(world.noticesIn(REQUESTER_CHAT, request.id, ready)).toHaveLength(0);

    world.clock.advance(1_000);
    await world.runDue();
    expect(world.noticesIn(REQUESTER_CHAT, request.id, ready)).toHaveLength(1);
    world.clock.advance(HOUR);
    await world.runDue();
    expect(world.noticesIn(REQUESTER_CHAT, request.id, ready)).toHaveLength(1);
  });

  it('retries a 500 with backoff and delivers once', async () => {
    const request = await world.approvedRequest(paymentsSpec());
    world.connector.failNext({ status: 500, conversation: APPROVALS_CHANNEL.id, kind: 'reply' }, 3);

    await world.runUntilState(request.id, ['succeeded'], HOUR, 5_000);
    await world.runUntil(async () => world.noticesIn(APPROVALS_CHANNEL, request.id, ready).length > 0, 5 * MINUTE, 1_000);
    expect(world.logs.filter((l) => l.msg === 'notice delivery will be retried' && l.target === 'approvals')).toHaveLength(3);
    world.clock.advance(HOUR);
    await world.runDue();
    expect(world.noticesIn(APPROVALS_CHANNEL, request.id, ready)).toHaveLength(1);
    expect(world.noticesIn(REQUESTER_CHAT, request.id, ready)).toHaveLength(1);
  });

  it.each([
    [403, 'the bot was removed from the team', ANNOUNCEMENTS_CHANNEL, 'announcements'],
    [404, 'the conversation is gone', APPROVALS_CHANNEL, 'approvals'],
  ])('gives up on a target answering %i (%s), logs it, audits it, and still tells the others', async (status, _why, lost, target) => {
    const request = await world.approvedRequest(paymentsSpec());
    world.connector.failNext({ status, conversation: lost.id, kind: 'reply' }, 5);

    await world.runUntilState(request.id, ['succeeded'], HOUR, 5_000);
    world.clock.advance(HOUR);
    await world.runDue();

    expect(world.noticesIn(lost, request.id, ready)).toHaveLength(0);
    const others = [REQUESTER_CHAT, APPROVALS_CHANNEL, ANNOUNCEMENTS_CHANNEL].filter((c) => c !== lost);
    for (const conversation of others) expect(world.noticesIn(conversation, request.id, ready)).toHaveLength(1);
    expect(world.logs.filter((l) => l.level === 40 && l.target === target && /can no longer reach/.test(String(l.msg)))).toHaveLength(1);
    const audit = await world.store.listAudit(request.id);
    expect(audit).toContainEqual(expect.objectContaining({ action: `notify ${target}`, accepted: false, reason: expect.stringContaining('unreachable') }));
    expect(await world.store.pendingJobCount('deliver')).toBe(0);
  });
});
