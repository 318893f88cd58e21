/**
 * `BENCH_ONLY=lifecycle npm run bench`: the alert lifecycle property test
 * (test/lifecycle/alertLifecycle.property.test.ts) on fresh seeds for a while (BENCH_LIFECYCLE_S, default
 * 300 s), printing the seed of every history that breaks an invariant as it happens, then per
 * invariant a history that breaks it, shrunk for up to BENCH_LIFECYCLE_SHRINK_S (default 20 s) each. Nothing is asserted or saved: a seed printed here is
 * replayed with `LIFECYCLE_SEED=<seed> LIFECYCLE_HISTORIES=1 npm run test:lifecycle`.
 */
import { randomInt } from 'node:crypto';
import type { DatabaseServer } from './database';
import { explore, type Failure } from '../test/support/lifecycle/explore';
import { describeStep } from '../test/support/lifecycle/steps';
import { startWorld, stopWorld, type World } from '../test/support/lifecycle/world';

/** Histories per fresh seed: a seed names a batch, and each history of it has its own seed (printed). */
const BATCH = 20;

export async function benchLifecycle(server: DatabaseServer): Promise<string> {
  const seconds = Number(process.env.BENCH_LIFECYCLE_S ?? 300);
  const worldCount = Number(process.env.BENCH_LIFECYCLE_WORLDS ?? 3);
  // The test support makes its databases on the server globalSetup names; here, the bench's.
  process.env.TEST_ADMIN_DATABASE_URL = server.adminUrl;
  const worlds: World[] = await Promise.all(Array.from({ length: worldCount }, () => startWorld()));
  const began = Date.now();
  const until = began + seconds * 1000;
  let ran = 0;
  const failures: { seed: number; failures: Failure[]; ran: number }[] = [];
  try {
    while (Date.now() < until) {
      const seed = randomInt(2 ** 32);
      const result = await explore(worlds, {
        seed,
        histories: BATCH,
        untilMs: until,
        shrinkBudgetMs: 0,
        onHistory: (r) => {
          if (r.violations.length)
            process.stderr.write(
              `[lifecycle] seed ${r.seed} broke ${[...new Set(r.violations.map((v) => v.invariant))].join(', ')}: ${r.violations[0].text.slice(0, 160)}\n`,
            );
        },
      });
      ran += result.ran;
      if (result.failures.length) failures.push({ seed, ...result });
    }
    const all = failures.flatMap((f) => f.failures);
    const lines = [
      `Alert lifecycle: ${ran} histories on fresh seeds in ${((Date.now() - began) / 1000).toFixed(0)} s on ${worldCount} bots (${((((Date.now() - began) / ran) * worldCount) / 1000).toFixed(2)} s of one bot per history); ${all.length} broke an invariant.`,
    ];
    const invariants = [...new Set(all.flatMap((f) => f.violations.map((v) => v.invariant)))].sort();
    for (const inv of invariants) {
      const seeds = all.filter((f) => f.violations.some((v) => v.invariant === inv)).map((f) => f.seed);
      lines.push(
        `  invariant ${inv}: ${seeds.length} histories, seeds ${seeds.slice(0, 20).join(', ')}${seeds.length > 20 ? ', …' : ''}`,
      );
    }
    // One shrunk example per invariant, from the first batch that broke it.
    const shrinkMs = Number(process.env.BENCH_LIFECYCLE_SHRINK_S ?? 20) * 1000;
    for (const inv of invariants) {
      const batch = failures.find((b) => b.failures.some((f) => f.violations.some((v) => v.invariant === inv)))!;
      const failure = batch.failures.find((f) => f.violations.some((v) => v.invariant === inv))!;
      const { failures: again } = await explore([worlds[0]], {
        seed: failure.seed,
        histories: 1,
        shrinkBudgetMs: shrinkMs,
      });
      const shrunk = again[0]?.shrunk.get(inv);
      lines.push(
        '',
        `Invariant ${inv}, history seed ${failure.seed}${shrunk ? `, shrunk to ${shrunk.steps.length} steps` : ''}:`,
        ...(shrunk?.steps ?? failure.steps).map((s, i) => `  ${i + 1}. ${describeStep(s)}`),
        ...(shrunk?.violations ?? failure.violations.filter((v) => v.invariant === inv))
          .slice(0, 3)
          .map((v) => `  → ${v.text}`),
      );
    }
    if (!all.length) lines.push('  Every invariant held.');
    return lines.join('\n');
  } finally {
    for (const world of worlds) await stopWorld(world);
  }
}
