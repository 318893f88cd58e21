/**
 * Incident channel names: `incident-YYYYMMDD-<slug>` by default (pattern configurable). Slack allows
 * lowercase letters, digits, hyphens and underscores, at most 80 characters.
 */
import { formatInZone } from '../time/format';

export const MAX_CHANNEL_NAME = 80;

/** "API High Error Rate!" → "api-high-error-rate"; accents folded, everything else becomes one hyphen. */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export interface ChannelNameInput {
  pattern: string;
  title: string;
  incidentId: number;
  severity: string;
  declaredAt: Date;
  timezone: string;
  /** 1 for the first try; 2, 3… after `name_taken`. */
  attempt: number;
}

export function channelName(input: ChannelNameInput): string {
  const suffix = input.attempt > 1 ? `-${input.attempt}` : '';
  const fixed = input.pattern
    .replace('{date}', formatInZone(input.declaredAt, input.timezone, 'yyyyMMdd'))
    .replace('{id}', String(input.incidentId))
    .replace('{severity}', input.severity.toLowerCase());
  const withoutSlug = fixed.replace('{slug}', '');
  const room = MAX_CHANNEL_NAME - withoutSlug.length - suffix.length;
  const slug = (slugify(input.title) || `incident-${input.incidentId}`).slice(0, Math.max(0, room)).replace(/-+$/, '');
  const name = fixed.replace('{slug}', slug);
  return (
    sanitise(name)
      .slice(0, MAX_CHANNEL_NAME - suffix.length)
      .replace(/-+$/, '') + suffix
  );
}

function sanitise(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+/, '');
}
