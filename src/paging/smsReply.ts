/** What a text sent back to a page's SMS asks for. Pure. */

export type SmsReply =
  { kind: 'acknowledge' | 'escalate'; ref: number | null } | { kind: 'stop' } | { kind: 'start' } | { kind: 'unknown' };

/** The opt-out words carriers and Twilio honour (Twilio's default list). */
const STOP_WORDS = new Set(['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'optout', 'revoke']);
const START_WORDS = new Set(['start', 'unstop', 'yes']);

/** "1", "ack", "1 4821" (a page's Ref), "2", "esc", "STOP"… */
export function parseSmsReply(body: string): SmsReply {
  const words = body.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const [first, second] = words;
  if (!first) return { kind: 'unknown' };
  if (words.length === 1 && STOP_WORDS.has(first)) return { kind: 'stop' };
  if (words.length === 1 && START_WORDS.has(first)) return { kind: 'start' };
  const ref = second !== undefined && /^\d{1,12}$/.test(second) ? Number(second) : null;
  if (words.length > 2 || (second !== undefined && ref === null)) return { kind: 'unknown' };
  if (first === '1' || first === 'ack' || first === 'acknowledge') return { kind: 'acknowledge', ref };
  if (first === '2' || first === 'esc' || first === 'escalate') return { kind: 'escalate', ref };
  return { kind: 'unknown' };
}

/** A bot answer written for Slack, as a text or a voice can say it: mentions and markup removed. */
export function plainWords(mrkdwn: string): string {
  return mrkdwn
    .replace(/<@[A-Z0-9]+>/g, 'a teammate')
    .replace(/<#[A-Z0-9]+(\|([^>]*))?>/g, (_m, _a, name: string | undefined) => (name ? `#${name}` : 'the channel'))
    .replace(/<!date\^\d+\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/[*_~]/g, '');
}
