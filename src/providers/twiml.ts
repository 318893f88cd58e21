/**
 * The TwiML a paging call plays: the page read out, then one key press to answer it. Sent inline
 * with the call (the `Twiml` parameter), so Twilio needs no URL of ours to learn what to say; only the
 * key press comes back to us, at the Gather's action URL. Pure.
 */

/** How long Twilio waits for a key after the last word, in seconds. */
const GATHER_TIMEOUT_S = 15;

/** Text and attribute values both: a page's title may hold `&`, `<` or quotes. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** `gather` null: a call that only speaks (a verification code, a test), with no key to press. */
export function twiml(say: string, gather: { prompt: string; actionUrl: string } | null): string {
  if (!gather) return `<Response><Say>${escapeXml(say)}</Say></Response>`;
  return (
    `<Response>` +
    `<Gather numDigits="1" action="${escapeXml(gather.actionUrl)}" method="POST" timeout="${GATHER_TIMEOUT_S}">` +
    `<Say>${escapeXml(say)}</Say><Say>${escapeXml(gather.prompt)}</Say>` +
    `</Gather>` +
    // Reached only when the Gather timed out: without it the call would end in silence.
    `<Say>No key was pressed. Goodbye.</Say>` +
    `</Response>`
  );
}
