/**
 * What a page may say about what it is for, wherever it reaches someone: a DM, a text, a call, an
 * email, a webhook, the acknowledge link's page, a channel it pages, PagerDuty. A private incident's
 * page is told by its number only — its title, severity and the page's message (which the /page
 * author typed, or which repeats the title) stay in its channel, where the person paged is invited —
 * unless the policy says `private_pages: with_title`; a channel or a third party (PagerDuty) gets its
 * number only even then, since nobody there was invited. Pure.
 */
import type { PolicyConfig } from '../../config/policy';

/** The page row with what it is for (its incident, else its alert group), as Prisma loads them. */
export interface PageAbout {
  id: number;
  message: string;
  incidentId: number | null;
  alertGroupId: number | null;
  incident: { id: number; private: boolean; title: string; severity: string; channelId: string | null } | null;
  alertGroup: { title: string; severity: string | null; channelId: string | null } | null;
}

/** Who reads it: the person paged (who is invited), or a channel or third party (who is not). */
export type PageAudience = 'person' | 'outsider';

export interface PageSubject {
  pageId: number;
  incidentId: number | null;
  alertGroupId: number | null;
  /** A private incident's page, so the person paged is invited to its channel. */
  private: boolean;
  /** Told by its number only: `title`, `severity` and `message` below are placeholders without secrets. */
  hidden: boolean;
  title: string;
  severity: string | null;
  message: string;
  channelId: string | null;
}

/** What a hidden page says instead of its message. */
export const INVITED_NOTE = 'You have been invited to its channel.';

export function pageSubject(
  page: PageAbout,
  config: Pick<PolicyConfig, 'privateIncidents'>,
  audience: PageAudience,
): PageSubject {
  const ids = { pageId: page.id, incidentId: page.incidentId, alertGroupId: page.alertGroupId };
  const { incident } = page;
  if (incident?.private && (audience === 'outsider' || !config.privateIncidents.pagesShowTitle))
    return {
      ...ids,
      private: true,
      hidden: true,
      title: `private incident #${incident.id}`,
      severity: null,
      message: INVITED_NOTE,
      channelId: incident.channelId,
    };
  const about = incident ?? page.alertGroup!;
  return {
    ...ids,
    private: incident?.private === true,
    hidden: false,
    title: about.title,
    severity: about.severity,
    message: page.message,
    channelId: about.channelId,
  };
}
