import type { Machine } from './machine';

/** One figure: what was measured, its value, and the goal it is held against, if any. */
export interface Measure {
  name: string;
  value: string;
  goal?: string;
  met?: boolean;
}

export interface Section {
  title: string;
  measures: Measure[];
  /** Raw figures behind the measures: a header row, then one row per line. */
  table?: string[][];
  /** How it was measured, in a sentence or two each. */
  notes: string[];
}

export function renderMarkdown(machine: Machine, sections: Section[], totalSeconds: number, endLoad: number): string {
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (code in `bench/`); every figure below comes from one run on this machine.',
    '',
    '| machine | |',
    '|---|---|',
    `| CPU | ${machine.cpu} |`,
    `| cores | ${machine.cores} |`,
    `| memory | ${machine.memoryGb} GB |`,
    `| Node.js | ${machine.node} |`,
    `| OS | ${machine.os} |`,
    `| date | ${machine.date} |`,
    `| load average (1 min) at start / end | ${machine.loadAverage.toFixed(2)} / ${endLoad.toFixed(2)} |`,
    `| whole run | ${totalSeconds.toFixed(0)} s |`,
    '',
  ];
  for (const section of sections) lines.push(...renderSection(section), '');
  return `${lines.join('\n').trimEnd()}\n`;
}

function renderSection(section: Section): string[] {
  const lines = [`## ${section.title}`, '', '| measure | value | goal | met |', '|---|---|---|---|'];
  for (const m of section.measures) lines.push(`| ${m.name} | ${m.value} | ${m.goal ?? ''} | ${metText(m, '**no**')} |`);
  if (section.table) {
    const [header, ...rows] = section.table;
    lines.push('', `| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
    for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  }
  if (section.notes.length) lines.push('', ...section.notes.map((note) => `- ${note}`));
  return lines;
}

export function renderText(section: Section): string {
  const lines = [`\n${section.title}`];
  for (const m of section.measures) {
    const goal = m.goal ? `  (goal ${m.goal}: ${metText(m, 'NOT MET')})` : '';
    lines.push(`  ${m.name}: ${m.value}${goal}`);
  }
  if (section.table) for (const row of section.table) lines.push(`    ${row.join('  |  ')}`);
  return lines.join('\n');
}

function metText(measure: Measure, no: string): string {
  if (measure.met === undefined) return '';
  return measure.met ? 'yes' : no;
}

export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}
