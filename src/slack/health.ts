/**
 * Whether the bot can talk to Slack at all. An `app`-class error (token revoked, app uninstalled, a
 * missing scope) turns it red until the next call that works; /readyz and the metric read it. While
 * red it is logged once a minute, not once per failing call.
 */
import type { Logger } from 'pino';

export class SlackHealth {
  private broken: { code: string; method: string; since: number } | null = null;
  private lastLogged = -Infinity;

  constructor(
    private readonly log: Logger,
    private readonly logEveryMs = 60_000,
    // Bookkeeping in real elapsed time, not domain time.
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  get ok(): boolean {
    return this.broken === null;
  }

  /** What is wrong, for /readyz. */
  get problem(): string | null {
    return this.broken ? `Slack refuses the bot's token or scopes (${this.broken.method}: ${this.broken.code})` : null;
  }

  appError(method: string, code: string): void {
    const now = this.nowMs();
    if (!this.broken) this.broken = { code, method, since: now };
    else this.broken = { ...this.broken, code, method };
    if (now - this.lastLogged >= this.logEveryMs) {
      this.lastLogged = now;
      this.log.error(
        { method, slackError: code, brokenForMs: Math.round(now - this.broken.since) },
        'Slack refuses the bot (token or scopes); all work is kept and retried. Reinstall the app or fix SLACK_BOT_TOKEN.',
      );
    }
  }

  success(): void {
    if (!this.broken) return;
    this.log.info(
      { wasBrokenForMs: Math.round(this.nowMs() - this.broken.since), slackError: this.broken.code },
      'Slack accepts the bot again',
    );
    this.broken = null;
    this.lastLogged = -Infinity;
  }
}
