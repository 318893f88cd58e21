/** A webhook as Twilio sends one: a form-encoded POST signed with X-Twilio-Signature. */
import { twilioSignature } from '../../../src/providers/twilioSignature';

export interface WebhookAnswer {
  status: number;
  body: string;
}

export async function postSigned(
  url: string,
  params: Record<string, string>,
  authToken: string,
): Promise<WebhookAnswer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': twilioSignature(authToken, url, params),
      'User-Agent': 'TwilioProxy/1.1',
    },
    body: new URLSearchParams(params).toString(),
    signal: AbortSignal.timeout(5000),
  });
  return { status: res.status, body: await res.text() };
}
