/**
 * One of the runner's loops (timers, sends, page DMs). A loop never overlaps itself; a kick while it
 * runs makes it run once more, so work enqueued meanwhile is never left for the next tick.
 */
export class Loop {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    /** One pass; true when it should run again at once (it stopped at its batch size). */
    private readonly pass: () => Promise<boolean>,
    private readonly onError: (error: unknown) => void,
  ) {}

  kick(stopped: boolean): void {
    if (stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run().finally(() => (this.running = null));
  }

  /** Wait for a pass in progress (if any) to end. */
  async settled(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  get idle(): boolean {
    return this.running === null;
  }

  private async run(): Promise<void> {
    let more = false;
    do {
      this.again = false;
      try {
        more = await this.pass();
      } catch (error) {
        this.onError(error);
        more = false;
      }
    } while (this.again || more);
  }
}
