/**
 * Alert groups and incidents through generated histories: alerts firing, firing again, changing
 * severity and resolving (Alertmanager and generic bodies, to either of two replicas, sometimes twice
 * at once), the group message's buttons, Acknowledge and Escalate on page DMs, /incident close, App
 * Home opens, Slack answering 429 / 5xx / timeouts, time moving (runner up or down), a process dying
 * with jobs claimed. After each history (everything due run, the clock past the longest escalation)
 * the invariants of test/support/lifecycle/invariants.ts must hold; one open page per owner is also
 * checked after every step.
 *
 * Seeded (test/support/prng.ts), so a run is repeatable: LIFECYCLE_SEED (default below) and
 * LIFECYCLE_HISTORIES (default 300) pick the histories; LIFECYCLE_STEPS='[…]' replays one history
 * given as JSON (the failure message prints it); LIFECYCLE_DUMP=<file> writes every failing history
 * (steps, what they did, what broke) as JSON. A failure names the seed of each failing history and a
 * shrunk history for each invariant broken. Fresh seeds for minutes: BENCH_ONLY=lifecycle npm run bench.
 */
import { writeFileSync } from 'node:fs';
import { explore, report, runOne } from '../support/lifecycle/explore';
import { describeHistory, type Step } from '../support/lifecycle/steps';
import { profile } from '../support/lifecycle/run';
import { startWorld, stopWorld, type World } from '../support/lifecycle/world';

const SEED = Number(process.env.LIFECYCLE_SEED ?? 20260304);
const HISTORIES = Number(process.env.LIFECYCLE_HISTORIES ?? 300);
/** Bots run side by side, each with its own database and Slack: most of a history's time is waiting on Postgres. */
const WORLDS = Number(process.env.LIFECYCLE_WORLDS ?? 3);

describe('alert lifecycle, generated histories', () => {
  let worlds: World[] = [];
  beforeAll(async () => {
    worlds = await Promise.all(Array.from({ length: process.env.LIFECYCLE_STEPS ? 1 : WORLDS }, () => startWorld()));
  }, 120_000);
  afterAll(async () => {
    for (const world of worlds) await stopWorld(world);
  });

  if (process.env.LIFECYCLE_STEPS) {
    it('the history given in LIFECYCLE_STEPS keeps every invariant', async () => {
      const steps = JSON.parse(process.env.LIFECYCLE_STEPS!) as Step[];
      const result = await runOne(worlds[0], SEED, steps);
      const broken = result.violations.map((v) => `(${v.invariant}) ${v.text}`);
      expect({ steps: describeHistory(steps), did: result.log, broken }).toEqual({
        steps: describeHistory(steps),
        did: result.log,
        broken: [],
      });
    }, 120_000);
    return;
  }

  it(`${HISTORIES} histories from seed ${SEED} keep every invariant`, async () => {
    const started = Date.now();
    const cpu = process.cpuUsage();
    const { ran, failures } = await explore(worlds, { seed: SEED, histories: HISTORIES });
    process.stderr.write(
      `alert lifecycle: ${ran} histories from seed ${SEED} on ${worlds.length} bots in ${((Date.now() - started) / 1000).toFixed(1)} s (this process's CPU: ${((process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1e6).toFixed(1)} s), ${failures.length} broke an invariant\n`,
    );
    if (process.env.LIFECYCLE_DUMP)
      writeFileSync(
        process.env.LIFECYCLE_DUMP,
        JSON.stringify(
          failures.map((f) => ({ ...f, shrunk: Object.fromEntries(f.shrunk) })),
          null,
          1,
        ),
      );
    if (process.env.LIFECYCLE_PROFILE)
      process.stderr.write(
        [...profile]
          .sort(([, a], [, b]) => b.ms - a.ms)
          .map(
            ([what, p]) =>
              `  ${what}: ${(p.ms / 1000).toFixed(1)} s over ${p.count} (${(p.ms / p.count).toFixed(0)} ms each)`,
          )
          .join('\n') + '\n',
      );
    expect(report(SEED, ran, failures)).toBe('');
  }, 3_600_000);
});
