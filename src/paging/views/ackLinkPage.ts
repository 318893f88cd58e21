/**
 * The pages behind the acknowledge link in a paging email or webhook (`<PUBLIC_URL>/ack/<token>`).
 * Opening the link only shows the page; the Acknowledge button POSTs, because mail scanners and link
 * previews follow links and must not acknowledge for the person. Plain HTML forms: no script runs
 * (the CSP forbids it), so the pages work with JavaScript off. Times arrive formatted by the caller,
 * who knows the reader's timezone; these functions read no clock.
 */
import { escapeHtml, htmlDocument } from './htmlDocument';

/** Where to go when the link cannot help: the DM always has the buttons. */
const OPEN_SLACK = '<p>Open Slack: the direct message the bot sent you about this page has the Acknowledge button.</p>';

export interface AckLinkPageInput {
  pageId: number;
  title: string;
  severity: string | null;
  message: string;
  /** When the person was paged, already formatted for them. */
  pagedAt: string;
  /** 'exhausted': every step was paged and nobody acknowledged; it can still be acknowledged here. */
  state: 'open' | 'exhausted';
  /** The form's target: the same /ack/<token> path, which the CSP's form-action 'self' allows. */
  formAction: string;
}

export function ackLinkPage(p: AckLinkPageInput): string {
  const exhausted =
    p.state === 'exhausted'
      ? '<p class="warn">Everyone in the escalation policy has been paged and nobody has acknowledged yet.</p>'
      : '';
  return htmlDocument(
    `Page #${p.pageId}`,
    `<h1>Page #${p.pageId}</h1>
<dl>
<dt>What</dt><dd>${escapeHtml(p.title)}</dd>
${p.severity ? `<dt>Severity</dt><dd>${escapeHtml(p.severity)}</dd>\n` : ''}<dt>Paged at</dt><dd>${escapeHtml(p.pagedAt)}</dd>
<dt>Message</dt><dd class="message">${escapeHtml(p.message)}</dd>
</dl>
${exhausted}<form method="post" action="${escapeHtml(p.formAction)}">
<button type="submit">Acknowledge</button>
</form>
<p class="note">Opening this link does not acknowledge the page: only the button does.</p>`,
  );
}

export interface AckByInput {
  pageId: number;
  /** Who acknowledged, as people know them (a name, not a Slack id). */
  by: string;
  /** When, already formatted for the reader. */
  at: string;
}

export function ackDonePage(p: AckByInput): string {
  return htmlDocument(
    `Acknowledged: page #${p.pageId}`,
    `<h1>Acknowledged</h1>
<p>You acknowledged page #${p.pageId}. Escalation stopped.</p>
<dl>
<dt>By</dt><dd>${escapeHtml(p.by)}</dd>
<dt>At</dt><dd>${escapeHtml(p.at)}</dd>
</dl>`,
  );
}

export function ackAlreadyPage(p: AckByInput): string {
  return htmlDocument(
    `Already acknowledged: page #${p.pageId}`,
    `<h1>Page #${p.pageId} is already acknowledged</h1>
<p>Already acknowledged by ${escapeHtml(p.by)} at ${escapeHtml(p.at)}. Escalation stopped; there is nothing more to do here.</p>`,
  );
}

export interface AckStoppedInput {
  pageId: number;
  /** Why nobody needs to acknowledge any more. */
  why: 'cancelled' | 'incident-closed';
}

export function ackStoppedPage(p: AckStoppedInput): string {
  const why =
    p.why === 'cancelled'
      ? `Page #${p.pageId} was cancelled, so nobody needs to acknowledge it.`
      : `The incident page #${p.pageId} was for is closed, so the page stopped and nobody needs to acknowledge it.`;
  return htmlDocument(`Nothing to acknowledge: page #${p.pageId}`, `<h1>Nothing to acknowledge</h1>\n<p>${why}</p>`);
}

export type AckLinkInvalidReason = 'expired' | 'used' | 'unknown';

const INVALID: Record<AckLinkInvalidReason, { heading: string; text: string }> = {
  expired: {
    heading: 'This link has expired',
    text: 'Acknowledge links work for a limited time only. If you are still being paged, acknowledge in Slack.',
  },
  used: {
    heading: 'This link has already been used',
    text: 'Each acknowledge link works once. To see where the page stands, look in Slack.',
  },
  unknown: {
    heading: 'This link does not work',
    text: 'It may have been cut short when it was copied, or it was never a valid acknowledge link.',
  },
};

export function ackLinkInvalidPage(reason: AckLinkInvalidReason): string {
  const { heading, text } = INVALID[reason];
  return htmlDocument(heading, `<h1>${heading}</h1>\n<p>${text}</p>\n${OPEN_SLACK}`);
}

/** Refusals of the request itself, before or instead of a view of the page. */
export type AckErrorKind = 'server' | 'method' | 'too-large';

const ERRORS: Record<AckErrorKind, { heading: string; text: string }> = {
  // Never the error's text: it could name tables, hosts or tokens. A POST may have failed after the
  // acknowledgement was stored, so the page cannot say whether it was.
  server: {
    heading: 'Something went wrong',
    text: 'This could not be done just now, and the page may or may not be acknowledged.',
  },
  method: { heading: 'Open this link in a browser', text: 'The link shows the page; its button acknowledges it.' },
  'too-large': { heading: 'Request too large', text: 'Press the Acknowledge button on the page instead.' },
};

export function ackErrorPage(kind: AckErrorKind): string {
  const { heading, text } = ERRORS[kind];
  return htmlDocument(heading, `<h1>${heading}</h1>\n<p>${text}</p>\n${OPEN_SLACK}`);
}
