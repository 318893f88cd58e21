/**
 * What a verification code and a test say on each kind of method. One place, so the words people
 * read on their phone match what the modal tells them to expect. Pure.
 */
import type { Email } from '../providers/types';
import { CODE_TTL_MS } from './verification';

const MINUTES = CODE_TTL_MS / 60_000;

export const TEST_TEXT = 'Test from the incident bot: this is how a page will reach you';

export function codeSms(code: string): string {
  return `Your incident bot verification code is ${code}. It expires in ${MINUTES} minutes.`;
}

/** Read out digit by digit ("1, 2, 3…"): a text-to-speech voice says 123456 as "one hundred twenty-three thousand…". */
export function codeSpoken(code: string): string {
  const digits = code.split('').join(', ');
  return `Your incident bot verification code is: ${digits}. Again: ${digits}. It expires in ${MINUTES} minutes.`;
}

export function codeEmail(to: string, code: string): Email {
  const text = [
    `Your incident bot verification code is ${code}. It expires in ${MINUTES} minutes.`,
    '',
    'Type it in Slack, in the Contact methods window (/oncall me), to receive incident pages at this address.',
    'If you did not ask for this, ignore this email: nothing is sent here until the code is entered.',
  ].join('\n');
  const html =
    `<p>Your incident bot verification code is <strong>${code}</strong>. It expires in ${MINUTES} minutes.</p>` +
    '<p>Type it in Slack, in the Contact methods window (<code>/oncall me</code>), to receive incident pages at this address.</p>' +
    '<p>If you did not ask for this, ignore this email: nothing is sent here until the code is entered.</p>';
  return { to, subject: 'Verify this address for incident pages', text, html };
}

export function testEmail(to: string): Email {
  return {
    to,
    subject: 'Test from the incident bot',
    text: `${TEST_TEXT}.`,
    html: `<p>${TEST_TEXT}.</p>`,
  };
}

/** A webhook's verification and test bodies: `type` tells the receiver it is not a page. */
export function webhookBody(type: 'verification' | 'test'): Record<string, string> {
  return {
    type,
    text:
      type === 'test'
        ? TEST_TEXT
        : 'The incident bot checks that this URL answers. Pages will be POSTed here, signed with the secret you were shown.',
  };
}
