/**
 * The README is the front door and docs/ holds the rest, so the Markdown files lean on links into
 * each other. A renamed file or heading leaves a link that leads nowhere on GitHub, and nothing else
 * would notice: every relative link must reach a file that exists (relative to the linking file),
 * and an `#anchor` into a Markdown file must name one of its headings (GitHub's slug). The README
 * stays short enough to read at the door.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const README_MAX_LINES = 120;

function markdownUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return markdownUnder(full);
    return name.endsWith('.md') ? [full] : [];
  });
}

/** The Markdown files people read: the README, CONTRIBUTING, the bench's README and all of docs/. */
function documentationFiles(root: string): string[] {
  return [
    path.join(root, 'README.md'),
    path.join(root, 'CONTRIBUTING.md'),
    path.join(root, 'bench/README.md'),
    ...markdownUnder(path.join(root, 'docs')),
  ];
}

/** The text with fenced code blocks blanked (line numbers kept): a link or heading in an example is not one. */
function withoutFences(text: string): string[] {
  let fence: string | null = null;
  return text.split('\n').map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== null) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      return '';
    }
    if (marker) {
      fence = marker;
      return '';
    }
    return line;
  });
}

/** GitHub's heading anchor: lowercase, punctuation dropped (letters, digits, `_`, `-` and spaces kept), spaces → `-`. */
function slugOf(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link shows its text
    .replace(/<[^>]+>/g, '') // HTML tags are not text
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Every anchor a Markdown file offers: its headings' slugs (repeats get -1, -2 … as on GitHub) and HTML ids. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutFences(text)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line)?.[1];
    if (heading !== undefined) {
      const slug = slugOf(heading);
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const m of line.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(m[1]);
  }
  return anchors;
}

interface Link {
  line: number;
  target: string;
}

/** Relative links in a Markdown text, `[text](path)` and `[text](path#anchor)`; not web, mail or same-page links, nor code. */
function relativeLinksIn(text: string): Link[] {
  const links: Link[] = [];
  withoutFences(text).forEach((raw, index) => {
    const line = raw.replace(/(`+)(?:(?!\1).)+\1/g, ''); // inline code spans
    for (const m of line.matchAll(/!?\[(?:[^\][]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = m[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
      links.push({ line: index + 1, target });
    }
  });
  return links;
}

/** What is wrong with the links of `files`, one line each: `file:line: target — why`. */
function linkProblems(files: string[], root: string): { missing: string[]; anchors: string[] } {
  const missing: string[] = [];
  const anchors: string[] = [];
  const anchorCache = new Map<string, Set<string>>();
  for (const file of files) {
    for (const link of relativeLinksIn(readFileSync(file, 'utf8'))) {
      const where = `${path.relative(root, file)}:${link.line}: ${link.target}`;
      const hash = link.target.indexOf('#');
      const pathPart = decodeURIComponent(hash === -1 ? link.target : link.target.slice(0, hash));
      const anchor = hash === -1 ? null : decodeURIComponent(link.target.slice(hash + 1));
      // A leading / is the repository's root on GitHub.
      const resolved = pathPart.startsWith('/')
        ? path.join(root, pathPart)
        : path.resolve(path.dirname(file), pathPart);
      if (!existsSync(resolved)) {
        missing.push(`${where} — no such file ${path.relative(root, resolved)}`);
        continue;
      }
      if (anchor === null || !resolved.endsWith('.md') || !statSync(resolved).isFile()) continue;
      if (!anchorCache.has(resolved)) anchorCache.set(resolved, anchorsOf(readFileSync(resolved, 'utf8')));
      if (!anchorCache.get(resolved)!.has(anchor))
        anchors.push(`${where} — no heading #${anchor} in ${path.relative(root, resolved)}`);
    }
  }
  return { missing, anchors };
}

describe('the documentation', () => {
  const files = documentationFiles(ROOT);
  const problems = linkProblems(files, ROOT);

  it('is read from the README, CONTRIBUTING, bench/README.md and docs/', () => {
    const names = files.map((f) => path.relative(ROOT, f));
    expect(names).toEqual(
      expect.arrayContaining([
        'README.md',
        'CONTRIBUTING.md',
        path.join('bench', 'README.md'),
        path.join('docs', 'commands.md'),
      ]),
    );
    // An extraction that finds nothing would pass every check below.
    expect(files.flatMap((f) => relativeLinksIn(readFileSync(f, 'utf8'))).length).toBeGreaterThan(20);
  });

  it('links only to files that exist', () => {
    expect(problems.missing).toEqual([]);
  });

  it('links only to headings that exist', () => {
    expect(problems.anchors).toEqual([]);
  });

  it(`keeps the README within ${README_MAX_LINES} lines`, () => {
    const lines = readFileSync(path.join(ROOT, 'README.md'), 'utf8').replace(/\n$/, '').split('\n').length;
    expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
  });
});

describe('the link check (it can fail)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'doc-links-'));
    mkdirSync(path.join(dir, 'docs'));
    writeFileSync(
      path.join(dir, 'README.md'),
      [
        '# Front door',
        'See [the guide](docs/guide.md), [its setup](docs/guide.md#set-up-the-app-step-1), [gone](docs/gone.md),',
        '[a typo](docs/guide.md#set-up), [Slack](https://api.slack.com), [mail](mailto:a@example.com) and [above](#front-door).',
        '`[in code](docs/nowhere.md)` and an image ![logo](docs/logo.png "the logo").',
        '```',
        '[in a fence](docs/nowhere.md)',
        '```',
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'docs/guide.md'),
      '# Guide\n\n## Set up the app (step 1)\n\nBack to [the README](../README.md#front-door).\n',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes GitHub’s anchors from headings', () => {
    expect(slugOf('Set up the app (step 1)')).toBe('set-up-the-app-step-1');
    expect(slugOf('Durable timers: load → decide → apply')).toBe('durable-timers-load--decide--apply');
    expect(slugOf('Fault matrix (from `npm test`)')).toBe('fault-matrix-from-npm-test');
    expect(slugOf('[Links](x.md) and jest_config')).toBe('links-and-jest_config');
  });

  it('reports a missing file, a missing image and a missing heading, and nothing else', () => {
    const found = linkProblems([path.join(dir, 'README.md'), path.join(dir, 'docs/guide.md')], dir);
    expect(found.missing).toEqual([
      'README.md:2: docs/gone.md — no such file docs/gone.md',
      'README.md:4: docs/logo.png — no such file docs/logo.png',
    ]);
    expect(found.anchors).toEqual(['README.md:3: docs/guide.md#set-up — no heading #set-up in docs/guide.md']);
  });
});
