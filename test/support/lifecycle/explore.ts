/**
 * Runs seeded histories on Worlds and reports the ones that break an invariant: the seed, the
 * steps, what each step did, and for the first failure of each invariant a shrunk history (steps
 * removed one at a time while the same invariant still breaks), so the report names a short one.
 * Used by the property test (a fixed seed in CI) and by `BENCH_ONLY=lifecycle npm run bench` (fresh seeds).
 */
import { checkInvariants } from './invariants';
import { runHistory, timed, type Violation } from './run';
import { describeHistory, generateHistory, historySeed, type Step } from './steps';
import { resetWorld, type World } from './world';

export interface HistoryResult {
  seed: number;
  steps: Step[];
  violations: Violation[];
  log: string[];
}

export interface Shrunk {
  steps: Step[];
  violations: Violation[];
  log: string[];
}

export interface Failure extends HistoryResult {
  /** The history's index in its run. */
  index: number;
  /** For the first failure of each invariant: the shortest history found that still breaks it. */
  shrunk: Map<string, Shrunk>;
}

export async function runOne(world: World, seed: number, steps: Step[]): Promise<HistoryResult> {
  let began = performance.now();
  await resetWorld(world);
  timed('reset', began);
  const obs = await runHistory(world, steps);
  began = performance.now();
  const violations = [...obs.violations, ...(await checkInvariants(world, obs))];
  timed('invariants', began);
  return { seed, steps, violations, log: obs.log };
}

/**
 * Remove steps while `invariant` still breaks: first halves, then single steps, within `budgetMs` of
 * real time. A history can pass on a rerun (replicas race), so only a reproduced failure is kept.
 */
export async function shrink(
  world: World,
  seed: number,
  steps: Step[],
  invariant: string,
  budgetMs: number,
): Promise<Shrunk | undefined> {
  const deadline = Date.now() + budgetMs;
  let best: Shrunk | undefined;
  let current = steps;
  const breaks = async (candidate: Step[]) => {
    const r = await runOne(world, seed, candidate);
    if (!r.violations.some((v) => v.invariant === invariant)) return false;
    best = { steps: candidate, violations: r.violations.filter((v) => v.invariant === invariant), log: r.log };
    return true;
  };
  if (!(await breaks(current))) return undefined;
  for (let chunk = Math.floor(current.length / 2); chunk >= 1 && Date.now() < deadline; chunk = Math.floor(chunk / 2)) {
    for (let at = current.length - chunk; at >= 0 && Date.now() < deadline; at -= chunk) {
      const candidate = [...current.slice(0, at), ...current.slice(at + chunk)];
      if (candidate.length && (await breaks(candidate))) current = candidate;
    }
  }
  return best;
}

export interface ExploreOptions {
  seed: number;
  histories: number;
  /** Stop starting histories after this much real time (the bench); default: never. */
  untilMs?: number;
  /** Real time to spend shrinking, per invariant broken (default 30 s). */
  shrinkBudgetMs?: number;
  onHistory?: (result: HistoryResult, index: number) => void;
}

/**
 * Histories 0…n-1 of the seed, spread over the worlds (each world runs one history at a time), then
 * the first failure of each invariant shrunk, the invariants shared out among the worlds likewise.
 */
export async function explore(worlds: World[], opts: ExploreOptions): Promise<{ ran: number; failures: Failure[] }> {
  const failures: Failure[] = [];
  let next = 0;
  let ran = 0;
  await Promise.all(
    worlds.map(async (world) => {
      for (let i = next++; i < opts.histories; i = next++) {
        if (opts.untilMs !== undefined && Date.now() >= opts.untilMs) return;
        const seed = historySeed(opts.seed, i);
        const result = await runOne(world, seed, generateHistory(seed));
        ran++;
        opts.onHistory?.(result, i);
        if (result.violations.length) failures.push({ ...result, index: i, shrunk: new Map() });
      }
    }),
  );
  failures.sort((a, b) => a.index - b.index);
  const toShrink: { invariant: string; failure: Failure }[] = [];
  for (const failure of failures)
    for (const invariant of new Set(failure.violations.map((v) => v.invariant)))
      if (!toShrink.some((t) => t.invariant === invariant)) toShrink.push({ invariant, failure });
  await Promise.all(
    worlds.map(async (world) => {
      for (let job = toShrink.shift(); job; job = toShrink.shift()) {
        const { invariant, failure } = job;
        const shrunk = await shrink(world, failure.seed, failure.steps, invariant, opts.shrinkBudgetMs ?? 30_000);
        if (shrunk) failure.shrunk.set(invariant, shrunk);
      }
    }),
  );
  return { ran, failures };
}

const unique = (vs: Violation[]) => [...new Set(vs.map((v) => `(${v.invariant}) ${v.text}`))];

/** The failure message: per invariant broken, in which histories, and a (shrunk) history that breaks it. */
export function report(seed: number, ran: number, failures: Failure[]): string {
  if (!failures.length) return '';
  const invariants = [...new Set(failures.flatMap((f) => f.violations.map((v) => v.invariant)))].sort();
  const lines = [
    `${failures.length} of ${ran} histories (LIFECYCLE_SEED=${seed}) broke an invariant.`,
    'Rerun one alone with LIFECYCLE_SEED=<its seed> LIFECYCLE_HISTORIES=1.',
  ];
  for (const inv of invariants) {
    const fs = failures.filter((f) => f.violations.some((v) => v.invariant === inv));
    const list = fs.slice(0, 10).map((f) => `#${f.index} (seed ${f.seed})`);
    lines.push(
      '',
      `Invariant ${inv}: broken in ${fs.length} histories: ${list.join(', ')}${fs.length > 10 ? ', …' : ''}`,
    );
    const from = fs.find((f) => f.shrunk.has(inv)) ?? fs[0];
    const shrunk = from.shrunk.get(inv);
    const example = shrunk ?? {
      steps: from.steps,
      violations: from.violations.filter((v) => v.invariant === inv),
      log: from.log,
    };
    lines.push(
      shrunk
        ? `  history #${from.index} (seed ${from.seed}, ${from.steps.length} steps), shrunk to ${shrunk.steps.length} steps:`
        : `  history #${from.index} (seed ${from.seed}):`,
      describeHistory(example.steps),
      `  replay: LIFECYCLE_STEPS='${JSON.stringify(example.steps)}'`,
      '  what each step did:',
      ...example.log,
      '  broken:',
      ...unique(example.violations)
        .slice(0, 8)
        .map((v) => `    ${v}`),
    );
  }
  lines.push('', 'Every failing history:');
  for (const f of failures.slice(0, 40))
    lines.push(
      `  #${f.index} (seed ${f.seed}, ${f.steps.length} steps): ${unique(f.violations)
        .slice(0, 4)
        .map((v) => v.slice(0, 160))
        .join(' | ')}`,
    );
  if (failures.length > 40) lines.push(`  … and ${failures.length - 40} more`);
  return lines.join('\n');
}
