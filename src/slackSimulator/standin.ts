/**
 * Slack's Web API played locally, for the tests and the local Slack in the browser: a node:http
 * server on 127.0.0.1 that answers POST /api/<method> with Slack's JSON shapes and error codes, keeps
 * a workspace's state, records every call, can fail on demand (429 + Retry-After, 5xx, ok:false),
 * accepts response_url posts and takes file bytes at the upload URLs files.getUploadURLExternal hands out.
 *
 * Point a Bolt app at it with `new App({ clientOptions: { slackApiUrl: standin.apiUrl } })`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChangeCounter, READ_METHODS } from './changes';
import { FaultQueue } from './faults';
import { messageRefusal } from './limits';
import { APP_TOKEN_METHODS, appMethods } from './methods/apps';
import { chatMethods } from './methods/chat';
import { conversationMethods } from './methods/conversations';
import { fileMethods } from './methods/files';
import { peopleMethods } from './methods/people';
import { usergroupMethods } from './methods/usergroups';
import { pinMethods } from './methods/pins';
import { addReaction, reactionMethods } from './methods/reactions';
import { type ApiResult, type Args, type MethodHandler, fail } from './methods/types';
import { viewMethods } from './methods/views';
import { answerSubmission, closeModal } from './modals';
import { applyResponse, type ResponseContext } from './responseUrls';
import { parseApiRequest, readBody, readRawBody } from './requestBody';
import { UPLOAD_URL, acceptUpload, uploadedBytes } from './uploadUrl';
import { RateLimiter } from './rateLimits';
import { MANIFEST_BOT_SCOPES, scopeRefusal } from './scopes';
import type { RecordedCall, ResponseUrlPost, SlackStandin, SlackStandinOptions } from './standinTypes';
import { Workspace, canSeeChannel, type StandinMessage, type StandinUser } from './workspace';

export type { Fault } from './faults';
export type {
  StandinChannel,
  StandinEphemeral,
  StandinFile,
  StandinMessage,
  StandinUser,
  StandinUsergroup,
  StandinView,
} from './workspace';
export { UPLOAD_URL } from './uploadUrl';
export type { ResponseContext } from './responseUrls';
export type { SubmissionOutcome } from './modals';
export type { ReactionOutcome } from './methods/reactions';
export type { RecordedCall, ResponseUrlPost, SharedFile, SlackStandin, SlackStandinOptions } from './standinTypes';

const METHODS: Record<string, MethodHandler> = {
  ...appMethods,
  ...peopleMethods,
  ...usergroupMethods,
  ...conversationMethods,
  ...chatMethods,
  ...pinMethods,
  ...viewMethods,
  ...fileMethods,
  ...reactionMethods,
};

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function describeCall(c: RecordedCall): string {
  const outcome = c.response ? (c.response.ok ? 'ok' : `error=${String(c.response.error)}`) : `HTTP ${c.status}`;
  const args = JSON.stringify(c.args);
  return `  ${c.method} ${args.length > 200 ? args.slice(0, 200) + '…' : args} → ${outcome}`;
}

export async function startSlackStandin(opts: SlackStandinOptions = {}): Promise<SlackStandin> {
  const token = opts.token ?? 'xoxb-test-token';
  const appToken = opts.appToken ?? `xapp-1-${opts.appId ?? 'A0APP00001'}-1-test-app-token`;
  let openSocketConnection: (() => string) | undefined;
  const now = opts.now ?? Date.now;
  const scopes = [...(opts.scopes ?? MANIFEST_BOT_SCOPES)];
  const chatWritePublic = opts.chatWritePublic ?? scopes.includes('chat:write.public');
  const limiter = opts.rateLimits === false ? undefined : new RateLimiter(now);
  const changes = new ChangeCounter();
  const ws = new Workspace(
    {
      teamId: opts.teamId ?? 'T0TEAM0001',
      teamName: opts.teamName ?? 'Test Workspace',
      teamDomain: 'test-workspace',
      botUserId: opts.botUserId ?? 'U0BOT00001',
      botId: opts.botId ?? 'B0BOT00001',
      appId: opts.appId ?? 'A0APP00001',
    },
    now,
    opts.firstId,
  );
  ws.users.set(ws.identity.botUserId, {
    id: ws.identity.botUserId,
    name: 'incident-bot',
    realName: 'Incident Bot',
    displayName: 'incident-bot',
    tz: 'UTC',
    isBot: true,
  });

  const calls: RecordedCall[] = [];
  const responses: ResponseUrlPost[] = [];
  /** Appends, dropping the oldest beyond `keepCalls`. */
  const keep = <T>(list: T[], item: T) => {
    list.push(item);
    if (opts.keepCalls !== undefined && list.length > opts.keepCalls) list.splice(0, list.length - opts.keepCalls);
  };
  const responseContexts = new Map<string, ResponseContext>();
  let contextCounter = 0;
  const faults = new FaultQueue();
  const delays = new Map<string, number>();
  if (opts.delayMs) delays.set('*', opts.delayMs);
  const holds = new Map<string, { gate: Promise<void>; held: number }>();
  // Known once the server listens; nothing asks for an upload URL before then.
  let baseUrl = '';
  const uploadUrlFor = (fileId: string) => `${baseUrl}/upload/v1/${encodeURIComponent(fileId)}`;

  /** Sends now, or when holdResponses(method) is released: the work is already done either way. */
  function deliver(method: string, send: () => void): void {
    const hold = holds.get(method);
    if (!hold) return send();
    hold.held++;
    void hold.gate.then(send);
  }
  const pause = async (method: string) => {
    const delay = delays.get(method) ?? delays.get('*') ?? 0;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
  };

  async function handleApi(method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const clockAt = now();
    const raw = await readBody(req);
    const parsed = parseApiRequest(req.headers['content-type'], req.headers.authorization, raw);
    const record = (status: number, response: ApiResult | undefined) =>
      keep(calls, { method, args: parsed.args, at, clockAt, status, response });

    await pause(method);

    let cutAfterWork = false;
    const answer = (result: ApiResult) => {
      record(200, result);
      if (cutAfterWork) res.destroy();
      else deliver(method, () => sendJson(res, 200, result));
    };
    if (!parsed.token) return answer(fail('not_authed'));
    // Each method takes one kind of token: the app-level one for apps.connections.open, else the bot's.
    const wanted = APP_TOKEN_METHODS.has(method) ? appToken : token;
    if (parsed.token !== wanted)
      return answer(
        fail(parsed.token === token || parsed.token === appToken ? 'not_allowed_token_type' : 'invalid_auth'),
      );

    const fault = faults.take(method, parsed.args);
    if (fault && 'status' in fault && fault.status === 429) {
      const body = fail('ratelimited');
      record(429, body);
      return sendJson(res, 429, body, { 'Retry-After': String(fault.retryAfter) });
    }
    if (fault && 'status' in fault) {
      record(fault.status, undefined);
      res.writeHead(fault.status, { 'Content-Type': 'text/plain' });
      res.end('upstream error');
      return;
    }
    if (fault && 'error' in fault) return answer(fail(fault.error, fault.extra));
    if (fault && 'noAnswer' in fault) cutAfterWork = true;

    if (parsed.error) return answer(fail(parsed.error));
    const handler = METHODS[method];
    if (!handler) return answer(fail('unknown_method', { req_method: method }));
    // chat.postMessage is limited per conversation, whether it was named by id, name or user id.
    const channelRef = typeof parsed.args.channel === 'string' ? parsed.args.channel : undefined;
    const limited = limiter?.admit(method, channelRef && (ws.resolveChannel(channelRef)?.id ?? channelRef));
    if (limited) {
      const body = fail('ratelimited');
      record(429, body);
      return sendJson(res, 429, body, { 'Retry-After': String(limited.retryAfterS) });
    }
    const refused = scopeRefusal(method, parsed.args, ws, scopes);
    if (refused) return answer(refused);
    const result = handler(parsed.args, ws, {
      nowMs: now(),
      chatWritePublic,
      uploadUrlFor,
      openSocketConnection: () => openSocketConnection?.(),
    });
    answer(result);
    if (result.ok && !READ_METHODS.has(method)) changes.bump();
  }

  /** A POST of file bytes to an upload URL: recorded, faulted, delayed and held like a method. */
  async function handleUpload(fileId: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const raw = await readRawBody(req);
    const args = { file_id: fileId, content_type: req.headers['content-type'] ?? '', body_bytes: raw.length };
    const sendText = (status: number, text: string, headers: Record<string, string> = {}) => {
      keep(calls, { method: UPLOAD_URL, args, at, clockAt: now(), status, response: undefined });
      deliver(UPLOAD_URL, () => {
        res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
        res.end(text);
      });
    };
    await pause(UPLOAD_URL);
    const fault = faults.take(UPLOAD_URL);
    if (fault && 'status' in fault) {
      const headers: Record<string, string> = fault.status === 429 ? { 'Retry-After': String(fault.retryAfter) } : {};
      return sendText(fault.status, 'upstream error', headers);
    }
    if (fault && 'error' in fault) return sendText(400, fault.error);
    let bytes: Buffer;
    try {
      bytes = await uploadedBytes(req.headers['content-type'], raw);
    } catch {
      return sendText(400, 'invalid multipart body');
    }
    const outcome = acceptUpload(ws, fileId, bytes);
    changes.bump();
    if (fault) {
      keep(calls, { method: UPLOAD_URL, args, at, clockAt: now(), status: outcome.status, response: undefined });
      res.destroy(); // noAnswer: the bytes are taken, the answer is lost
      return;
    }
    sendText(outcome.status, outcome.text);
  }

  async function handleResponseUrl(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // Slack accepts a plain-text body too; keep it as text.
    }
    // Slack refuses a response_url post with blocks it would refuse in chat.postMessage: HTTP 400,
    // text `invalid_blocks`, nothing shown. It is kept among calls ('response_url') for waitFor's report.
    const refused = body && typeof body === 'object' ? messageRefusal(body as Args) : undefined;
    if (refused) {
      keep(calls, {
        method: 'response_url',
        args: { id, body },
        at: Date.now(),
        clockAt: now(),
        status: 400,
        response: refused as ApiResult,
      });
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(String(refused.error));
      return;
    }
    keep(responses, { id, body, at: Date.now() });
    const context = responseContexts.get(id);
    if (context) applyResponse(ws, context, body);
    changes.bump();
    sendJson(res, 200, { ok: true });
  }

  const server: Server = createServer((req, res) => {
    // Only programs call Slack's API (the bot's WebClient sends no Origin): a web page's request does carry
    // one, and must not post into response URLs or uploads of a local Slack running on this machine.
    if (req.headers.origin !== undefined) return sendJson(res, 403, { ok: false, error: 'origin_not_allowed' });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    const responseUrl = /^\/response\/([^/]+)$/.exec(url.pathname);
    const upload = /^\/upload\/v1\/([^/]+)$/.exec(url.pathname);
    const work =
      req.method === 'POST' && api
        ? handleApi(api[1], req, res)
        : req.method === 'POST' && responseUrl
          ? handleResponseUrl(decodeURIComponent(responseUrl[1]), req, res)
          : req.method === 'POST' && upload
            ? handleUpload(decodeURIComponent(upload[1]), req, res)
            : Promise.resolve(sendJson(res, 404, { ok: false, error: 'not_found' }));
    work.catch((err: unknown) => {
      // A bug in the stand-in must show up in the test, not hang it.
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'standin_bug', detail: String(err) });
    });
  });
  // Keep-alive sockets from the WebClient would otherwise hold close() open.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  const standin: SlackStandin = {
    baseUrl,
    apiUrl: `${baseUrl}/api/`,
    token,
    appToken,
    teamId: ws.identity.teamId,
    botUserId: ws.identity.botUserId,
    botId: ws.identity.botId,
    appId: ws.identity.appId,
    calls,
    responses,
    workspace: ws,

    callsTo: (method) => calls.filter((c) => c.method === method),
    messagesIn: (channelId) => [...(ws.messages.get(channelId) ?? [])],
    channelByName: (name) => ws.channelByName(name),
    channel: (id) => ws.channels.get(id),
    membersOf: (channelId) => [...(ws.channels.get(channelId)?.members ?? [])],
    canSee(userId, channelId) {
      const channel = ws.channels.get(channelId);
      return channel !== undefined && canSeeChannel(channel, userId);
    },
    pinsIn: (channelId) =>
      (ws.pins.get(channelId) ?? []).flatMap((ts) => {
        const m = ws.findMessage(channelId, ts);
        return m ? [m] : [];
      }),
    dmsTo: (userId) => (ws.hasImFor(userId) ? [...(ws.messages.get(ws.imFor(userId).id) ?? [])] : []),
    ephemeralsTo: (userId) => ws.ephemerals.filter((e) => e.user === userId),
    views: () => [...ws.views.values()],
    responseUrl: (id) => `${baseUrl}/response/${encodeURIComponent(id)}`,
    responseUrlFor(ctx) {
      const id = `ctx-${(++contextCounter).toString(36)}-${Math.random().toString(16).slice(2, 10)}`;
      responseContexts.set(id, { ...ctx });
      // Slack's response URLs expire after 30 minutes; the oldest contexts go first.
      if (responseContexts.size > 2000) responseContexts.delete(responseContexts.keys().next().value!);
      return standin.responseUrl(id);
    },
    get version() {
      return changes.version;
    },
    onChange: (listener) => changes.onChange(listener),
    noteChange: () => changes.bump(),
    filesIn: (channelId) =>
      (ws.messages.get(channelId) ?? []).flatMap((m) =>
        (m.files ?? []).flatMap((shown) => {
          const f = ws.files.get(String(shown.id));
          return f
            ? [{ id: f.id, title: f.title, name: f.name, content: f.content?.toString('utf8') ?? '', messageTs: m.ts }]
            : [];
        }),
      ),
    file: (id) => ws.files.get(id),

    addUser({ id, name, tz, realName, displayName, guest }) {
      const user: StandinUser = {
        id,
        name,
        tz: tz ?? 'UTC',
        realName: realName ?? name,
        displayName: displayName ?? name,
        isBot: false,
        ...(guest ? { guest } : {}),
      };
      ws.users.set(id, user);
      changes.bump();
      return user;
    },
    addChannel({ id, name, members, isPrivate, botIsMember }) {
      if (ws.channelByName(name)) throw new Error(`stand-in already has a channel named #${name}`);
      const all = new Set(members ?? []);
      if (botIsMember ?? true) all.add(ws.identity.botUserId);
      const channel = ws.addChannel({ id, name, isPrivate, members: [...all], creator: members?.[0] });
      changes.bump();
      return channel;
    },
    addUsergroup({ id, handle, users }) {
      const group = { id, handle, users: [...users] };
      ws.usergroups.set(id, group);
      changes.bump();
      return group;
    },
    usergroups: () => [...ws.usergroups.values()].map((g) => ({ ...g, users: [...g.users] })),

    failNext: (method, fault, times = 1) => faults.add(method, fault, times),
    failWhen: (method, args, fault) => faults.addWhen(method, args, fault),
    holdResponses(method) {
      let release!: () => void;
      const hold = { gate: new Promise<void>((resolve) => (release = resolve)), held: 0 };
      holds.set(method, hold);
      return {
        release() {
          holds.delete(method);
          release();
        },
        held: () => hold.held,
      };
    },
    userSays(channelId, userId, text) {
      if (!ws.messages.has(channelId)) throw new Error(`stand-in has no channel ${channelId}`);
      const message: StandinMessage = {
        type: 'message',
        channel: channelId,
        ts: ws.nextTs(),
        text,
        user: userId,
        team: ws.identity.teamId,
      };
      ws.messages.get(channelId)!.push(message);
      changes.bump();
      return message;
    },
    issueTriggerId(id, context = {}) {
      const triggerId = id ?? `${ws.newId('')}.${Math.floor(now() / 1000)}.${Math.random().toString(16).slice(2, 14)}`;
      ws.triggers.set(triggerId, { issuedMs: now(), used: false, ...context });
      return triggerId;
    },
    react(channelId, ts, userId, name) {
      const outcome = addReaction(ws, channelId, ts, userId, name);
      if (outcome === 'added') changes.bump();
      return outcome;
    },
    showEphemeral(channelId, userId, content) {
      const ephemeral = ws.addEphemeral({ channel: channelId, user: userId, ...content });
      changes.bump();
      return ephemeral;
    },
    closeView(viewId) {
      closeModal(ws, viewId);
      changes.bump();
    },
    answerViewSubmission(viewId, answer, hashWhenSent) {
      const outcome = answerSubmission(ws, viewId, answer, hashWhenSent);
      changes.bump();
      return outcome;
    },
    archiveChannel(id) {
      const channel = ws.channels.get(id);
      if (!channel) throw new Error(`stand-in has no channel ${id}`);
      channel.isArchived = true;
      changes.bump();
    },
    removeFromChannel(channelId, userId) {
      const channel = ws.channels.get(channelId);
      if (!channel) throw new Error(`stand-in has no channel ${channelId}`);
      channel.members.delete(userId);
      changes.bump();
    },
    deactivateUser(id) {
      const user = ws.users.get(id);
      if (!user) throw new Error(`stand-in has no user ${id}`);
      user.deleted = true;
      changes.bump();
    },
    setDelay(method, ms) {
      if (ms > 0) delays.set(method, ms);
      else delays.delete(method);
    },
    attachSocketMode(openConnection) {
      openSocketConnection = openConnection;
      return () => {
        if (openSocketConnection === openConnection) openSocketConnection = undefined;
      };
    },

    async waitFor<T>(
      fn: () => T | undefined | false,
      { timeoutMs = 5000, what }: { timeoutMs?: number; what?: string } = {},
    ) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = fn();
        if (value !== undefined && value !== false) return value as T;
        if (Date.now() >= deadline) {
          const recent = calls.slice(-15).map(describeCall).join('\n') || '  (none)';
          throw new Error(
            `Slack stand-in: ${what ?? 'condition'} not met within ${timeoutMs} ms.\n` +
              `Last ${Math.min(calls.length, 15)} of ${calls.length} Web API calls:\n${recent}\n` +
              `response_url posts: ${responses.length}`,
          );
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    reset() {
      calls.length = 0;
      responses.length = 0;
      faults.clear();
      delays.clear();
      if (opts.delayMs) delays.set('*', opts.delayMs);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
  return standin;
}
