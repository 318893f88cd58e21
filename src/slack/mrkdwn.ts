/**
 * User-typed text shown in Slack mrkdwn. Only `&`, `<` and `>` are control characters there; escaping
 * them means a title cannot smuggle `<!channel>`, `<@U…>` or a fake link into our messages.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const mentionUser = (userId: string): string => `<@${userId}>`;
export const mentionChannel = (channelId: string): string => `<#${channelId}>`;
export const mentionUsergroup = (groupId: string): string => `<!subteam^${groupId}>`;
