/**
 * `npm run mutation:changed`: mutation testing (stryker.config.mjs) of only those target files that differ
 * from origin/main, uncommitted changes included; where origin/main is this very commit (CI's fresh clone),
 * of the files the last commit touched. Extra arguments go to `stryker run`. Prints a line and exits 0 when
 * no target changed; exits 1 when a mutated file scores below the target (scripts/mutationScores.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { belowTarget, describeScores, fileScores, readReport } from './mutationScores';

const root = path.resolve(__dirname, '..');
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

function base(): string | null {
  const commit = (ref: string): string | null => {
    try {
      return git('rev-parse', '--verify', '--quiet', ref);
    } catch {
      return null;
    }
  };
  const main = commit('origin/main');
  if (main !== null && main !== commit('HEAD')) return 'origin/main';
  return commit('HEAD~1') === null ? null : 'HEAD~1';
}

/** A target ("src/a.ts", "src/dir/*.ts", "src/b.ts:10-20") as a matcher of one changed path. */
export function matchTarget(target: string, file: string): boolean {
  const pattern = target.replace(/:\d.*$/, '');
  const regex = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
  return regex.test(file);
}

/** The --mutate entries for the changed files: a glob narrows to the files, a line range is kept. */
export function changedTargets(targets: string[], changed: string[]): string[] {
  return targets.flatMap((target) =>
    target.includes('*')
      ? changed.filter((file) => matchTarget(target, file))
      : changed.some((file) => matchTarget(target, file))
        ? [target]
        : [],
  );
}

async function main(): Promise<void> {
  const { targets } = (await import(path.join(root, 'stryker.config.mjs'))) as { targets: string[] };
  const since = base();
  if (since === null) {
    console.log('mutation:changed: no earlier commit to compare with; nothing to do.');
    return;
  }
  const changed = git('diff', '--name-only', since).split('\n').filter(Boolean);
  const mutate = changedTargets(targets, changed);
  if (mutate.length === 0) {
    console.log(`mutation:changed: no mutation target differs from ${since}; nothing to do.`);
    return;
  }
  console.log(`mutation:changed: ${mutate.join(', ')} (changed since ${since})`);
  const run = spawnSync('npx', ['stryker', 'run', '--mutate', mutate.join(','), ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    process.exitCode = run.status ?? 1;
    return;
  }
  const scores = fileScores(readReport(path.join(root, 'reports/mutation/mutation.json')));
  console.log(describeScores(scores));
  if (belowTarget(scores).length > 0) process.exitCode = 1;
}

if (require.main === module) void main();
