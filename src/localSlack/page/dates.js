// @ts-check
/**
 * Times as Slack's client shows them: a message's ts, and `<!date^…>` tokens. Everything is in the
 * browser's zone and locale. "Today" and "3 minutes ago" are relative to the bot's clock, which the
 * person may have moved ahead, so a reminder due "in 5 minutes" reads right after "+5 min".
 */

/** How far the bot's clock is ahead of this machine's, from the latest state (clock.js sets it). */
let aheadMs = 0;

/** @param {number} ms */
export function setAhead(ms) {
  aheadMs = ms;
}

/** The bot's now. */
export function botNow() {
  return new Date(Date.now() + aheadMs);
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const timeSecsFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', second: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

/**
 * A Slack ts ("1700000000.000100") as a Date.
 * @param {string} ts
 */
export function tsDate(ts) {
  return new Date(Math.floor(Number(ts) * 1000));
}

/**
 * A message's time: "3:04 PM", with the weekday and date when it is not the bot's today.
 * @param {string} ts
 */
export function formatTs(ts) {
  const at = tsDate(ts);
  return sameDay(at, botNow()) ? timeFormat.format(at) : `${dayFormat.format(at)}, ${timeFormat.format(at)}`;
}

/** @param {Date} at */
export function formatTime(at) {
  return timeFormat.format(at);
}

/** @param {Date} at */
export function formatTimeSecs(at) {
  return timeSecsFormat.format(at);
}

/** The full date and time, for a tooltip. @param {Date} at */
export function formatFull(at) {
  return fullFormat.format(at);
}

/**
 * @param {Date} a
 * @param {Date} b
 */
function sameDay(a, b) {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

// Slack's date tokens are English ("February 18th, 2014") whatever the client's locale.
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** @param {number} n */
function ordinal(n) {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** @param {number} n */
const pad = (n) => String(n).padStart(2, '0');

/**
 * "today" / "yesterday" / "tomorrow" when `at` is one of those days for the bot's clock, else null.
 * @param {Date} at
 */
function prettyDay(at) {
  const now = botNow();
  for (const [offset, word] of /** @type {const} */ ([
    [0, 'today'],
    [-1, 'yesterday'],
    [1, 'tomorrow'],
  ])) {
    const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset);
    if (sameDay(at, day)) return word;
  }
  return null;
}

/**
 * "3 minutes ago", "in 2 hours": `at` against the bot's clock.
 * @param {Date} at
 */
export function ago(at) {
  const seconds = Math.round((at.getTime() - botNow().getTime()) / 1000);
  const abs = Math.abs(seconds);
  /** @type {[number, Intl.RelativeTimeFormatUnit][]} */
  const units = [
    [60, 'second'],
    [3600, 'minute'],
    [86400, 'hour'],
    [86400 * 30, 'day'],
    [86400 * 365, 'month'],
    [Infinity, 'year'],
  ];
  const sizes = { second: 1, minute: 60, hour: 3600, day: 86400, month: 86400 * 30, year: 86400 * 365 };
  const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [limit, unit] of units) {
    if (abs < limit) return rtf.format(Math.round(seconds / sizes[/** @type {keyof sizes} */ (unit)]), unit);
  }
  return rtf.format(Math.round(seconds / sizes.year), 'year');
}

/** @type {Record<string, (at: Date) => string>} */
const TOKENS = {
  date_num: (at) => `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`,
  date: (at) => `${MONTHS[at.getMonth()]} ${ordinal(at.getDate())}, ${at.getFullYear()}`,
  date_short: (at) => `${MONTHS[at.getMonth()].slice(0, 3)} ${at.getDate()}, ${at.getFullYear()}`,
  date_long: (at) => `${WEEKDAYS[at.getDay()]}, ${TOKENS.date(at)}`,
  date_pretty: (at) => prettyDay(at) ?? TOKENS.date(at),
  date_short_pretty: (at) => prettyDay(at) ?? TOKENS.date_short(at),
  date_long_pretty: (at) => prettyDay(at) ?? TOKENS.date_long(at),
  time: (at) => formatTime(at),
  time_secs: (at) => formatTimeSecs(at),
  ago: (at) => ago(at),
};

/**
 * A `<!date^epoch^format|fallback>` token as Slack's client shows it, or the fallback when the
 * format has a token this page does not know (as an old client would).
 * @param {number} epochSeconds
 * @param {string} format e.g. "{date_short_pretty} at {time}"
 * @param {string} fallback
 */
export function formatSlackDate(epochSeconds, format, fallback) {
  if (!Number.isFinite(epochSeconds)) return fallback;
  const at = new Date(epochSeconds * 1000);
  let unknown = false;
  const text = format.replace(/\{([a-z_]+)\}/g, (whole, token) => {
    const render = TOKENS[token];
    if (!render) {
      unknown = true;
      return whole;
    }
    return render(at);
  });
  if (unknown) return fallback;
  // A sentence that starts with "today" reads "Today at 3:04 PM", as in Slack.
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * "1 h 5 min", for how far the clock is ahead.
 * @param {number} ms
 */
export function formatAhead(ms) {
  const minutes = Math.round(ms / 60000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts = [days ? `${days} d` : '', hours ? `${hours} h` : '', mins ? `${mins} min` : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : 'less than a minute';
}
