/**
 * A counter of changes to what people would see in the workspace, and listeners on it: a client
 * (the local Slack's page) waits on it instead of polling. Bumped after every Web API call that
 * succeeded and may have written, and by every change made from outside the API.
 */

/** Methods that only read: answering them changes nothing anyone sees. */
export const READ_METHODS: ReadonlySet<string> = new Set([
  'apps.connections.open',
  'auth.test',
  'chat.getPermalink',
  'conversations.history',
  'conversations.info',
  'conversations.list',
  'conversations.members',
  'conversations.replies',
  'pins.list',
  'usergroups.list',
  'usergroups.users.list',
  'users.conversations',
  'users.info',
]);

export class ChangeCounter {
  private count = 0;
  private readonly listeners = new Set<(version: number) => void>();

  get version(): number {
    return this.count;
  }

  bump(): void {
    this.count += 1;
    for (const listener of [...this.listeners]) listener(this.count);
  }

  /** Called with the new version after each change; returns the unsubscribe function. */
  onChange(listener: (version: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
