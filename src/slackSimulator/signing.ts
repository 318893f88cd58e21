/** Slack's request signing (v0): what Bolt's receivers verify on every inbound request. */
import { createHmac } from 'node:crypto';

/** `v0=` + hex HMAC-SHA256(signing secret, `v0:${timestamp}:${rawBody}`). */
export function slackSignature(signingSecret: string, timestampSeconds: number, rawBody: string): string {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex');
  return `v0=${digest}`;
}
