/**
 * Mentions as Slack writes them into slash-command text when the command is declared with
 * `should_escape: true` (without it they arrive as plain `@name`).
 */
export const mention = {
  user: (id: string, name: string) => `<@${id}|${name}>`,
  channel: (id: string, name: string) => `<#${id}|${name}>`,
  usergroup: (id: string, handle: string) => `<!subteam^${id}|@${handle.replace(/^@/, '')}>`,
};
