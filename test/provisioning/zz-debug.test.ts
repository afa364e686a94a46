import { REQUESTER_CHAT } from '../../src/local-teams/journey';
import { HOUR, MINUTE, paymentsSpec, World } from './world';
it('debug', async () => {
  const world = await World.start({ gatewayMs: 5 * MINUTE });
  await world.meetEveryone();
  const request = await world.approvedRequest(paymentsSpec());
  world.connector.failNext({ status: 429, headers: { 'Retry-After': '90' }, conversation: REQUESTER_CHAT.id, kind: 'reply' });
  await world.runUntilState(request.id, ['succeeded'], HOUR, 5_000);
  world.clock.advance(91_000);
  await world.runDue();
  for (const l of world.logs.filter((l) => l.target || l.jobId || l.level >= 40)) console.log(JSON.stringify({...l, err: l.err ? String((l.err as any).message) : undefined}).slice(0, 400));
  await world.stop();
});
