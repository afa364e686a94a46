/**
 * `npm run bench`: measures the bot on this machine and writes bench/results.md. Each part is
 * bounded (fixed request counts, fixed windows); the whole run takes a few minutes. Name parts
 * to run only those: `npm run bench -- turns arm-calls` (results.md is then left as it was).
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { measureArmCalls } from './arm-calls';
import { measureInFlight } from './in-flight-runner';
import { describeMachine } from './machine';
import { renderMarkdown, renderText, type Section } from './report';
import { RESULTS_FILE, writeBenchResults } from './results-file';
import { measureStartToReady } from './start-to-ready';
import { measureTurns } from './turns';

const PARTS: Record<string, () => Promise<Section[]>> = {
  turns: measureTurns,
  'arm-calls': async () => [await measureArmCalls()],
  'in-flight': async () => [await measureInFlight()],
  'start-to-ready': async () => [await measureStartToReady()],
};

async function main(): Promise<void> {
  const chosen = process.argv.slice(2);
  const unknown = chosen.filter((name) => !PARTS[name]);
  if (unknown.length) throw new Error(`Unknown part(s) ${unknown.join(', ')}; the parts are ${Object.keys(PARTS).join(', ')}.`);

  const machine = describeMachine();
  const { cpu, cores, memoryGb, node, loadAverage } = machine;
  process.stdout.write(`Benchmarks on ${cpu}, ${cores} cores, ${memoryGb} GB, Node.js ${node}, load average ${loadAverage.toFixed(2)}\n`);
  const started = performance.now();
  const sections: Section[] = [];
  for (const [name, run] of Object.entries(PARTS)) {
    if (chosen.length && !chosen.includes(name)) continue;
    process.stdout.write(`\n[${name}] running ...\n`);
    const loadBefore = os.loadavg()[0];
    const partSections = await run();
    // Other work on the machine skews these figures; say how busy it was.
    const load = `Load average (1 min) when this part started / ended: ${loadBefore.toFixed(2)} / ${os.loadavg()[0].toFixed(2)}.`;
    for (const section of partSections) {
      section.notes.push(load);
      sections.push(section);
      process.stdout.write(`${renderText(section)}\n`);
    }
  }

  const seconds = (performance.now() - started) / 1000;
  if (chosen.length) return;
  writeBenchResults(renderMarkdown(machine, sections, seconds, os.loadavg()[0]));
  process.stdout.write(`\nWritten to ${path.relative(process.cwd(), RESULTS_FILE)} (${seconds.toFixed(0)} s in all).\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`The benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
