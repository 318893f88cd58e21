/** Every Slack failure has one class, from one table (src/slack/errors.ts), and each class is handled its own way. */
import { classifySlackError, SLACK_ERROR_CLASSES } from '../../../src/slack/errors';
import { SlackCallError } from '../../../src/slack/gateway';

describe('the Slack error table', () => {
  test.each([
    ['ratelimited', 'retryable'],
    ['internal_error', 'retryable'],
    ['service_unavailable', 'retryable'],
    ['request_timeout', 'retryable'],
    ['request_failed', 'retryable'],
    ['http_500', 'retryable'],
    ['http_503', 'retryable'],
    ['invalid_auth', 'app'],
    ['token_revoked', 'app'],
    ['account_inactive', 'app'],
    ['missing_scope', 'app'],
    ['not_authed', 'app'],
    ['user_disabled', 'target'],
    ['cannot_dm_bot', 'target'],
    ['user_not_found', 'target'],
    ['is_archived', 'target'],
    ['not_in_channel', 'target'],
    ['channel_not_found', 'target'],
    ['restricted_action', 'target'],
    ['http_404', 'target'],
    ['permission_denied', 'target'],
    ['invalid_users', 'target'],
    ['an_error_slack_adds_next_year', 'target'],
  ])('%s is %s', (code, kind) => {
    expect(classifySlackError(code)).toBe(kind);
    const error = new SlackCallError('chat.postMessage', code);
    expect(error.kind).toBe(kind);
    // Only a refusal for this target is given up at once; the app's own trouble is waited out.
    expect(error.retryable).toBe(kind !== 'target');
  });

  it('lists each code in one class only', () => {
    const all = [...SLACK_ERROR_CLASSES.retryable, ...SLACK_ERROR_CLASSES.target, ...SLACK_ERROR_CLASSES.app];
    expect(new Set(all).size).toBe(all.length);
  });
});
