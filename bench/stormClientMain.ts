/**
 * The storm client's own process (see stormClient.ts): reads one JSON request per line on stdin and
 * writes one JSON line back for each. A sender is a keep-alive agent to one URL; its storms and posts
 * are timed here, so the figures carry this process's event loop only, which does nothing else.
 */
import http from 'node:http';
import { createInterface } from 'node:readline';
import type { Answer, StormReply, StormRequest } from './stormClient';

interface Sender {
  agent: http.Agent;
  port: number;
  path: string;
  token: string;
}

const senders = new Map<number, Sender>();

function post(s: Sender, body: string): Promise<Answer> {
  return new Promise((resolve) => {
    const startedAt = Date.now();
    const started = performance.now();
    const failed = (e: NodeJS.ErrnoException) =>
      resolve({ status: `error: ${e.code ?? e.message}`, ms: performance.now() - started, startedAt });
    const req = http.request(
      {
        host: '127.0.0.1',
        port: s.port,
        path: s.path,
        method: 'POST',
        agent: s.agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${s.token}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, startedAt }));
        res.on('error', failed);
      },
    );
    req.on('error', failed);
    req.end(body);
  });
}

/** Bodies arrive serialized (parsed out of the request line before the clock starts). */
async function storm(s: Sender, bodies: string[], concurrency: number): Promise<{ answers: Answer[]; wallMs: number }> {
  const answers: Answer[] = new Array(bodies.length);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, bodies.length) }, async () => {
      for (let i = next++; i < bodies.length; i = next++) answers[i] = await post(s, bodies[i]);
    }),
  );
  return { answers, wallMs: performance.now() - started };
}

function senderOf(id: number): Sender {
  const s = senders.get(id);
  if (!s) throw new Error(`storm client: no sender ${id}`);
  return s;
}

async function answer(r: StormRequest): Promise<StormReply> {
  switch (r.op) {
    case 'open':
      senders.set(r.sender, {
        agent: new http.Agent({ keepAlive: true, maxSockets: r.sockets }),
        port: r.port,
        path: r.path,
        token: r.token,
      });
      return { id: r.id, op: 'open' };
    case 'storm':
      return { id: r.id, op: 'storm', ...(await storm(senderOf(r.sender), r.bodies, r.concurrency)) };
    case 'post':
      return { id: r.id, op: 'post', answer: await post(senderOf(r.sender), r.body) };
    case 'close':
      senders.get(r.sender)?.agent.destroy();
      senders.delete(r.sender);
      return { id: r.id, op: 'close' };
  }
}

const lines = createInterface({ input: process.stdin });
// A request it cannot serve ends the process: whoever waits on it rejects with "storm client exited 1".
lines.on('line', (line) => {
  Promise.resolve()
    .then(() => answer(JSON.parse(line) as StormRequest))
    .then((reply) => process.stdout.write(`${JSON.stringify(reply)}\n`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
});
lines.on('close', () => process.exit(0));
