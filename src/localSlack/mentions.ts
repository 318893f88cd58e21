/**
 * `@ana`, `@sre`, `#incidents` and `@here` as Slack writes them into a message or a slash command
 * declared with `should_escape: true`: `<@U0AAA|ana>`, `<!subteam^S0SRE|@sre>`, `<#C…|incidents>`,
 * `<!here>`, after `&`, `<` and `>` became entities, as Slack's client sends them. Names nobody has
 * stay as typed, as in Slack.
 */
import { mention } from '../slackSimulator/mention';
import type { Workspace } from '../slackSimulator/workspace';

const SPECIAL = new Set(['here', 'channel', 'everyone']);

export function escapeMentions(ws: Workspace, text: string): string {
  const users = new Map([...ws.users.values()].filter((u) => !u.deleted).map((u) => [u.name, u.id]));
  const groups = new Map([...ws.usergroups.values()].map((g) => [g.handle, g.id]));
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/(^|[\s(,])@([\w.-]+)/g, (whole, before: string, name: string) => {
      const bare = name.replace(/[.,]+$/, '');
      const after = name.slice(bare.length);
      if (SPECIAL.has(bare)) return `${before}<!${bare}>${after}`;
      const user = users.get(bare);
      if (user) return `${before}${mention.user(user, bare)}${after}`;
      const group = groups.get(bare);
      return group ? `${before}${mention.usergroup(group, bare)}${after}` : whole;
    })
    .replace(/(^|[\s(,])#([\w-]+)/g, (whole, before: string, name: string) => {
      const channel = ws.channelByName(name);
      return channel ? `${before}${mention.channel(channel.id, name)}` : whole;
    });
}
