/** Opening the bot's Home tab as a person would, and reading what Slack then holds for them. */
import { appHomeOpened } from '../../src/slackSimulator/events';
import type { StandinView } from '../../src/slackSimulator/workspace';
import type { Harness } from './harness';

/** Sends Slack's app_home_opened for `user` and waits for the Home the bot publishes in answer. */
export async function openAppHome(h: Harness, user: string): Promise<StandinView> {
  const published = () =>
    h.slack.callsTo('views.publish').filter((c) => c.args.user_id === user && c.response?.ok).length;
  const before = published();
  const res = await h.driver.event(appHomeOpened({ user, channel: `D${user.slice(1)}`, tab: 'home' }));
  if (res.status !== 200) throw new Error(`app_home_opened answered HTTP ${res.status}`);
  await h.slack.waitFor(() => published() > before, { what: `the Home of ${user} published` });
  return h.slack.views().find((v) => v.type === 'home' && v.user_id === user)!;
}
