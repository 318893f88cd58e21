/**
 * The token of an acknowledge link (email, webhook): the page_contact's id and an HMAC-SHA256 of it
 * under the bot's link key, so the bot needs to store nothing to check it, and a retried email carries
 * the same link. Single use and expiry are the row's (tokenUsedAt, tokenExpiresAt). Pure.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const MAC_CHARS = 32;

function mac(key: Buffer, contactId: number): string {
  return createHmac('sha256', key).update(`ack:${contactId}`).digest('base64url').slice(0, MAC_CHARS);
}

export function ackToken(key: Buffer, contactId: number): string {
  return `${contactId}_${mac(key, contactId)}`;
}

/** The contact id a token was made for, or null for a token this bot did not make. */
export function contactIdOfToken(key: Buffer, token: string): number | null {
  const match = /^(\d{1,12})_([A-Za-z0-9_-]+)$/.exec(token);
  if (!match) return null;
  const id = Number(match[1]);
  const expected = Buffer.from(mac(key, id));
  const given = Buffer.from(match[2]);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}
