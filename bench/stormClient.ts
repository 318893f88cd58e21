/**
 * Sends Alertmanager bodies from a process of its own and reports each POST's status and round trip.
 *
 * Why a separate process: the bench process runs the bot and plays Slack for it, and a storm keeps
 * that event loop 80–90 % busy. A client sharing it waits for the loop both to send and to read each
 * answer, so its round trips include the bench's own event-loop delay (p99 27–35 ms in a profile).
 * Alertmanager sends from elsewhere; so does this client (see burstClient.ts for the slash commands).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface Answer {
  status: number | string;
  ms: number;
  /** Wall clock (Date.now, the child's: same machine, same clock) when the request was started. */
  startedAt: number;
}

/** What the child reads, one JSON line each; it answers every request with a line carrying its `id`. */
export type StormRequest =
  | { id: number; op: 'open'; sender: number; port: number; path: string; token: string; sockets: number }
  | { id: number; op: 'storm'; sender: number; bodies: string[]; concurrency: number }
  | { id: number; op: 'post'; sender: number; body: string }
  | { id: number; op: 'close'; sender: number };

export type StormReply =
  | { id: number; op: 'open' | 'close' }
  | { id: number; op: 'storm'; answers: Answer[]; wallMs: number }
  | { id: number; op: 'post'; answer: Answer };

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;

/** One connection pool in the child (a sender's keep-alive agent), like one Alertmanager's. */
export interface AlertSender {
  /** One body; its answer. */
  post(body: string): Promise<Answer>;
  /** Every body, `concurrency` in flight at a time; wall = first request → last answer, timed in the child. */
  storm(bodies: string[], concurrency: number): Promise<{ answers: Answer[]; wallMs: number }>;
  close(): Promise<void>;
}

export interface StormClient {
  sender(o: { port: number; path: string; token: string; sockets: number }): Promise<AlertSender>;
  close(): Promise<void>;
}

export function startStormClient(): StormClient {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'stormClientMain.ts')], {
    cwd: path.resolve(__dirname, '..'),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting = new Map<number, { resolve: (reply: StormReply) => void; reject: (e: Error) => void }>();
  let exited: Error | undefined;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const reply = JSON.parse(line) as StormReply;
    waiting.get(reply.id)?.resolve(reply);
    waiting.delete(reply.id);
  });
  child.once('exit', (code) => {
    exited = new Error(`storm client exited ${code}`);
    for (const w of waiting.values()) w.reject(exited);
    waiting.clear();
  });
  let nextId = 0;
  const ask = <R extends StormReply>(request: Distribute<StormRequest>): Promise<R> => {
    if (exited) return Promise.reject(exited);
    const id = nextId++;
    return new Promise<R>((resolve, reject) => {
      waiting.set(id, { resolve: (r) => resolve(r as R), reject });
      child.stdin!.write(`${JSON.stringify({ ...request, id })}\n`);
    });
  };
  let nextSender = 0;
  return {
    async sender(o) {
      const sender = nextSender++;
      await ask({ op: 'open', sender, ...o });
      return {
        post: async (body) => (await ask<Extract<StormReply, { op: 'post' }>>({ op: 'post', sender, body })).answer,
        storm: async (bodies, concurrency) => {
          const r = await ask<Extract<StormReply, { op: 'storm' }>>({ op: 'storm', sender, bodies, concurrency });
          return { answers: r.answers, wallMs: r.wallMs };
        },
        close: async () => {
          await ask({ op: 'close', sender });
        },
      };
    },
    async close() {
      if (child.exitCode !== null) return;
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.stdin!.end();
      await done;
    },
  };
}
