/**
 * apps.connections.open: the Web API half of Socket Mode. Called with the app-level token (xapp-…),
 * it hands out a fresh single-use WebSocket URL; the Socket Mode stand-in (../socketMode.ts) serves
 * that URL. Slack answers `not_allowed_token_type` for a bot token here, as it does for an app token
 * on the bot's methods.
 */
import { type MethodHandler, fail } from './types';

/** Methods that take the app-level token instead of the bot token. */
export const APP_TOKEN_METHODS: ReadonlySet<string> = new Set(['apps.connections.open']);

const connectionsOpen: MethodHandler = (_args, _ws, env) => {
  const url = env.openSocketConnection?.();
  // A stand-in-only code: the test started no Socket Mode stand-in (startSocketModeStandin) to connect to.
  if (!url) return fail('standin_socket_mode_not_started');
  return { ok: true, url };
};

export const appMethods: Record<string, MethodHandler> = {
  'apps.connections.open': connectionsOpen,
};
