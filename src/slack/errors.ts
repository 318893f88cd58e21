/**
 * Every Slack failure falls in one of three classes, decided here and nowhere else:
 * - `retryable`: Slack or the network had a bad moment (rate limits, 5xx, timeouts). Back off, try
 *   again, within a bound; a page that still cannot go out then counts as not delivered.
 * - `target`: this request can never work for this person or channel (deactivated, cannot be DMed,
 *   archived, gone). Fail that one delivery and say so where people look; others go on.
 * - `app`: the bot itself cannot talk to Slack (token revoked, app uninstalled, a missing scope).
 *   Nothing works until an admin fixes it: keep every job and keep retrying with backoff, turn
 *   /readyz and the `incident_bot_slack_app_ok` metric red, and log it once a minute — never drop work.
 * An error code not listed here is treated as `target`: the request was refused for a reason Slack
 * gave, and repeating it unchanged will not help.
 */
export type SlackErrorClass = 'retryable' | 'target' | 'app';

const RETRYABLE = [
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'team_added_to_org',
  'request_failed',
  'timeout',
  'http_408',
  'http_425',
  'http_429',
];

const APP = [
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'not_allowed_token_type',
  'ekm_access_denied',
  'team_access_not_granted',
  'app_missing_action_url',
  'org_login_required',
  'two_factor_setup_required',
  'access_denied',
];

const TARGET = [
  // People
  'user_disabled',
  'user_not_found',
  'user_not_visible',
  'cannot_dm_bot',
  'invalid_user_combination',
  'user_is_bot',
  'users_not_found',
  'user_is_restricted',
  'user_is_ultra_restricted',
  'cant_invite',
  'cant_invite_self',
  'messages_tab_disabled',
  'no_such_subteam',
  'subteam_not_found',
  // User groups (a schedule's `usergroup:`): this group or these people, never worth repeating unchanged.
  // permission_denied: only admins may edit groups on this workspace; said, with what to do.
  'permission_denied',
  'invalid_users',
  'no_users_provided',
  'name_already_exists',
  'plan_upgrade_required',
  'subteam_max_users_exceeded',
  // Channels
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_non_threadable_channel',
  'restricted_action_thread_only_channel',
  'name_taken',
  'invalid_name',
  'invalid_name_specials',
  'invalid_name_required',
  'invalid_name_maxlength',
  'invalid_name_punctuation',
  'too_many_users',
  'not_enough_users',
  'method_not_supported_for_channel_type',
  // The message itself
  'msg_too_long',
  'no_text',
  'invalid_blocks',
  'invalid_blocks_format',
  'too_many_attachments',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'already_pinned',
  'not_pinnable',
  'too_many_pins',
  'invalid_arguments',
  'invalid_arg_name',
  'invalid_charset',
  'invalid_form_data',
  'invalid_post_type',
  'missing_post_type',
  'invalid_json',
  'json_not_object',
  'expired_trigger_id',
  'invalid_trigger_id',
];

const TABLE = new Map<string, SlackErrorClass>([
  ...RETRYABLE.map((c) => [c, 'retryable'] as const),
  ...APP.map((c) => [c, 'app'] as const),
  ...TARGET.map((c) => [c, 'target'] as const),
]);

/** The class of a Slack error code (`user_disabled`), or of `http_<status>` for a bare HTTP failure. */
export function classifySlackError(code: string): SlackErrorClass {
  const known = TABLE.get(code);
  if (known) return known;
  const http = /^http_(\d{3})$/.exec(code);
  if (http) return Number(http[1]) >= 500 ? 'retryable' : 'target';
  return 'target';
}

/** Listed codes per class, for the docs and the tests. */
export const SLACK_ERROR_CLASSES: Record<SlackErrorClass, readonly string[]> = {
  retryable: RETRYABLE,
  target: TARGET,
  app: APP,
};
