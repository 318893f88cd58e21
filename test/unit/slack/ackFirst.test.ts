/** The acks-first gate: background work waits for requests being answered, never longer than its cap. */
import { AckFirst } from '../../../src/slack/ackFirst';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function gate(): AckFirst {
  return new AckFirst({ settleMs: 3, maxWaitMs: 250, now: () => Date.now() });
}

/** Whether `p` has settled after the pending microtasks ran. */
async function settled(p: Promise<void>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await Promise.resolve();
  await Promise.resolve();
  return done;
}

test('with no request in flight, work goes at once', async () => {
  expect(await settled(gate().turn())).toBe(true);
});

test('work waits while a request is answered, then for the settle time, then goes', async () => {
  const g = gate();
  const answered = g.arrived();
  const turn = g.turn();
  await jest.advanceTimersByTimeAsync(100);
  expect(await settled(turn)).toBe(false);
  answered();
  await jest.advanceTimersByTimeAsync(1);
  expect(await settled(turn)).toBe(false);
  await jest.advanceTimersByTimeAsync(3);
  expect(await settled(turn)).toBe(true);
});

test('a request arriving just after another was answered holds the work back until it too is answered', async () => {
  const g = gate();
  g.arrived()();
  const turn = g.turn();
  await jest.advanceTimersByTimeAsync(1);
  const second = g.arrived();
  await jest.advanceTimersByTimeAsync(50);
  expect(await settled(turn)).toBe(false);
  second();
  await jest.advanceTimersByTimeAsync(4);
  expect(await settled(turn)).toBe(true);
});

test('under requests that never stop, work still goes after the cap', async () => {
  const g = gate();
  g.arrived(); // never answered
  const turn = g.turn();
  await jest.advanceTimersByTimeAsync(249);
  expect(await settled(turn)).toBe(false);
  await jest.advanceTimersByTimeAsync(1);
  expect(await settled(turn)).toBe(true);
});

test('every waiting step goes once the burst is answered', async () => {
  const g = gate();
  const answers = Array.from({ length: 40 }, () => g.arrived());
  const turns = Array.from({ length: 5 }, () => g.turn());
  for (const answered of answers) answered();
  await jest.advanceTimersByTimeAsync(4);
  for (const turn of turns) expect(await settled(turn)).toBe(true);
  expect(g.answering).toBe(0);
});

test('answering one request twice counts it once', async () => {
  const g = gate();
  const first = g.arrived();
  g.arrived();
  first();
  first();
  expect(g.answering).toBe(1);
  const turn = g.turn();
  await jest.advanceTimersByTimeAsync(100);
  expect(await settled(turn)).toBe(false);
});
