import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { readSharedJson } from './shared-reference';

export interface CardToRender {
  name: string;
  card: object;
}

export interface RenderedCard {
  name: string;
  /** Parse and validation events of the renderer, exceptions and browser errors. */
  errors: string[];
  /** Titles of the action buttons a user can see. */
  buttons: string[];
  /** Ids of the inputs a user can see. */
  inputs: string[];
  /** The text a user reads on the card, as the browser lays it out. */
  text: string;
  /** Tags of the elements the card rendered as, to spot formatting nobody asked for. */
  tags: string[];
  /** Absolute path of the PNG screenshot of the rendered card. */
  screenshot: string;
}

export interface RenderOptions {
  /** Scripts loaded after the renderer, for example a Markdown processor like the host's. */
  scripts?: string[];
}

interface HostResult {
  errors: string[];
  buttons: string[];
  inputs: string[];
  text: string;
  tags: string[];
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

const ADAPTIVE_CARDS_DIST = path.dirname(
  require.resolve('adaptivecards/dist/adaptivecards.min.js'),
);

/** A Teams chat message is about this wide on the desktop client. */
const PAGE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"></head>
<body style="margin:0;background:#f5f5f5">
  <div id="card" style="width:480px;padding:12px;background:#ffffff"></div>
</body></html>`;

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Whether the Chromium executable the renderer launches is present. */
export function browserAvailable(): boolean {
  return fs.existsSync(chromiumPath());
}

async function preparePage(page: Page, scripts: string[]): Promise<void> {
  // Only local files: a page that tried to fetch anything would be a broken card or test.
  await page.route('**/*', (route) => route.abort());
  await page.setContent(PAGE_HTML);
  await page.addStyleTag({ path: path.join(ADAPTIVE_CARDS_DIST, 'adaptivecards.css') });
  await page.addScriptTag({ path: path.join(ADAPTIVE_CARDS_DIST, 'adaptivecards.min.js') });
  await page.addScriptTag({ path: path.join(__dirname, 'card-host.js') });
  for (const script of scripts) await page.addScriptTag({ path: script });

  const hostConfig = readSharedJson('adaptive-cards', 'microsoft-teams-light.hostconfig.json');
  // Calls go in as expression strings, not functions, so that coverage instrumentation
  // of this file can never leak into the page.
  await page.evaluate(`useTestHostConfig(${JSON.stringify(hostConfig)})`);
}

function screenshotName(name: string, index: number): string {
  const safe = name.replace(/[^a-z0-9._-]+/gi, '-').replace(/^-+|-+$/g, '');
  return `${String(index + 1).padStart(2, '0')}-${safe || 'card'}.png`;
}

/**
 * Renders each card with the `adaptivecards` package in headless Chromium, styled by the
 * Teams light host config, and saves one screenshot per card in `outDir`. The browser has
 * no network: everything it loads comes from node_modules and the shared reference folder.
 */
export async function renderCardsInBrowser(
  cards: CardToRender[],
  outDir: string,
  options: RenderOptions = {},
): Promise<RenderedCard[]> {
  fs.mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 560, height: 800 } });
    let browserErrors: string[] = [];
    page.on('pageerror', (error) => browserErrors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(`console error: ${message.text()}`);
    });
    await preparePage(page, options.scripts ?? []);

    const results: RenderedCard[] = [];
    for (const [index, { name, card }] of cards.entries()) {
      browserErrors = [];
      const result = (await page.evaluate(
        `renderTestCard(${JSON.stringify(card)}, 'card')`,
      )) as HostResult;

      const screenshot = path.resolve(outDir, screenshotName(name, index));
      await page.locator('#card').screenshot({ path: screenshot });
      results.push({ name, ...result, errors: [...result.errors, ...browserErrors], screenshot });
    }
    return results;
  } finally {
    await browser.close();
  }
}
