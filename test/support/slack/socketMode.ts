/**
 * A local stand-in for Slack's Socket Mode, beside the Web API stand-in (standin.ts): a WebSocket
 * server (the `ws` package) on 127.0.0.1 that an app reaches the way it reaches Slack.
 *
 * 1. The app calls `apps.connections.open` with its app-level token (xapp-…) on the Web API
 *    stand-in, which answers `{ ok: true, url: "ws://127.0.0.1:<port>/link/?ticket=…&app_id=…" }`
 *    (a fresh single-use ticket per call; a bot token there is `not_allowed_token_type`).
 * 2. The app connects; the stand-in sends `hello` (num_connections, debug_info, connection_info).
 * 3. A test pushes envelopes — slash_commands, interactive, events_api — whose payloads come from
 *    the same builders the HTTP driver uses (requests.ts), and gets back a promise of the app's ack
 *    `{ envelope_id, payload }`, matched by envelope_id. Slack wants it within 3 s; so does this.
 * 4. `disconnect(reason)` sends Slack's `{ type: 'disconnect', reason }`: the app should close and
 *    come back through apps.connections.open. Pings from the app are answered (ws auto-pong) and
 *    counted; the stand-in pings the app too when asked (`pingIntervalMs`).
 *
 * ```ts
 * const slack = await startSlackStandin();
 * const socket = await startSocketModeStandin(slack, { responseUrlFor: slack.responseUrl });
 * const app = new App({ token: slack.token, appToken: slack.appToken, socketMode: true, clientOptions: { slackApiUrl: slack.apiUrl } });
 * await app.start();                                    // resolves once the stand-in said hello
 * const ack = await socket.command({ text: 'help', userId: 'U0ALICE', channelId });
 * ack.payload;                                          // e.g. { response_type: 'ephemeral', text: '…' }
 * ```
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import {
  type BlockActionRequest,
  type CommandRequest,
  type EventDelivery,
  type MessageShortcutRequest,
  type SlackRequestOptions,
  type SlackRequests,
  slackRequests,
  type ViewSubmissionRequest,
} from '../../../src/slackSimulator/requests';
import type { SlackStandin } from '../../../src/slackSimulator/standin';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** What Slack pushes down the socket, field for field. */
export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  /** Whether the ack may carry a payload Slack uses: true for slash commands and interactions, false for events (Slack's docs). */
  accepts_response_payload: boolean;
  retry_attempt: number;
  retry_reason: string;
}

export interface SocketAck {
  envelopeId: string;
  /** The ack's `payload` as the app sent it (`{}` for an empty ack). */
  payload: Record<string, unknown>;
  /** The envelope it acknowledges. */
  envelope: Envelope;
  /** The connection the ack came back over. */
  connectionId: number;
  /** From push to ack, in ms. */
  ms: number;
}

export interface SocketConnection {
  id: number;
  /** The apps.connections.open ticket it connected with. */
  ticket: string;
  openedAt: number;
  closedAt?: number;
  /** The WebSocket close code, once closed (1000 when the app closed it normally). */
  closeCode?: number;
  /** Pings the app sent (the stand-in answered each with a pong). */
  pingsFromApp: number;
  /** Pongs the app sent back to the stand-in's pings. */
  pongsFromApp: number;
  readonly open: boolean;
}

export interface PushOptions {
  /** Default: a new UUID, as Slack's. Reuse one with `retryAttempt` to redeliver. */
  envelopeId?: string;
  /** Default: true for slash_commands and interactive, false for events_api (as Slack's docs show them). */
  acceptsResponsePayload?: boolean;
  retryAttempt?: number;
  retryReason?: string;
  /** The connection to push on. Default: the newest open one. */
  connectionId?: number;
  /** Reject when no ack arrived in time. Default: the stand-in's ackTimeoutMs (Slack's 3 s). */
  ackTimeoutMs?: number;
}

export interface SocketModeStandinOptions extends Omit<SlackRequestOptions, 'teamId' | 'appId' | 'botUserId'> {
  /** How long the app has to ack an envelope. Default 3000 ms, Slack's limit. */
  ackTimeoutMs?: number;
  /** Ping every open connection this often, as Slack does. Default: never. */
  pingIntervalMs?: number;
}

export interface SocketModeStandin {
  /** ws://127.0.0.1:<port> */
  readonly baseUrl: string;
  /** Every connection the app made, oldest first. */
  readonly connections: readonly SocketConnection[];
  /** Every envelope pushed, in order. */
  readonly envelopes: readonly Envelope[];
  /** Every ack received, in arrival order. */
  readonly acks: readonly SocketAck[];
  /** Messages from the app that acknowledge no pending envelope (a second ack, garbage, …), as text. */
  readonly stray: readonly string[];
  /** Payload builders shared with the HTTP driver (lastTriggerId, lastEventId). */
  readonly requests: SlackRequests;

  /** Resolves once `count` connections have been greeted with hello (default 1); with the newest. */
  waitForConnection(count?: number, opts?: { timeoutMs?: number }): Promise<SocketConnection>;
  /** Push any envelope; resolves with the app's ack, rejects if none comes in time. */
  push(type: EnvelopeType, payload: Record<string, unknown>, opts?: PushOptions): Promise<SocketAck>;
  /** A slash command (`slash_commands`, the same fields Slack form-encodes over HTTP, as JSON). */
  command(req: CommandRequest, opts?: PushOptions): Promise<SocketAck>;
  /** A button press (`interactive`, block_actions). */
  blockAction(req: BlockActionRequest, opts?: PushOptions): Promise<SocketAck>;
  /** A modal submission (`interactive`, view_submission; the ack may carry response_action). */
  viewSubmission(req: ViewSubmissionRequest, opts?: PushOptions): Promise<SocketAck>;
  /** A message shortcut (`interactive`, message_action). */
  messageShortcut(req: MessageShortcutRequest, opts?: PushOptions): Promise<SocketAck>;
  /** An Events API callback (`events_api`); a delivery's retryNum/retryReason become retry_attempt/retry_reason. */
  event(event: object, delivery?: EventDelivery, opts?: PushOptions): Promise<SocketAck & { eventId: string }>;
  /** Slack's `{ type: 'disconnect', reason }` on every open connection (or one). */
  disconnect(
    reason?: 'refresh_requested' | 'warning' | 'link_disabled' | 'too_many_websockets',
    connectionId?: number,
  ): void;
  /**
   * Closes every connection with a close handshake (1001, going away; one second's grace, then the TCP
   * connection is dropped) and stops serving. Stop the app first, as Slack outlives an app.
   */
  close(): Promise<void>;
}

interface Pending {
  envelope: Envelope;
  sentAt: number;
  resolve(ack: SocketAck): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export async function startSocketModeStandin(
  slack: SlackStandin,
  opts: SocketModeStandinOptions = {},
): Promise<SocketModeStandin> {
  const ackTimeoutMs = opts.ackTimeoutMs ?? 3000;
  const requests = slackRequests({
    ...opts,
    teamId: slack.teamId,
    appId: slack.appId,
    botId: opts.botId ?? slack.botId,
    botUserId: slack.botUserId,
    responseUrlFor: opts.responseUrlFor ?? slack.responseUrl,
    onTriggerId: opts.onTriggerId ?? slack.issueTriggerId,
  });
  const connections: (SocketConnection & { socket: WebSocket; greeted: boolean })[] = [];
  const envelopes: Envelope[] = [];
  const acks: SocketAck[] = [];
  const stray: string[] = [];
  const pending = new Map<string, Pending>();
  /** Tickets apps.connections.open handed out and nobody has used yet. */
  const tickets = new Set<string>();
  let nextConnectionId = 0;

  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: (info: { req: IncomingMessage }, done: (ok: boolean, code?: number, message?: string) => void) => {
      const url = new URL(info.req.url ?? '/', 'ws://127.0.0.1');
      const ticket = url.searchParams.get('ticket') ?? '';
      // A ticket is good for one connection, as Slack's are.
      if (url.pathname !== '/link/' || !tickets.delete(ticket)) return done(false, 401, 'invalid ticket');
      done(true);
    },
  });
  await new Promise<void>((resolve, reject) => {
    wss.once('error', reject);
    wss.once('listening', () => resolve());
  });
  const { port } = wss.address() as AddressInfo;
  const baseUrl = `ws://127.0.0.1:${port}`;

  const isOpen = (c: { socket: WebSocket }) => c.socket.readyState === c.socket.OPEN;

  wss.on('connection', (socket, req) => {
    const ticket = new URL(req.url ?? '/', 'ws://127.0.0.1').searchParams.get('ticket') ?? '';
    const connection = {
      id: ++nextConnectionId,
      ticket,
      openedAt: Date.now(),
      pingsFromApp: 0,
      pongsFromApp: 0,
      socket,
      greeted: false,
      get open() {
        return isOpen(connection);
      },
    } as SocketConnection & { socket: WebSocket; greeted: boolean; closedAt?: number; closeCode?: number };
    connections.push(connection);
    socket.on('ping', () => connection.pingsFromApp++);
    socket.on('pong', () => connection.pongsFromApp++);
    socket.on('close', (code) => {
      connection.closedAt = Date.now();
      connection.closeCode = code;
    });
    socket.on('error', () => undefined);
    socket.on('message', (data: RawData, isBinary: boolean) => onMessage(connection.id, data, isBinary));
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: connections.filter(isOpen).length,
        debug_info: {
          host: 'applink-standin',
          started: new Date().toISOString().replace('T', ' ').slice(0, 23),
          build_number: 1,
          approximate_connection_time: 18060,
        },
        connection_info: { app_id: slack.appId },
      }),
    );
    connection.greeted = true;
  });

  function onMessage(connectionId: number, data: RawData, isBinary: boolean): void {
    const text = isBinary ? `<binary ${Buffer.from(data as Buffer).length} bytes>` : data.toString();
    let message: { envelope_id?: unknown; payload?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      stray.push(text);
      return;
    }
    const id = typeof message?.envelope_id === 'string' ? message.envelope_id : undefined;
    const waiting = id ? pending.get(id) : undefined;
    if (!id || !waiting) {
      stray.push(text);
      return;
    }
    pending.delete(id);
    clearTimeout(waiting.timer);
    const payload =
      message.payload && typeof message.payload === 'object' ? (message.payload as Record<string, unknown>) : {};
    const ack: SocketAck = {
      envelopeId: id,
      payload,
      envelope: waiting.envelope,
      connectionId,
      ms: performance.now() - waiting.sentAt,
    };
    acks.push(ack);
    waiting.resolve(ack);
  }

  const detach = slack.attachSocketMode(() => {
    const ticket = randomUUID();
    tickets.add(ticket);
    return `${baseUrl}/link/?ticket=${ticket}&app_id=${encodeURIComponent(slack.appId)}`;
  });

  const pinger = opts.pingIntervalMs
    ? setInterval(() => {
        for (const c of connections) if (isOpen(c)) c.socket.ping(Buffer.from(`ping-${Date.now()}`));
      }, opts.pingIntervalMs)
    : undefined;
  pinger?.unref();

  function push(type: EnvelopeType, payload: Record<string, unknown>, o: PushOptions = {}): Promise<SocketAck> {
    const open = connections.filter((c) => c.greeted && isOpen(c));
    const target = o.connectionId === undefined ? open.at(-1) : open.find((c) => c.id === o.connectionId);
    if (!target) {
      return Promise.reject(
        new Error(
          `Socket Mode stand-in: no open connection${o.connectionId === undefined ? '' : ` #${o.connectionId}`} to push a ${type} envelope on ` +
            `(connections: ${connections.map((c) => `#${c.id} ${isOpen(c) ? 'open' : `closed ${c.closeCode}`}`).join(', ') || 'none'}; ` +
            `apps.connections.open calls: ${slack.callsTo('apps.connections.open').length})`,
        ),
      );
    }
    const envelope: Envelope = {
      envelope_id: o.envelopeId ?? randomUUID(),
      type,
      payload,
      accepts_response_payload: o.acceptsResponsePayload ?? type !== 'events_api',
      retry_attempt: o.retryAttempt ?? 0,
      retry_reason: o.retryReason ?? '',
    };
    envelopes.push(envelope);
    const timeoutMs = o.ackTimeoutMs ?? ackTimeoutMs;
    return new Promise<SocketAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(envelope.envelope_id);
        reject(
          new Error(
            `Socket Mode stand-in: no ack for ${type} envelope ${envelope.envelope_id} within ${timeoutMs} ms (stray messages: ${stray.length})`,
          ),
        );
      }, timeoutMs);
      pending.set(envelope.envelope_id, { envelope, sentAt: performance.now(), resolve, reject, timer });
      target.socket.send(JSON.stringify(envelope), (error) => {
        if (!error) return;
        clearTimeout(timer);
        pending.delete(envelope.envelope_id);
        reject(error);
      });
    });
  }

  return {
    baseUrl,
    connections,
    envelopes,
    acks,
    stray,
    requests,

    async waitForConnection(count = 1, { timeoutMs = 5000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const greeted = connections.filter((c) => c.greeted);
        if (greeted.length >= count) return greeted[count - 1];
        if (Date.now() >= deadline) {
          throw new Error(
            `Socket Mode stand-in: ${count} connection(s) not made within ${timeoutMs} ms (made: ${greeted.length}; ` +
              `apps.connections.open calls: ${
                slack
                  .callsTo('apps.connections.open')
                  .map((c) => (c.response?.ok ? 'ok' : String(c.response?.error)))
                  .join(', ') || 'none'
              })`,
          );
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    push,
    command: (req, o) => push('slash_commands', requests.command(req), o),
    blockAction: (req, o) => push('interactive', requests.blockAction(req), o),
    viewSubmission: (req, o) => push('interactive', requests.viewSubmission(req), o),
    messageShortcut: (req, o) => push('interactive', requests.messageShortcut(req), o),
    async event(event, delivery = {}, o = {}) {
      const { body, eventId, retry } = requests.event(event, delivery);
      const ack = await push('events_api', body, { retryAttempt: retry?.num, retryReason: retry?.reason, ...o });
      return { ...ack, eventId };
    },
    disconnect(reason = 'refresh_requested', connectionId) {
      for (const c of connections) {
        if (!isOpen(c) || (connectionId !== undefined && c.id !== connectionId)) continue;
        c.socket.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-standin' } }));
      }
    },
    async close() {
      detach();
      if (pinger) clearInterval(pinger);
      for (const p of pending.values()) {
        clearTimeout(p.timer);
        p.reject(new Error(`Socket Mode stand-in closed before envelope ${p.envelope.envelope_id} was acked`));
      }
      pending.clear();
      // A handshake, not a dropped connection: the Socket Mode client (3.1) answers a connection lost while
      // its own close frame is in flight by arming a second 30 s close timer that nothing clears.
      await Promise.all(
        connections
          .filter((c) => c.socket.readyState !== c.socket.CLOSED)
          .map(
            (c) =>
              new Promise<void>((resolve) => {
                const grace = setTimeout(() => {
                  c.socket.terminate();
                  resolve();
                }, 1000);
                c.socket.once('close', () => {
                  clearTimeout(grace);
                  resolve();
                });
                if (c.socket.readyState === c.socket.OPEN) c.socket.close(1001, 'stand-in closing');
              }),
          ),
      );
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
