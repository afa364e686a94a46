import { APPROVALS_CHANNEL, REQUESTER_CHAT } from '../../src/local-teams/journey';
import { allTexts, cardOf, cardTitle } from '../../src/local-teams/local-connector';
import { ANNOUNCEMENTS_CHANNEL, HOUR, MINUTE, paymentsSpec, putsByPath, World } from './world';

const GATEWAY_MS = 3 * HOUR + 20 * MINUTE;

describe('a gateway that takes 3 h 20 min to create', () => {
  let world: World;

  afterEach(async () => world.stop());

  it('completes within 60 ARM calls and tells each conversation exactly once', async () => {
    world = await World.start({ gatewayMs: GATEWAY_MS });
    await world.meetEveryone();
    const request = await world.approvedRequest(paymentsSpec());

    const done = await world.runUntilState(request.id, ['succeeded', 'failed'], 5 * HOUR);

    expect(done.state).toBe('succeeded');
    const calls = world.armCalls();
    process.stdout.write(`ARM calls for a 3 h 20 min gateway: ${calls.length}\n`);
    expect(calls.length).toBeLessThanOrEqual(60);
    const puts = putsByPath(calls);
    expect(puts.get(`/${gatewayPath(request.spec.gateway.name)}`)).toBe(1);
    expect([...puts.values()].every((count) => count === 1)).toBe(true);

    for (const conversation of [REQUESTER_CHAT, APPROVALS_CHANNEL, ANNOUNCEMENTS_CHANNEL]) {
      expect(world.noticesIn(conversation, request.id, /is ready/)).toHaveLength(1);
    }
  });

  it('shows a checklist on the status card, updated per step and at most every 15 minutes', async () => {
    world = await World.start({ gatewayMs: GATEWAY_MS });
    await world.meetEveryone({ announcements: false });
    const request = await world.approvedRequest(paymentsSpec());

    const minutesShown = (call: Parameters<typeof texts>[0]) => Number(/Gateway: in progress, (\d+) min so far/.exec(texts(call))?.[1] ?? 0);
    await world.runUntil(async () => world.statusCardUpdates(request.id).some((c) => minutesShown(c) >= 60), 2 * HOUR);
    const midway = world.statusCardUpdates(request.id).map(texts).pop() ?? '';
    expect(midway).toMatch(/\u2714 Workspace: done/);
    expect(midway).toMatch(/\u25CB Role assignments: waiting/);

    await world.runUntilState(request.id, ['succeeded'], 4 * HOUR);
    await world.runDue();
    const updates = world.statusCardUpdates(request.id);
    const last = texts(updates[updates.length - 1]);
    for (const step of ['Workspace', 'Gateway', 'Workspace linked to the gateway', 'Role assignments', 'Gateway logs to Log Analytics']) {
      expect(last).toContain(`\u2714 ${step}: done`);
    }
    // Five step changes, three state changes and one update per 15 minutes of gateway creation.
    expect(updates.length).toBeLessThanOrEqual(5 + 3 + Math.ceil(GATEWAY_MS / (15 * MINUTE)));
    expect(updates.length).toBeGreaterThanOrEqual(10);
  });

  it('becomes still provisioning after a one-hour budget, tells people, and completes later with one gateway PUT', async () => {
    world = await World.start({ gatewayMs: GATEWAY_MS, env: { PROVISIONING_BUDGET_HOURS: '1' } });
    await world.meetEveryone();
    const request = await world.approvedRequest(paymentsSpec());

    const waiting = await world.runUntilState(request.id, ['still_provisioning', 'succeeded', 'failed'], 2 * HOUR);
    expect(waiting.state).toBe('still_provisioning');
    await world.runDue();
    expect(world.noticesIn(REQUESTER_CHAT, request.id, /still being provisioned/)).toHaveLength(1);
    expect(world.noticesIn(APPROVALS_CHANNEL, request.id, /still being provisioned/)).toHaveLength(1);
    expect(texts(world.noticesIn(REQUESTER_CHAT, request.id, /still being provisioned/)[0])).toMatch(/keeps checking/);
    const budgetSpentAt = world.clock.epochMs;

    const done = await world.runUntilState(request.id, ['succeeded', 'failed'], 4 * HOUR);
    expect(done.state).toBe('succeeded');
    const gatewayPuts = world.armCalls().filter((e) => e.method === 'PUT' && e.path.endsWith(`/gateways/${request.spec.gateway.name}`));
    expect(gatewayPuts).toHaveLength(1);

    // After the budget, the operation is polled at a slow pace only.
    const polls = world.armCalls().filter((e) => e.operation === 'operations.get' && Date.parse(e.at) > budgetSpentAt);
    const gaps = polls.slice(1).map((poll, i) => Date.parse(poll.at) - Date.parse(polls[i].at));
    expect(gaps.filter((gap) => gap < 15 * MINUTE && gap > 0).length).toBeLessThanOrEqual(1);
    for (const conversation of [REQUESTER_CHAT, APPROVALS_CHANNEL, ANNOUNCEMENTS_CHANNEL]) {
      expect(world.noticesIn(conversation, request.id, /is ready/)).toHaveLength(1);
    }
    expect(world.noticesIn(ANNOUNCEMENTS_CHANNEL, request.id, /still being provisioned/)).toHaveLength(0);
  });
});

function gatewayPath(name: string): string {
  return `subscriptions/6b1c3f9e-2d4a-4e8b-9c7f-1a2b3c4d5e6f/resourcegroups/rg-api-platform/providers/microsoft.apimanagement/gateways/${name}`;
}

function texts(call: { activity: Record<string, unknown> } | undefined): string {
  return call ? [cardTitle(cardOf(call.activity)), ...allTexts(cardOf(call.activity))].join('\n') : '';
}
