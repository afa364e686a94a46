import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import { COMMANDS } from '../../src/adapters/teams/commands';
import { decodePng, readPngHeader } from '../support/png';
import { readSharedJson } from '../support/shared-reference';

const MANIFEST_DIR = path.resolve(__dirname, '../../manifest');
const PLACEHOLDER_BOT_ID = '00000000-0000-0000-0000-000000000000';

interface CommandList {
  scopes: string[];
  commands: Array<{ title: string; description?: string }>;
}

interface Manifest {
  icons: { color: string; outline: string };
  bots: Array<{
    botId: string;
    scopes: string[];
    supportsFiles?: boolean;
    isNotificationOnly?: boolean;
    commandLists: CommandList[];
  }>;
}

const manifest = JSON.parse(
  fs.readFileSync(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8'),
) as Manifest;
const bot = manifest.bots[0];

/** The bot's own command table, so the menu and the router cannot drift. */
function knownCommands(): ReadonlyArray<{ name: string; description: string }> {
  return COMMANDS;
}

function titlesFor(scope: string): string[] {
  const list = bot.commandLists.find((l) => l.scopes.includes(scope));
  return list ? list.commands.map((c) => c.title) : [];
}

describe('Teams app manifest', () => {
  test('is valid against the Teams manifest schema v1.29', () => {
    // strictTypes off: the upstream schema leaves out `type` next to some keywords.
    const ajv = new Ajv({ allErrors: true, strictTypes: false });
    ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S*$/i);
    const validate = ajv.compile(
      readSharedJson('teams-manifest', 'MicrosoftTeams.v1.29.schema.json') as object,
    );

    validate(manifest);

    expect(ajv.errorsText(validate.errors, { separator: '\n' })).toBe('No errors');
  });

  test('ships the placeholder bot id that packaging replaces with the MicrosoftAppId', () => {
    expect(bot.botId).toBe(PLACEHOLDER_BOT_ID);
  });

  test('offers a conversational bot in personal chat, teams and group chats', () => {
    expect(manifest.bots).toHaveLength(1);
    expect([...bot.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.supportsFiles).toBe(false);
    expect(bot.isNotificationOnly).toBe(false);
  });
});

describe('app icons', () => {
  test('the colour icon is a 192x192 PNG', () => {
    const header = readPngHeader(fs.readFileSync(path.join(MANIFEST_DIR, manifest.icons.color)));

    expect([header.width, header.height]).toEqual([192, 192]);
  });

  test('the outline icon is a 32x32 PNG', () => {
    const header = readPngHeader(fs.readFileSync(path.join(MANIFEST_DIR, manifest.icons.outline)));

    expect([header.width, header.height]).toEqual([32, 32]);
  });

  test('the outline icon is white on transparent, and not empty', () => {
    const png = decodePng(fs.readFileSync(path.join(MANIFEST_DIR, manifest.icons.outline)));
    const offending: string[] = [];
    let opaque = 0;
    for (let i = 0; i < png.width * png.height; i++) {
      const [r, g, b, a] = png.pixels.subarray(i * 4, i * 4 + 4);
      if (a === 255) opaque++;
      if (a > 0 && (r !== 255 || g !== 255 || b !== 255)) {
        const [x, y] = [i % png.width, Math.floor(i / png.width)];
        offending.push(`(${x}, ${y}) rgba(${r},${g},${b},${a})`);
      }
    }

    expect(offending.slice(0, 5)).toEqual([]);
    expect(opaque).toBeGreaterThan(50);
  });
});

describe('bot command menu', () => {
  const known = knownCommands();

  test('offers exactly the commands the bot knows, across all scopes', () => {
    const offered = new Set(bot.commandLists.flatMap((l) => l.commands.map((c) => c.title)));

    expect([...offered].sort()).toEqual(known.map((c) => c.name).sort());
  });

  test('has one list per bot scope, without repeated commands', () => {
    for (const scope of bot.scopes) {
      const titles = titlesFor(scope);

      expect({ scope, count: titles.length }).toEqual({ scope, count: new Set(titles).size });
      expect(titles.length).toBeGreaterThan(0);
    }
    expect(bot.commandLists.flatMap((l) => l.scopes).sort()).toEqual([...bot.scopes].sort());
  });

  test('offers "approvals here" only in teams, where a channel can take approvals', () => {
    expect(titlesFor('team')).toContain('approvals here');
    expect(titlesFor('personal')).not.toContain('approvals here');
    expect(titlesFor('groupChat')).not.toContain('approvals here');
  });

  test('stays within the limits Teams clients display (title 32, description 128)', () => {
    // The v1.29 schema allows more (128 and 4000); older clients and the docs cut earlier.
    const tooLong = bot.commandLists
      .flatMap((l) => l.commands)
      .filter((c) => c.title.length > 32 || (c.description ?? '').length > 128);

    expect(tooLong).toEqual([]);
  });
});
