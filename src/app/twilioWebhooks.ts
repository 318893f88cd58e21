/**
 * Twilio's requests to the bot: an SMS sent to its number (`POST /twilio/sms`, the number's webhook),
 * a key pressed on a paging call (`POST /twilio/voice/<contact>`), and status callbacks
 * (`POST /twilio/status/<contact>`). Every one must carry a valid X-Twilio-Signature for the URL Twilio
 * was given (PUBLIC_URL + path) and the auth token: anything else is answered 403 and does nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../runtime/deps';
import { readBody, TooLarge } from '../common/httpBody';
import { verifyTwilioSignature } from '../providers/twilioSignature';
import { escapeXml } from '../providers/twiml';
import { answerKeyPress, answerSms, recordProviderStatus } from '../paging/answerFromOutside';

/** Twilio's webhooks are a few hundred bytes of form fields. */
const MAX_BODY_BYTES = 16 * 1024;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function twimlAnswer(res: ServerResponse, status: number, inner = ''): void {
  res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Response>${inner}</Response>`);
}

/** The checked form fields of a Twilio request, or null when it was answered (403, 413, 503) already. */
async function signedForm(
  deps: Deps,
  authToken: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<Record<string, string> | null> {
  const base = deps.publicUrl();
  if (!base) {
    // Without PUBLIC_URL no signature can be checked (it covers the URL): refuse rather than trust.
    twimlAnswer(res, 503);
    return null;
  }
  let raw: Buffer;
  try {
    raw = await readBody(req, MAX_BODY_BYTES);
  } catch (error) {
    twimlAnswer(res, error instanceof TooLarge ? 413 : 400);
    return null;
  }
  const params = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  const url = `${base}${req.url ?? ''}`;
  const signature = req.headers['x-twilio-signature'];
  if (!verifyTwilioSignature(authToken, url, params, typeof signature === 'string' ? signature : undefined)) {
    deps.log.warn({ path: new URL(url).pathname }, 'Twilio request refused: bad or missing X-Twilio-Signature');
    twimlAnswer(res, 403);
    return null;
  }
  return params;
}

function contactIdOf(req: IncomingMessage): number | null {
  const match = /\/(\d{1,12})(?:\?.*)?$/.exec(req.url ?? '');
  return match ? Number(match[1]) : null;
}

function handle(deps: Deps, work: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Handler {
  return (req, res) => {
    work(req, res).catch((error: unknown) => {
      deps.log.error({ err: error instanceof Error ? error.message : String(error) }, 'Twilio request failed');
      if (!res.headersSent) twimlAnswer(res, 500);
    });
  };
}

export function twilioWebhooks(deps: Deps, authToken: string): { sms: Handler; voice: Handler; status: Handler } {
  return {
    sms: handle(deps, async (req, res) => {
      const form = await signedForm(deps, authToken, req, res);
      if (!form) return;
      const reply = await answerSms(deps, form.From ?? '', form.Body ?? '');
      twimlAnswer(res, 200, reply ? `<Message>${escapeXml(reply)}</Message>` : '');
    }),
    voice: handle(deps, async (req, res) => {
      const form = await signedForm(deps, authToken, req, res);
      if (!form) return;
      const id = contactIdOf(req);
      const said = id === null ? 'Goodbye.' : await answerKeyPress(deps, id, form.Digits ?? '');
      twimlAnswer(res, 200, `<Say>${escapeXml(said)}</Say><Hangup/>`);
    }),
    status: handle(deps, async (req, res) => {
      const form = await signedForm(deps, authToken, req, res);
      if (!form) return;
      const id = contactIdOf(req);
      const status = form.MessageStatus ?? form.CallStatus;
      if (id !== null && status) await recordProviderStatus(deps, id, status);
      twimlAnswer(res, 200);
    }),
  };
}
