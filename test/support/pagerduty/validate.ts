/**
 * What PagerDuty's Events API v2 checks before it takes an alert event, as the stand-in applies it: the
 * fields and limits of its docs (developer.pagerduty.com, "Send an Alert Event"). The wording of the
 * routing-key errors is PagerDuty's own, as its 400 answers show them (quoted in envato/pagerduty#70 and
 * blockpane/tenderduty#10); the others are ours, in its style.
 *
 * Stricter than PagerDuty where its behaviour is not written down (a summary over 1024 characters,
 * which it may cut rather than refuse): the stand-in refuses, so a client that relies on being let off
 * fails here first.
 */

export const ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;
export const SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export const SUMMARY_MAX = 1024;
export const DEDUP_KEY_MAX = 255;

export type Action = (typeof ACTIONS)[number];

/** A body that passed eventErrors: what the stand-in reads from it. */
export interface ValidEvent {
  routing_key: string;
  event_action: Action;
  dedup_key?: string;
  payload?: { summary: string; source: string; severity: string };
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const blank = (v: unknown) => typeof v !== 'string' || v.trim() === '';

/** PagerDuty's `errors` for this body: empty when it would take the event. */
export function eventErrors(body: unknown): string[] {
  if (!isObject(body)) return ['Event object must be a JSON object'];
  const errors = routingKeyErrors(body.routing_key);
  const action = body.event_action;
  if (!ACTIONS.includes(action as Action))
    errors.push(`'event_action' is invalid (must be one of ${ACTIONS.join(', ')})`);
  const dedup = body.dedup_key;
  if (dedup !== undefined && typeof dedup !== 'string') errors.push("'dedup_key' must be a string");
  else if (typeof dedup === 'string' && dedup.length > DEDUP_KEY_MAX)
    errors.push(`'dedup_key' is too long (maximum is ${DEDUP_KEY_MAX} characters)`);
  // PagerDuty makes up a dedup_key for a trigger without one; an acknowledge or resolve has nothing to find without it.
  else if ((action === 'acknowledge' || action === 'resolve') && blank(dedup))
    errors.push(`'dedup_key' is required for ${action} events`);
  if (action === 'trigger') errors.push(...payloadErrors(body.payload));
  if (body.links !== undefined) errors.push(...linkErrors(body.links));
  return errors;
}

function routingKeyErrors(key: unknown): string[] {
  if (blank(key)) return ["'routing_key' is missing or blank"];
  const errors: string[] = [];
  const text = key as string;
  if (text.length !== 32) errors.push("Length of 'routing_key' is incorrect (should be 32 characters)");
  if (!/^[A-Za-z0-9]*$/.test(text)) errors.push("'routing_key' cannot contain non-alphanumeric characters.");
  return errors;
}

function payloadErrors(payload: unknown): string[] {
  if (!isObject(payload)) return ["'payload' is required for trigger events"];
  const errors: string[] = [];
  if (blank(payload.summary)) errors.push("'payload.summary' is missing or blank");
  else if ((payload.summary as string).length > SUMMARY_MAX)
    errors.push(`'payload.summary' is too long (maximum is ${SUMMARY_MAX} characters)`);
  if (blank(payload.source)) errors.push("'payload.source' is missing or blank");
  if (!SEVERITIES.includes(payload.severity as (typeof SEVERITIES)[number]))
    errors.push(`'payload.severity' is invalid (must be one of ${SEVERITIES.join(', ')})`);
  if (payload.custom_details !== undefined && !isObject(payload.custom_details))
    errors.push("'payload.custom_details' must be an object");
  return errors;
}

function linkErrors(links: unknown): string[] {
  if (!Array.isArray(links)) return ["'links' must be an array"];
  return links.flatMap((link, i) => (isObject(link) && !blank(link.href) ? [] : [`'links[${i}].href' is required`]));
}
