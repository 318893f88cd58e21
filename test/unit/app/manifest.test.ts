/**
 * manifest.yml is what people paste into "Create app → From an app manifest". Slack rejects a bad one
 * whole, and a missing scope only shows up in production as `missing_scope`, so this test checks it
 * against Slack's manifest schema and against what the code actually does: the commands it registers
 * and the Web API methods it calls.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import { parsePolicy } from '../../../src/config/policy';
import { MANIFEST_BOT_SCOPES } from '../../../src/slackSimulator/scopes';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const MANIFEST_FILE = path.join(REPO_ROOT, 'manifest.yml');
const SRC_DIR = path.join(REPO_ROOT, 'src');
// Vendored with its MIT licence (see the README beside it): the tests read nothing outside the repo.
const SCHEMA_FILE = path.join(REPO_ROOT, 'test/support/slack/manifest-schema/manifest.schema.1.0.0.json');

/** Commands Slack keeps for itself; declaring any of them makes Slack reject the whole manifest. */
const SLACK_BUILT_IN_COMMANDS = [
  '/status',
  '/me',
  '/join',
  '/topic',
  '/remind',
  '/invite',
  '/leave',
  '/msg',
  '/dm',
  '/away',
  '/active',
  '/archive',
  '/collapse',
  '/expand',
  '/feed',
  '/mute',
  '/open',
  '/rename',
  '/search',
  '/shortcuts',
  '/shrug',
  '/who',
  '/apps',
  '/giphy',
  '/call',
  '/dnd',
  '/remove',
  '/kick',
  '/prefs',
  '/feedback',
  '/help',
];

/**
 * Bot scopes each Web API method needs, as this bot uses it. A method missing here fails the test on
 * purpose: whoever adds a call decides which scope it needs, and the manifest follows.
 */
const SCOPES_BY_METHOD: Record<string, string[]> = {
  'chat.postMessage': ['chat:write', 'chat:write.public'], // .public: #incidents by name, without joining
  'chat.update': ['chat:write'],
  // groups:write: the same on a private incident channel.
  'conversations.create': ['channels:manage', 'groups:write'],
  'conversations.invite': ['channels:manage', 'groups:write'],
  'conversations.setTopic': ['channels:manage', 'groups:write'],
  'conversations.open': ['im:write'],
  // Read in the incident channel (public or private) and in DMs, looking for our own message metadata.
  'conversations.history': ['channels:history', 'groups:history', 'im:history', 'metadata.message:read'],
  'pins.add': ['pins:write'],
  'views.open': [], // needs only a trigger_id
  'views.publish': [], // the App Home tab: any bot token may publish a user's home
  'views.update': [], // redraws a modal the bot opened (contact methods)
  'auth.test': [], // any token may ask who it is
  'users.info': ['users:read'],
  'usergroups.users.list': ['usergroups:read'],
  'usergroups.list': ['usergroups:read'],
  'usergroups.create': ['usergroups:write'],
  'usergroups.users.update': ['usergroups:write'],
  // A channel's id from its name, for a retry's history check (a private post-mortem channel: groups:read).
  'conversations.list': ['channels:read', 'groups:read'],
  // Whether the private post-mortem channel really is private, before a private incident's draft goes there.
  'conversations.info': ['channels:read', 'groups:read'],
  'conversations.members': ['groups:read'], // who is in a private incident's channel: who may see it
  'conversations.replies': ['channels:history', 'groups:history'], // a 📌'd reply in a thread, to capture its text
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
  'conversations.join': ['channels:join'],
  'conversations.archive': ['channels:manage', 'groups:write'],
};

interface SlashCommand {
  command: string;
  url?: string;
  description: string;
  usage_hint?: string;
  should_escape?: boolean;
}

interface Manifest {
  display_information: { name: string };
  features: { bot_user: { display_name: string; always_online?: boolean }; slash_commands: SlashCommand[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    interactivity: { is_enabled: boolean; request_url?: string };
    org_deploy_enabled?: boolean;
    socket_mode_enabled?: boolean;
    token_rotation_enabled?: boolean;
  };
}

function readManifest(): Manifest {
  return parseYaml(fs.readFileSync(MANIFEST_FILE, 'utf8')) as Manifest;
}

function readSchema(): object {
  return JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as object;
}

function compileSchema() {
  // strict: false — the schema carries non-standard keywords (`regex`, `_note`).
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(readSchema());
}

function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    (e) => `${e.instancePath || '(root)'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`,
  );
}

function builtInCommandsDeclared(manifest: Manifest): string[] {
  return manifest.features.slash_commands.map((c) => c.command).filter((c) => SLACK_BUILT_IN_COMMANDS.includes(c));
}

function listSourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : listSourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Web API methods called under src/: via the gateway (`call('chat.postMessage'`) or a WebClient (`client.chat.postMessage(`). */
function webApiMethodsUsed(): Map<string, string[]> {
  const patterns = [/\bcall\(\s*['"`]([a-z]+(?:\.[a-zA-Z]+)+)['"`]/g, /\bclient\.((?:[a-z]+\.)+[a-zA-Z]+)\s*\(/g];
  const used = new Map<string, string[]>();
  for (const file of listSourceFiles(SRC_DIR)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) {
        const files = used.get(match[1]) ?? [];
        used.set(match[1], [...new Set([...files, path.relative(REPO_ROOT, file)])]);
      }
    }
  }
  return used;
}

describe("manifest.yml against Slack's manifest schema", () => {
  it('is valid', () => {
    const validate = compileSchema();
    const valid = validate(readManifest());
    expect(describeErrors(validate.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('rejects a manifest with a misspelt field or a command without its slash (the check can fail)', () => {
    const validate = compileSchema();
    const misspelt = readManifest();
    (misspelt.features.slash_commands[0] as unknown as Record<string, unknown>).shuold_escape = true;
    expect(validate(misspelt)).toBe(false);
    expect(describeErrors(validate.errors).join('\n')).toContain('shuold_escape');

    const noSlash = readManifest();
    noSlash.features.slash_commands[0].command = 'incident';
    expect(validate(noSlash)).toBe(false);
    expect(describeErrors(validate.errors).join('\n')).toContain('/features/slash_commands/0/command');
  });
});

describe('manifest.yml slash commands', () => {
  const manifest = readManifest();
  const commands = manifest.features.slash_commands;

  it("declares none of Slack's built-in commands", () => {
    expect(builtInCommandsDeclared(manifest)).toEqual([]);
  });

  it('would notice a built-in command (the check can fail)', () => {
    const withStatus = readManifest();
    withStatus.features.slash_commands.push({ command: '/status', description: 'x', should_escape: true });
    expect(builtInCommandsDeclared(withStatus)).toEqual(['/status']);
  });

  it('are exactly the default command names of the policy file', () => {
    const defaults = Object.values(parsePolicy({}, 'defaults').commands);
    expect(commands.map((c) => c.command).sort()).toEqual([...defaults].sort());
  });

  it('all escape mentions, so user and group ids reach the bot', () => {
    const unescaped = commands.filter((c) => c.should_escape !== true).map((c) => c.command);
    expect(unescaped).toEqual([]);
  });

  it('each have a usage hint', () => {
    expect(commands.filter((c) => !c.usage_hint?.trim()).map((c) => c.command)).toEqual([]);
  });

  it("send to the same request URL as interactivity, the bot's /slack/events", () => {
    const interactivity = manifest.settings.interactivity;
    expect(interactivity.is_enabled).toBe(true);
    expect(interactivity.request_url).toMatch(/^https:\/\/.+\/slack\/events$/);
    expect(commands.filter((c) => c.url !== interactivity.request_url).map((c) => c.command)).toEqual([]);
  });
});

describe('manifest.yml bot scopes', () => {
  const granted = new Set(readManifest().oauth_config.scopes.bot);
  const used = webApiMethodsUsed();

  it('the source scan finds the Web API calls (so an empty scan cannot pass)', () => {
    expect([...used.keys()]).toEqual(
      expect.arrayContaining(['chat.postMessage', 'conversations.create', 'views.open']),
    );
  });

  it('knows every Web API method the code calls', () => {
    const unknown = [...used]
      .filter(([method]) => !(method in SCOPES_BY_METHOD))
      .map(([m, files]) => `${m} (${files.join(', ')})`);
    expect(unknown).toEqual([]);
  });

  it("are exactly the stand-in's default scopes, so every test runs with what the app is granted", () => {
    expect(readManifest().oauth_config.scopes.bot).toEqual([...MANIFEST_BOT_SCOPES]);
  });

  it('grants every scope those methods need, plus `commands`', () => {
    const needed = new Set(['commands', ...[...used.keys()].flatMap((m) => SCOPES_BY_METHOD[m] ?? [])]);
    const missing = [...needed].filter((s) => !granted.has(s));
    expect(missing).toEqual([]);
  });
});

describe('manifest.yml settings', () => {
  const manifest = readManifest();

  it('names the bot user and keeps it online', () => {
    expect(manifest.features.bot_user).toEqual({ display_name: 'Incident Bot', always_online: true });
  });

  it('is a single-workspace app without token rotation', () => {
    expect(manifest.settings.org_deploy_enabled).toBe(false);
    expect(manifest.settings.token_rotation_enabled).toBe(false);
  });
});
