/**
 * Outgoing HTTP behind a corporate proxy: HTTPS_PROXY, HTTP_PROXY and NO_PROXY (or their lowercase
 * forms, which win, as curl reads them) decide it once at start, and every client that leaves the
 * process — the Slack Web API, Socket Mode's WebSocket, Twilio, PagerDuty, people's webhooks — is given
 * the one `fetch` and dispatcher made here. Node's own fetch ignores these variables, so without this a
 * bot in a network that only lets a proxy out would fail every call.
 */
import { EnvHttpProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { EnvError } from '../config/env';

export interface ProxySettings {
  /** For http:// targets. */
  httpProxy: string | null;
  /** For https:// (and wss://) targets; HTTP_PROXY when only that is set. */
  httpsProxy: string | null;
  /** Hosts reached directly: comma- or space-separated names, `.domain` suffixes, host:port, or `*`. */
  noProxy: string;
}

export interface OutboundHttp {
  /** The proxy settings in force, null when every call goes direct. */
  proxy: ProxySettings | null;
  fetch: typeof fetch;
  /** For undici-based clients (Socket Mode's WebSocket); undefined when calls go direct. */
  dispatcher: Dispatcher | undefined;
}

function setting(env: NodeJS.ProcessEnv, name: string): string | null {
  const value = (env[name.toLowerCase()] ?? env[name] ?? '').trim();
  return value === '' ? null : value;
}

function checkedProxyUrl(name: string, value: string | null): string | null {
  if (value === null) return null;
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  // Never quote the value: a proxy URL may carry a user and password.
  if (!url || !['http:', 'https:'].includes(url.protocol))
    throw new EnvError([`${name} must be the proxy's URL, e.g. http://proxy.example.com:3128`]);
  return value;
}

/** Pure: which proxy, if any, the environment asks for. Throws EnvError for a proxy that is not a URL. */
export function proxySettings(env: NodeJS.ProcessEnv): ProxySettings | null {
  const httpProxy = checkedProxyUrl('HTTP_PROXY', setting(env, 'HTTP_PROXY'));
  const httpsProxy = checkedProxyUrl('HTTPS_PROXY', setting(env, 'HTTPS_PROXY')) ?? httpProxy;
  if (!httpProxy && !httpsProxy) return null;
  return { httpProxy, httpsProxy, noProxy: setting(env, 'NO_PROXY') ?? '' };
}

/** The proxy's address for a log line: its credentials, if any, left out. */
export function describeProxy(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}`;
}

/** The proxy's password, so that no log line carries it. */
export function proxyPasswords(settings: ProxySettings | null): string[] {
  return [settings?.httpProxy, settings?.httpsProxy]
    .filter((v): v is string => Boolean(v))
    .map((v) => decodeURIComponent(new URL(v).password))
    .filter(Boolean);
}

/** The one place the decision is applied: a fetch and a dispatcher every outgoing client is built with. */
export function outboundHttp(env: NodeJS.ProcessEnv): OutboundHttp {
  const proxy = proxySettings(env);
  if (!proxy) return { proxy, fetch: (input, init) => fetch(input, init), dispatcher: undefined };
  // Every field given, so the agent reads nothing from process.env behind this decision's back.
  const dispatcher = new EnvHttpProxyAgent({
    httpProxy: proxy.httpProxy ?? undefined,
    httpsProxy: proxy.httpsProxy ?? undefined,
    noProxy: proxy.noProxy,
  });
  const proxied = (input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher,
    }) as unknown as Promise<Response>;
  return { proxy, fetch: proxied, dispatcher };
}
