/**
 * What an acknowledge link (`/ack/<token>`, in a page's email or webhook) means: the page_contact its
 * signed token names, for 24 hours after it was sent, once. Showing it changes nothing; acknowledging
 * uses the token up, then acknowledges as the person's own button would.
 */
import type { Deps } from '../runtime/deps';
import { UserError } from '../common/errors';
import type { AckLinkRoutes, AckLinkView } from './ackLinkHttp';
import { ackAlreadyPage, ackDonePage, ackLinkInvalidPage, ackLinkPage, ackStoppedPage } from './views/ackLinkPage';
import { contactIdOfToken } from './ackToken';
import { acknowledgePage } from './acknowledgePage';
import { pageSubject } from './views/pageSubject';

export const ACK_LINK_VALID_MS = 24 * 60 * 60_000;

const shown = (at: Date) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

async function load(deps: Deps, token: string) {
  const id = contactIdOfToken(deps.linkKey, token);
  if (id === null) return { invalid: { status: 404, html: ackLinkInvalidPage('unknown') } };
  const contact = await deps.db.pageContact.findUnique({
    where: { id },
    include: { page: { include: { incident: true, alertGroup: true } } },
  });
  if (!contact?.sentAt || !['email', 'webhook'].includes(contact.method))
    return { invalid: { status: 404, html: ackLinkInvalidPage('unknown') } };
  return { contact };
}

type Loaded = Exclude<Awaited<ReturnType<typeof load>>['contact'], undefined>;

/** The answer when the page no longer needs this link: already acknowledged, or stopped. */
function settled(contact: Loaded): AckLinkView | null {
  const { page } = contact;
  if (page.state === 'acknowledged' && page.acknowledgedBy && page.acknowledgedAt)
    return {
      status: 200,
      html: ackAlreadyPage({
        pageId: page.id,
        by: page.acknowledgedBy === contact.userId ? 'you' : 'a teammate',
        at: shown(page.acknowledgedAt),
      }),
    };
  if (page.state === 'cancelled' || page.incident?.state === 'closed')
    return {
      status: 200,
      html: ackStoppedPage({
        pageId: page.id,
        why: page.incident?.state === 'closed' ? 'incident-closed' : 'cancelled',
      }),
    };
  return null;
}

function expired(deps: Deps, contact: Loaded): boolean {
  return deps.clock.now().getTime() - contact.sentAt!.getTime() > ACK_LINK_VALID_MS;
}

export function ackLinkRoutes(deps: Deps): AckLinkRoutes {
  return {
    async show(token) {
      const { invalid, contact } = await load(deps, token);
      if (!contact) return invalid;
      const done = settled(contact);
      if (done) return done;
      if (contact.tokenUsedAt) return { status: 410, html: ackLinkInvalidPage('used') };
      if (expired(deps, contact)) return { status: 410, html: ackLinkInvalidPage('expired') };
      // Anyone holding the link sees this page: it says what the email or webhook said, no more.
      const subject = pageSubject(contact.page, deps.config, 'person');
      return {
        status: 200,
        html: ackLinkPage({
          pageId: contact.page.id,
          title: subject.title,
          severity: subject.severity,
          message: subject.message,
          pagedAt: shown(contact.page.createdAt),
          state: contact.page.state === 'exhausted' ? 'exhausted' : 'open',
          formAction: `/ack/${token}`,
        }),
      };
    },
    async acknowledge(token) {
      const { invalid, contact } = await load(deps, token);
      if (!contact) return invalid;
      const done = settled(contact);
      if (done) return done;
      if (expired(deps, contact)) return { status: 410, html: ackLinkInvalidPage('expired') };
      // Used up first, atomically: two POSTs at once (a double click, a retrying proxy) acknowledge once.
      const { count } = await deps.db.pageContact.updateMany({
        where: { id: contact.id, tokenUsedAt: null },
        data: { tokenUsedAt: deps.clock.now() },
      });
      if (count === 0) return { status: 410, html: ackLinkInvalidPage('used') };
      const ref = { pageId: contact.pageId, level: contact.level, cycle: contact.cycle };
      try {
        await acknowledgePage(deps, ref, contact.userId, 'link');
      } catch (error) {
        if (!(error instanceof UserError)) {
          // Not acknowledged (the database failed): the link must still work when they try again.
          await deps.db.pageContact.updateMany({ where: { id: contact.id }, data: { tokenUsedAt: null } });
          throw error;
        }
      }
      const page = await deps.db.page.findUniqueOrThrow({ where: { id: contact.pageId } });
      if (page.acknowledgedBy === contact.userId && page.acknowledgedAt)
        return { status: 200, html: ackDonePage({ pageId: page.id, by: 'you', at: shown(page.acknowledgedAt) }) };
      return (
        settled({ ...contact, page: { ...contact.page, ...page } }) ?? { status: 409, html: ackLinkInvalidPage('used') }
      );
    },
  };
}
