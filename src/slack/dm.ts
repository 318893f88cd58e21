import type { SlackGateway } from './gateway';

/** The DM channel with a user (conversations.open is idempotent: the same D… id every time). */
export async function openDm(slack: SlackGateway, userId: string): Promise<string> {
  const result = await slack.call('conversations.open', { users: userId });
  return (result.channel as { id: string }).id;
}
