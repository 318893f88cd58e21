// @ts-check
/**
 * Unread markers in the sidebar: a conversation is unread when its newest message (`latestTs` of its
 * channel or DM entry) is newer than what this person last saw there.
 * What was seen is kept per person in localStorage.
 */

const KEY = 'localSlack.seen';

/** @type {Record<string, Record<string, string>>} person → conversation → newest ts seen */
let seen = load();
let person = '';

function load() {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') ?? {};
  } catch {
    return {};
  }
}

function save() {
  try {
    localStorage.setItem(KEY, JSON.stringify(seen));
  } catch {
    // Private mode or a full quota: markers just do not survive a reload.
  }
}

/**
 * Whose markers these are; conversations this person never had a record of start as seen, so a
 * first visit is not a sidebar full of dots.
 * @param {string} me
 * @param {{ id: string, latestTs?: string }[]} entries
 */
export function trackPerson(me, entries) {
  person = me;
  const mine = (seen[me] ??= {});
  const first = Object.keys(mine).length === 0;
  let changed = false;
  for (const e of entries) {
    if (first && e.latestTs && !mine[e.id]) {
      mine[e.id] = e.latestTs;
      changed = true;
    }
  }
  if (first && !changed) mine[''] = '0';
  if (changed || first) save();
}

/**
 * The person has seen this conversation up to `ts`.
 * @param {string} id
 * @param {string | undefined} ts
 */
export function markSeen(id, ts) {
  if (!ts || !person) return;
  const mine = (seen[person] ??= {});
  if (Number(mine[id] ?? 0) >= Number(ts)) return;
  mine[id] = ts;
  save();
}

/**
 * @param {string} id
 * @param {{ latestTs?: string }} entry
 */
export function hasUnread(id, entry) {
  if (!entry.latestTs || !person) return false;
  return Number(entry.latestTs) > Number(seen[person]?.[id] ?? 0);
}
