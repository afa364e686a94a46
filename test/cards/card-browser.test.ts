import fs from 'node:fs';
import path from 'node:path';
import { browserAvailable, chromiumPath, renderCardsInBrowser, type RenderedCard } from '../support/card-browser';
import { actionTitles, allCards, openCardServices, sampleRequest, type CardServices, type CatalogueCard } from './card-catalogue';
import { requestCardFor } from '../../src/adapters/teams/bot-services';
import { HOSTILE_TEXTS } from './hostile-texts';

const OUT_DIR = path.resolve(__dirname, '../../test-output/cards');
const TEAMS_MARKDOWN = path.join(__dirname, 'teams-markdown.js');

/** Elements only Markdown makes; the bot's cards carry none, so none may appear. */
const MARKDOWN_TAGS = ['a', 'strong', 'em', 'del', 'code', 'img', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'b', 'i', 'u'];

/** CI must prove the cards render; a developer without Chromium gets a skip, not a failure. */
const runningInCi = !!process.env.CI && !['0', 'false'].includes(process.env.CI.toLowerCase());
const canRun = browserAvailable() || runningInCi;
const describeInBrowser = canRun ? describe : describe.skip;

describeInBrowser('every card rendered in Chromium with the Teams host config', () => {
  let env: CardServices;
  let cards: CatalogueCard[];
  let rendered: RenderedCard[];

  beforeAll(async () => {
    if (!browserAvailable()) throw new Error(`CI is set but Chromium is missing at ${chromiumPath()}`);
    fs.rmSync(OUT_DIR, { recursive: true, force: true });
    env = await openCardServices();
    const hostile = sampleRequest('pending_approval', {
      requester: { id: 'f6666666-6666-4666-8666-666666666666', name: HOSTILE_TEXTS.markdown },
      spec: { ...sampleRequest('pending_approval').spec, workspace: { displayName: HOSTILE_TEXTS.quotes, name: 'payments', description: Object.values(HOSTILE_TEXTS).join('\n') } },
    });
    cards = [...(await allCards(env.services)), { name: 'request with hostile text', card: await requestCardFor(env.services, hostile, '') }];
    rendered = await renderCardsInBrowser(cards, OUT_DIR, { scripts: [TEAMS_MARKDOWN] });
  });
  afterAll(async () => env?.close());

  /**
   * The one complaint allowed: the JavaScript renderer does not know Teams' people picker in a
   * 1.5 card, so a picker with no one chosen yet looks to it like a choice set with no choices.
   */
  it('renders each card without parse, validation or script errors', () => {
    const pickerNotice = 'validation CollectionCantBeEmpty: An Input.ChoiceSet must have at least one choice defined.';
    for (const [index, result] of rendered.entries()) {
      const emptyPickers = emptyPeoplePickers(cards[index].card);
      expect({ card: result.name, errors: result.errors }).toEqual({ card: result.name, errors: Array(emptyPickers).fill(pickerNotice) });
    }
  });

  it('shows exactly the buttons each card offers', () => {
    for (const [index, result] of rendered.entries()) {
      expect({ card: result.name, buttons: result.buttons }).toEqual({ card: result.name, buttons: actionTitles(cards[index].card) });
    }
  });

  it('offers the form\'s submit button and every input of the how-to', () => {
    const form = rendered.find((r) => r.name === 'form from a message');
    expect(form?.buttons).toEqual(['Submit for approval']);
    expect(form?.inputs).toEqual(expect.arrayContaining([
      'workspaceDisplayName', 'workspaceName', 'workspaceDescription', 'gatewayMode', 'gatewayName', 'gatewayUnits',
      'networkMode', 'subnetId', 'existingGateway', 'member1People', 'member1GroupIds', 'member1ServiceRole',
      'member1WorkspaceRole', 'manager1People', 'manager1GroupIds', 'manager1Role', 'logAnalyticsWorkspaceId',
    ]));
  });

  it('gives Approve and Reject only to an approver who may decide', () => {
    const buttons = (name: string) => rendered.find((r) => r.name === name)?.buttons ?? [];
    expect(buttons('request pending_approval (approver)')).toEqual(expect.arrayContaining(['Approve', 'Reject']));
    for (const viewer of ['requester', 'bystander', 'shared approval card']) {
      expect(buttons(`request pending_approval (${viewer})`)).not.toContain('Approve');
    }
    expect(buttons('request succeeded (requester)')).toContain('Open in the Azure portal');
  });

  it('shows user text literally: no formatting, links or lists appear, and every character is there', () => {
    for (const result of rendered) {
      expect({ card: result.name, markup: result.tags.filter((tag) => MARKDOWN_TAGS.includes(tag)) }).toEqual({ card: result.name, markup: [] });
    }
    const hostile = rendered.find((r) => r.name === 'request with hostile text');
    for (const [kind, text] of Object.entries(HOSTILE_TEXTS)) {
      if (kind === 'long') continue;
      expect({ kind, shown: squeeze(hostile?.text ?? '').includes(squeeze(asShown(text))) }).toEqual({ kind, shown: true });
    }
  });

  it('formats Markdown in the test host, so the check above can see it', async () => {
    const raw = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '**bold** [link](https://example.com)\n\n- item', wrap: true }] };
    const [result] = await renderCardsInBrowser([{ name: 'raw markdown', card: raw }], path.join(OUT_DIR, 'control'), { scripts: [TEAMS_MARKDOWN] });
    expect(result.tags).toEqual(expect.arrayContaining(['strong', 'a', 'li']));
  });

  it('saves a screenshot of every card', () => {
    for (const { screenshot } of rendered) expect(fs.statSync(screenshot).size).toBeGreaterThan(1000);
  });
});

/** What a person sees of a text: bidirectional controls are dropped, white space is layout. */
function asShown(text: string): string {
  return text.replace(/[\u202A-\u202E\u2066-\u2069]/g, '');
}

function squeeze(text: string): string {
  return text.replace(/[\u2060]/g, '').replace(/\s+/g, ' ').trim();
}

function emptyPeoplePickers(card: unknown): number {
  const json = JSON.stringify(card);
  return (json.match(/"choices":\[\],"choices\.data":\{"type":"Data\.Query"/g) ?? []).length;
}

if (!canRun) console.warn(`Card rendering tests skipped: no Chromium at ${chromiumPath()}.`);
