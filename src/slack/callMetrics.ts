/**
 * What the gateway counts of its Slack calls, with label values from fixed sets so a metric's series
 * stay few: the methods the bot calls (a unit test checks every `.call('…')` in src/ is listed here),
 * and the error codes slack/errors.ts classifies; anything else is `other`, and bare HTTP failures are
 * `http_4xx` / `http_5xx`.
 */
import type { Counter } from 'prom-client';
import { SLACK_ERROR_CLASSES } from './errors';

export interface SlackCallMetrics {
  slackCalls: Counter<'method' | 'outcome'>;
  slackErrors: Counter<'method' | 'error'>;
}

/** Every Slack method the bot calls; `files.upload_url` is the upload to the URL Slack hands out. */
export const SLACK_METHODS: ReadonlySet<string> = new Set([
  'auth.test',
  'chat.postMessage',
  'chat.update',
  'conversations.archive',
  'conversations.create',
  'conversations.history',
  'conversations.invite',
  'conversations.join',
  'conversations.list',
  'conversations.members',
  'conversations.open',
  'conversations.replies',
  'conversations.setTopic',
  'files.completeUploadExternal',
  'files.getUploadURLExternal',
  'files.upload_url',
  'pins.add',
  'usergroups.create',
  'usergroups.list',
  'usergroups.users.list',
  'usergroups.users.update',
  'users.info',
  'views.open',
  'views.publish',
  'views.update',
]);

const KNOWN_ERRORS: ReadonlySet<string> = new Set(Object.values(SLACK_ERROR_CLASSES).flat());

export function methodLabel(method: string): string {
  return SLACK_METHODS.has(method) ? method : 'other';
}

/** Slack's error code as a label value: a code slack/errors.ts knows, `http_4xx` / `http_5xx`, or `other`. */
export function errorLabel(code: string): string {
  if (KNOWN_ERRORS.has(code)) return code;
  const http = /^http_([45])\d\d$/.exec(code);
  if (http) return `http_${http[1]}xx`;
  return 'other';
}
