/**
 * What Twilio's Messages and Calls resources refuse, and the error body it answers with, for the
 * stand-in. Codes and messages are Twilio's documented ones (https://www.twilio.com/docs/api/errors/<code>).
 */

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export interface Refusal {
  status: number;
  body: TwilioErrorBody;
}

export function refusal(status: number, code: number, message: string): Refusal {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

/** E.164: a plus, then up to 15 digits, the first not 0. */
const E164 = /^\+[1-9]\d{1,14}$/;
const MAX_BODY = 1600;
const MAX_TWIML = 4000;

export const AUTHENTICATE = refusal(401, 20003, 'Authenticate');
export const notFound = (path: string) => refusal(404, 20404, `The requested resource ${path} was not found`);

function invalidTo(to: string | undefined): Refusal | null {
  if (to !== undefined && E164.test(to)) return null;
  return refusal(400, 21211, `The 'To' number ${to ?? ''} is not a valid phone number.`);
}

/** The first reason Twilio would refuse a POST to Messages.json, or null. */
export function messageRefusal(params: Record<string, string>): Refusal | null {
  if (params.To === undefined || params.To === '')
    return refusal(400, 21604, "'To' phone number is required to send a Message");
  const to = invalidTo(params.To);
  if (to) return to;
  if (!params.From && !params.MessagingServiceSid)
    return refusal(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
  if (!params.Body) return refusal(400, 21602, 'Message body is required.');
  // Counted in characters (code points); Twilio counts some non-GSM characters as more than one.
  if ([...params.Body].length > MAX_BODY)
    return refusal(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
  return null;
}

/** The first reason Twilio would refuse a POST to Calls.json, or null. */
export function callRefusal(params: Record<string, string>): Refusal | null {
  const to = invalidTo(params.To);
  if (to) return to;
  if (!params.From) return refusal(400, 21213, 'Caller phone number is required.');
  // Without Twiml, Url or ApplicationSid Twilio has nothing to run; it names only Url in its answer.
  if (!params.Twiml && !params.Url && !params.ApplicationSid)
    return refusal(
      400,
      21205,
      'Url parameter is required. For more information, see http://www.twilio.com/docs/api/twiml',
    );
  // Twilio documents this limit of inline TwiML under 32018; no 21xxx Calls code is documented for it.
  if (params.Twiml && [...params.Twiml].length > MAX_TWIML)
    return refusal(400, 32018, 'Twiml size exceeded maximum allowed value of 4000 characters');
  return null;
}
