/**
 * What the contact methods modal remembers between its rendering and its submission, in the view's
 * private_metadata: which method's code it asks for, and a short fingerprint of each method the person
 * had. The fingerprints let the submission's ack refuse a duplicate or an eleventh method in the form
 * itself without reading the database first (acks never wait on it); the transaction after the ack
 * checks again, for a second modal open at the same time. Pure.
 */
import { createHash } from 'node:crypto';

export interface ContactModalMeta {
  verifying: number | null;
  /** methodKey of each of the person's methods when the modal was drawn. */
  keys: string[];
}

/** 16 hex digits of sha256(kind:address): enough to tell ten methods apart, never the address itself. */
export function methodKey(kind: string, address: string): string {
  return createHash('sha256').update(`${kind}:${address}`).digest('hex').slice(0, 16);
}

export function encodeMeta(meta: ContactModalMeta): string {
  return JSON.stringify({ v: meta.verifying, k: meta.keys });
}

/** Lenient: metadata that is not ours reads as "nothing remembered" (the transaction still checks). */
export function decodeMeta(text: string | undefined): ContactModalMeta {
  try {
    const raw = JSON.parse(text || '{}') as { v?: unknown; k?: unknown };
    return {
      verifying: Number.isSafeInteger(raw.v) ? (raw.v as number) : null,
      keys: Array.isArray(raw.k) ? raw.k.filter((k): k is string => typeof k === 'string') : [],
    };
  } catch {
    return { verifying: null, keys: [] };
  }
}
