import { fork } from 'node:child_process';
import path from 'node:path';
import { IN_FLIGHT, type InFlightFigures, type Phase } from './in-flight';
import { fixed, type Section } from './report';

const GOALS = { rssMb: 300, eventLoopMs: 50, armPerSecond: 5 };

/** Runs in-flight.ts in a process of its own and turns its figures into a section. */
export async function measureInFlight(): Promise<Section> {
  const child = fork(path.join(__dirname, 'in-flight.ts'), [], {
    execArgv: ['--disable-warning=DEP0111', '--expose-gc', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const figures = await new Promise<InFlightFigures>((resolve, reject) => {
    child.on('message', (message: { kind: string; figures: InFlightFigures }) => {
      if (message.kind === 'figures') resolve(message.figures);
    });
    child.once('exit', (code) => reject(new Error(`the in-flight benchmark exited with ${code} before reporting`)));
  });
  return section(figures);
}

function section(f: InFlightFigures): Section {
  const phases: [string, Phase][] = [
    ['all 1,000 starting (runner started until every gateway PUT was sent)', f.ramp],
    ['first minute with all 1,000 in flight (real time)', f.firstMinute],
    ['one poll cycle at hour 1', f.cycle],
  ];
  const rssMax = Math.max(...phases.map(([, p]) => p.rssMaxMb));
  const rate = (p: Phase) => `${fixed(p.armPerSecond ?? Number.NaN, 2)}/s${p.armLogTruncated ? ' (at least)' : ''}`;
  const loop = (name: string, p: Phase) => ({
    name: `event-loop delay p99, ${name}`,
    value: `${fixed(p.eventLoopP99Ms)} ms`,
    goal: `< ${GOALS.eventLoopMs} ms`,
    met: p.eventLoopP99Ms < GOALS.eventLoopMs,
  });
  const arm = (name: string, p: Phase) => ({
    name: `ARM request rate, ${name}`,
    value: rate(p),
    goal: `< ${GOALS.armPerSecond}/s`,
    met: (p.armPerSecond ?? Infinity) < GOALS.armPerSecond,
  });

  return {
    title: '1,000 provisionings in flight on one instance',
    measures: [
      { name: 'requests in flight (state provisioning)', value: String(f.inFlight) },
      {
        name: 'resident memory, highest in any phase',
        value: `${fixed(rssMax, 0)} MB`,
        goal: `< ${GOALS.rssMb} MB`,
        met: rssMax < GOALS.rssMb,
      },
      {
        name: 'after a full GC at the end of the poll cycle: resident memory / live heap',
        value: `${fixed(f.cycle.rssAfterGcMb, 0)} MB / ${fixed(f.cycle.heapLiveMb, 0)} MB`,
      },
      loop('first minute in flight', f.firstMinute),
      loop('poll cycle at hour 1', f.cycle),
      arm('first minute in flight', f.firstMinute),
      arm('over one poll cycle at hour 1', f.cycle),
      {
        name: 'setup: 1,000 requests submitted and approved over HTTP',
        value: `${fixed(f.setupSeconds, 0)} s, ${f.setupFailures} failed`,
      },
      { name: 'warnings the bot logged', value: f.warnings.join('; ') || 'none' },
    ],
    table: [
      [
        'phase',
        'wall s',
        'bot-clock s',
        'RSS max MB',
        'heap max MB',
        'RSS / heap after GC, MB',
        'loop p99 ms',
        'loop max ms',
        'ARM calls',
        'ARM/s (bot clock)',
        'busiest 10 s, /s',
      ],
      ...phases.map(([name, p]) => phaseRow(name, p)),
    ],
    notes: [
      `Setup through the HTTP interface: ${IN_FLIGHT.requests} form submits (a new gateway each) and approvals at ` +
        `concurrency ${IN_FLIGHT.concurrency}, with the job runner stopped so that all provisionings start together ` +
        'when it starts.',
      'The bot (startApp, SQLite, POLL_INTERVAL_SECONDS=60 as against Azure, LOG_LEVEL=warn) runs in a process of ' +
        "its own with a thin driver; memory and event-loop delay (perf_hooks.monitorEventLoopDelay, 10 ms resolution) " +
        "are that process's. The ARM emulator (gateway creation 3 h, throttling off, since ARM's write limit would " +
        'pace the 2,000 creates to ten a second) and a Bot Connector that accepts and forgets every send run in a ' +
        'third process.',
      "ARM calls are counted from the emulator's request log by the bot's clock. After the first minute the clock " +
        "jumps 55 minutes, which brings every gateway's next poll due at once; the poll-cycle row runs from that " +
        `moment, at real speed while those polls run and then with the clock at ${IN_FLIGHT.laterSpeed}x, until the ` +
        'next round of polls begins. Each gateway is polled once per cycle, so its rate is the sustained rate of ' +
        'hour-old provisionings, whatever cycle length the bot chose.',
      'All 1,000 started in the same minute, so their polls stay bunched: the busiest-10-seconds column shows the ' +
        'peaks that the averages hide.',
    ],
  };
}

function phaseRow(name: string, p: Phase): string[] {
  return [
    name,
    fixed(p.seconds, 0),
    fixed(p.clockSeconds, 0),
    fixed(p.rssMaxMb, 0),
    fixed(p.heapMaxMb, 0),
    `${fixed(p.rssAfterGcMb, 0)} / ${fixed(p.heapLiveMb, 0)}`,
    fixed(p.eventLoopP99Ms),
    fixed(p.eventLoopMaxMs),
    `${p.armCalls ?? ''}${p.armLogTruncated ? '+' : ''}`,
    fixed(p.armPerSecond ?? Number.NaN, 2),
    fixed(p.armPeakPerSecond ?? Number.NaN, 1),
  ];
}
