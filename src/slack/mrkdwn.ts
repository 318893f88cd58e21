/**
 * User-typed text shown in Slack mrkdwn. Only `&`, `<` and `>` are control characters there; escaping
 * them means a title cannot smuggle `<!channel>`, `<@U…>` or a fake link into our messages.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The bot's own answers never broadcast, so a `<!channel>`, `<!here>` or `<!everyone>` in one can only
 * be typed text echoed back (`"<!channel>" is not a severity`); it is shown literally instead. An
 * ephemeral answer notifies nobody, but it should not render as a broadcast either.
 */
export function defuseBroadcasts(text: string): string {
  return text.replace(/<!(?:channel|here|everyone)(?:\|[^>]*)?>/g, escapeMrkdwn);
}

export const mentionUser = (userId: string): string => `<@${userId}>`;
export const mentionChannel = (channelId: string): string => `<#${channelId}>`;
export const mentionUsergroup = (groupId: string): string => `<!subteam^${groupId}>`;
