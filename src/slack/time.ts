/**
 * Times in Slack text. `<!date^…>` makes each reader's Slack client show the time in their own zone;
 * the fallback (for notifications and old clients) is HH:MM in the configured zone.
 */
import { formatInZone } from '../time/format';

export function slackTime(at: Date, fallbackZone: string): string {
  const epoch = Math.floor(at.getTime() / 1000);
  return `<!date^${epoch}^{time}|${formatInZone(at, fallbackZone, 'HH:mm zzz')}>`;
}

export function slackDateTime(at: Date, fallbackZone: string): string {
  const epoch = Math.floor(at.getTime() / 1000);
  return `<!date^${epoch}^{date_short_pretty} {time}|${formatInZone(at, fallbackZone, 'yyyy-MM-dd HH:mm zzz')}>`;
}
