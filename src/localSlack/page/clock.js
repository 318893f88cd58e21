// @ts-check
/**
 * The bot's clock in the header: its time, ticking locally every second, how far it is ahead of
 * this machine, and buttons that move it forward (so reminders and escalations come due now).
 */
import { byId } from './dom.js';
import { botNow, setAhead, formatTimeSecs, formatAhead } from './dates.js';

let timer = 0;

/**
 * The clock from the state (or from POST /api/clock's answer).
 * @param {{ now: string, aheadMs: number }} clock
 */
export function setClock(clock) {
  setAhead(clock.aheadMs);
  const ahead = byId('clock-ahead', HTMLElement);
  ahead.textContent = clock.aheadMs > 0 ? `ahead by ${formatAhead(clock.aheadMs)}` : '';
  ahead.hidden = clock.aheadMs <= 0;
  tick();
  if (!timer) timer = window.setInterval(tick, 1000);
}

function tick() {
  const now = botNow();
  const el = byId('clock-now', HTMLTimeElement);
  el.dateTime = now.toISOString();
  el.textContent = `${now.toLocaleDateString(undefined, { weekday: 'short' })} ${formatTimeSecs(now)}`;
}

/**
 * @param {(advanceMs: number) => Promise<void>} advance
 */
export function setupClock(advance) {
  for (const [id, ms] of /** @type {const} */ ([
    ['clock-5', 5 * 60_000],
    ['clock-60', 60 * 60_000],
  ])) {
    // Not disabled while in flight: pressing twice quickly is meant to move the clock twice.
    byId(id, HTMLButtonElement).addEventListener('click', () => void advance(ms));
  }
}
