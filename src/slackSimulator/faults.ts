/**
 * Faults queued per method and handed out one call at a time (failNext), and standing faults for the
 * calls of a method with given arguments (failWhen): one user group whose lookup always fails.
 */

export type Fault =
  /** HTTP 429 + Retry-After (seconds) + {ok:false,error:'ratelimited'}, as Slack rate-limits. */
  | { status: 429; retryAfter: number }
  /** An HTTP 5xx with no JSON body, as when Slack's edge fails. */
  | { status: 500 | 502 | 503 }
  /** HTTP 200 with {ok:false,error}, e.g. { error: 'name_taken' }; `extra` is merged into the body. */
  | { error: string; extra?: Record<string, unknown> }
  /**
   * Slack does the work (a message is stored and in history), but its answer never arrives: the
   * connection is cut. To the caller it is a timeout: the outcome is unknown.
   */
  | { noAnswer: true };

export class FaultQueue {
  private readonly queued = new Map<string, { fault: Fault; remaining: number }[]>();
  private readonly standing: { method: string; args: Record<string, string>; fault: Fault }[] = [];

  add(method: string, fault: Fault, times: number): void {
    const list = this.queued.get(method) ?? [];
    list.push({ fault, remaining: times });
    this.queued.set(method, list);
  }

  /** Every call of `method` whose arguments include all of `args` fails with `fault`, until cleared. */
  addWhen(method: string, args: Record<string, string>, fault: Fault): void {
    this.standing.push({ method, args, fault });
  }

  /** The fault for this call of `method`: a queued one first (consumes one use), else a standing one its arguments match. */
  take(method: string, args: Record<string, unknown> = {}): Fault | undefined {
    const list = this.queued.get(method);
    const head = list?.[0];
    if (list && head) {
      head.remaining -= 1;
      if (head.remaining <= 0) list.shift();
      return head.fault;
    }
    return this.standing.find(
      (s) => s.method === method && Object.entries(s.args).every(([key, value]) => String(args[key]) === value),
    )?.fault;
  }

  clear(): void {
    this.queued.clear();
    this.standing.length = 0;
  }
}
