/**
 * Hard-coded offset changes for 2026 and 2027, from the tz database rules (checked by hand against
 * each region's law: US/Canada 2nd Sunday of March and 1st Sunday of November at 02:00 local; EU
 * last Sunday of March and October at 01:00 UTC; New South Wales 1st Sunday of April and October;
 * Chatham Islands = New Zealand's dates at 02:45/03:45 local). Tests compute expected instants from
 * these facts alone, never with the code under test.
 */
export interface Transition {
  /** The instant the offset changes. */
  utc: string;
  /** Offsets from UTC in minutes, before and after. */
  before: number;
  after: number;
}

export interface ZoneFacts {
  zone: string;
  /** Offset in minutes on 2026-01-01. */
  initial: number;
  /** In time order; empty for zones without DST. */
  transitions: Transition[];
  /**
   * Days to test around: the local calendar day of each change, or, for zones without DST, the
   * US change days (so every zone runs the same cases and the control zones show nothing moves).
   */
  days: string[];
}

export const ZONES: ZoneFacts[] = [
  {
    zone: 'America/Chicago',
    initial: -360,
    transitions: [
      { utc: '2026-03-08T08:00:00Z', before: -360, after: -300 },
      { utc: '2026-11-01T07:00:00Z', before: -300, after: -360 },
      { utc: '2027-03-14T08:00:00Z', before: -360, after: -300 },
      { utc: '2027-11-07T07:00:00Z', before: -300, after: -360 },
    ],
    days: ['2026-03-08', '2026-11-01', '2027-03-14', '2027-11-07'],
  },
  {
    zone: 'Europe/London',
    initial: 0,
    transitions: [
      { utc: '2026-03-29T01:00:00Z', before: 0, after: 60 },
      { utc: '2026-10-25T01:00:00Z', before: 60, after: 0 },
      { utc: '2027-03-28T01:00:00Z', before: 0, after: 60 },
      { utc: '2027-10-31T01:00:00Z', before: 60, after: 0 },
    ],
    days: ['2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31'],
  },
  {
    // Southern hemisphere: summer time ends in April and starts in October.
    zone: 'Australia/Sydney',
    initial: 660,
    transitions: [
      { utc: '2026-04-04T16:00:00Z', before: 660, after: 600 },
      { utc: '2026-10-03T16:00:00Z', before: 600, after: 660 },
      { utc: '2027-04-03T16:00:00Z', before: 660, after: 600 },
      { utc: '2027-10-02T16:00:00Z', before: 600, after: 660 },
    ],
    days: ['2026-04-05', '2026-10-04', '2027-04-04', '2027-10-03'],
  },
  {
    zone: 'Asia/Kolkata',
    initial: 330,
    transitions: [],
    days: ['2026-03-08', '2026-11-01', '2027-03-14', '2027-11-07'],
  },
  {
    zone: 'America/St_Johns',
    initial: -210,
    transitions: [
      { utc: '2026-03-08T05:30:00Z', before: -210, after: -150 },
      { utc: '2026-11-01T04:30:00Z', before: -150, after: -210 },
      { utc: '2027-03-14T05:30:00Z', before: -210, after: -150 },
      { utc: '2027-11-07T04:30:00Z', before: -150, after: -210 },
    ],
    days: ['2026-03-08', '2026-11-01', '2027-03-14', '2027-11-07'],
  },
  {
    zone: 'Pacific/Chatham',
    initial: 825,
    transitions: [
      { utc: '2026-04-04T14:00:00Z', before: 825, after: 765 },
      { utc: '2026-09-26T14:00:00Z', before: 765, after: 825 },
      { utc: '2027-04-03T14:00:00Z', before: 825, after: 765 },
      { utc: '2027-09-25T14:00:00Z', before: 765, after: 825 },
    ],
    days: ['2026-04-05', '2026-09-27', '2027-04-04', '2027-09-26'],
  },
  {
    zone: 'UTC',
    initial: 0,
    transitions: [],
    days: ['2026-03-08', '2026-11-01', '2027-03-14', '2027-11-07'],
  },
];

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** "2026-03-08 02:30" → wall ms (the same reading taken as UTC). */
export function wall(text: string): number {
  const [date, time = '00:00'] = text.split(' ');
  return Date.parse(`${date}T${time}:00Z`);
}

export function wallText(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 16).replace('T', ' ');
}

/** Offset (minutes) in force at an instant, from the facts alone. */
export function offsetAt(facts: ZoneFacts, instant: number): number {
  let offset = facts.initial;
  for (const t of facts.transitions) if (instant >= Date.parse(t.utc)) offset = t.after;
  return offset;
}

/** The local wall range a change skips or repeats: [lo, hi) in wall ms. */
export function affectedWalls(t: Transition): { lo: number; hi: number; kind: 'gap' | 'repeat' } {
  const at = Date.parse(t.utc);
  const [a, b] = [at + t.before * MINUTE, at + t.after * MINUTE];
  return { lo: Math.min(a, b), hi: Math.max(a, b), kind: t.after > t.before ? 'gap' : 'repeat' };
}

/**
 * When a wall time happens, by the documented rules: once → then; skipped → the moment of the
 * change; repeated → the first occurrence. Valid for walls in 2026–2027.
 */
export function expectedInstant(facts: ZoneFacts, wallMs: number): number {
  let offset = facts.initial;
  for (const t of facts.transitions) {
    const { lo, hi, kind } = affectedWalls(t);
    if (wallMs < lo) break;
    if (wallMs < hi) return kind === 'gap' ? Date.parse(t.utc) : wallMs - t.before * MINUTE;
    offset = t.after;
  }
  return wallMs - offset * MINUTE;
}

/** "2026-03-08 03:00 -05:00": the local reading of an instant, from the facts alone. */
export function expectedLocal(facts: ZoneFacts, instant: number): string {
  const offset = offsetAt(facts, instant);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${wallText(instant + offset * MINUTE)} ${sign}${hh}:${mm}`;
}

/** Local wall range around the change on `days[i]`; for zones without DST, 02:00–02:00. */
export function interestingWalls(facts: ZoneFacts, i: number): { lo: number; hi: number } {
  const t = facts.transitions[i];
  return t ? affectedWalls(t) : { lo: wall(`${facts.days[i]} 02:00`), hi: wall(`${facts.days[i]} 02:00`) };
}
