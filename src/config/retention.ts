/**
 * The policy file's `retention:` section: how long each kind of data is kept. Written either as one
 * duration (`retention: 30d`, the form before kinds existed: it means `jobs`) or per kind. Incident
 * data is kept until an operator says otherwise (`never` by default): a bot that silently forgets
 * what happened in an incident is worse than one that keeps it.
 */
import { z } from 'zod';
import { parseDuration } from '../time/duration';
import { duration } from './zodDuration';

export interface RetentionConfig {
  /** Finished outbox jobs, and delivered page DMs and contacts of ended pages. */
  jobsMs: number;
  /** The text of Slack messages captured into a timeline (the event row stays); null: never. */
  capturedMessagesMs: number | null;
  /** Labels, annotations, links and value of alerts of resolved groups; null: never. */
  alertPayloadsMs: number | null;
  /** Closed incidents, with everything that references them; null: never. */
  closedIncidentsMs: number | null;
}

export const DEFAULT_JOBS_RETENTION_MS = 30 * 24 * 60 * 60_000;

/** A duration, or `never` (null): kept forever. */
const orNever = z
  .string({ error: 'expected a duration like 90d, or never' })
  .transform((text, ctx): number | null => {
    if (text.trim().toLowerCase() === 'never') return null;
    const ms = parseDuration(text);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: `expected a duration like 90d, or never; got "${text}"` });
      return z.NEVER;
    }
    return ms;
  })
  .default(null);

const ZSection = z.strictObject({
  jobs: duration('a duration').default(DEFAULT_JOBS_RETENTION_MS),
  captured_messages: orNever,
  alert_payloads: orNever,
  closed_incidents: orNever,
});

/** `retention: 30d` is read as `retention: { jobs: 30d }`, so errors name the key either way. */
export const ZRetention = z
  .preprocess((v) => (typeof v === 'string' ? { jobs: v } : (v ?? {})), ZSection)
  .transform((v): RetentionConfig => ({
    jobsMs: v.jobs,
    capturedMessagesMs: v.captured_messages,
    alertPayloadsMs: v.alert_payloads,
    closedIncidentsMs: v.closed_incidents,
  }));
