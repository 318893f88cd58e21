/**
 * A person's own contact methods: list, add, remove, move. Each change is one short transaction on
 * that person's rows only (every query is scoped by `userId`, so a forged button value cannot reach
 * somebody else's method), under a per-person advisory lock so that two submissions at once cannot
 * both pass the limit or swap positions into a tie. No network call in here: codes and tests are sent
 * after the commit (sendCode.ts, testSend.ts).
 */
import type { Db, Tx } from '../db/types';
import type { ContactMethod } from '../generated/prisma/client';
import { CONTACT_KINDS, type ContactKind } from '../config/contact';
import type { CodeState } from './verification';

/** Enough for a phone, a second phone, work and personal mail and a hook or two; bounds the modal too. */
export const MAX_METHODS = 10;

export type { ContactMethod };

/** Kinds in their usual order, then the person's order within a kind. */
export function sortMethods(methods: ContactMethod[]): ContactMethod[] {
  const rank = (k: string) => CONTACT_KINDS.indexOf(k as ContactKind);
  return [...methods].sort((a, b) => rank(a.kind) - rank(b.kind) || a.position - b.position || a.id - b.id);
}

export async function listMethods(db: Tx, userId: string): Promise<ContactMethod[]> {
  return sortMethods(await db.contactMethod.findMany({ where: { userId } }));
}

export async function findMethod(db: Tx, userId: string, id: number): Promise<ContactMethod | null> {
  return db.contactMethod.findFirst({ where: { id, userId } });
}

async function lockPerson(tx: Tx, userId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext(${`contact-methods:${userId}`}))`;
}

export type AddResult =
  { ok: true; method: ContactMethod } | { ok: false; reason: 'duplicate' | 'too-many'; problem: string };

/**
 * Adds `address` (already normalised) last among the person's methods of its kind, with the code state
 * (or webhook secret) given. Refuses a duplicate or an eleventh method, in words for the person.
 */
export async function addMethod(
  db: Db,
  now: Date,
  input: { userId: string; kind: ContactKind; address: string; code: CodeState | null; secret: string | null },
): Promise<AddResult> {
  return db.$transaction(async (tx) => {
    await lockPerson(tx, input.userId);
    const mine = await tx.contactMethod.findMany({ where: { userId: input.userId } });
    if (mine.some((m) => m.kind === input.kind && m.address === input.address))
      return { ok: false, reason: 'duplicate', problem: duplicateProblem(input.kind) };
    if (mine.length >= MAX_METHODS) return { ok: false, reason: 'too-many', problem: tooManyProblem() };
    const sameKind = mine.filter((m) => m.kind === input.kind);
    const position = sameKind.length ? Math.max(...sameKind.map((m) => m.position)) + 1 : 0;
    const method = await tx.contactMethod.create({
      data: {
        userId: input.userId,
        kind: input.kind,
        address: input.address,
        position,
        secret: input.secret,
        createdAt: now,
        ...(input.code ?? {}),
      },
    });
    return { ok: true, method };
  });
}

export function duplicateProblem(kind: ContactKind): string {
  return `You already have this ${kind === 'email' ? 'address' : kind === 'webhook' ? 'URL' : 'number'} for ${kind}: each method is listed once.`;
}

export function tooManyProblem(): string {
  return `You have ${MAX_METHODS} contact methods, the most one person can have: remove one before adding another.`;
}

/** Deletes the method (its code with it). Returns whether there was one of this person's to delete. */
export async function removeMethod(db: Tx, userId: string, id: number): Promise<ContactMethod | null> {
  const method = await findMethod(db, userId, id);
  if (!method) return null;
  const { count } = await db.contactMethod.deleteMany({ where: { id, userId } });
  return count ? method : null;
}

/**
 * Moves the method one place up (tried earlier) or down among the person's methods of its kind, and
 * numbers that kind 0, 1, 2… again. False when it is already first (last) or not theirs.
 */
export async function moveMethod(db: Db, userId: string, id: number, direction: 'up' | 'down'): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await lockPerson(tx, userId);
    const method = await findMethod(tx, userId, id);
    if (!method) return false;
    const sameKind = sortMethods(await tx.contactMethod.findMany({ where: { userId, kind: method.kind } }));
    const order = reorder(
      sameKind.map((m) => m.id),
      id,
      direction,
    );
    if (!order) return false;
    for (const [position, methodId] of order.entries())
      await tx.contactMethod.updateMany({ where: { id: methodId, userId }, data: { position } });
    return true;
  });
}

/** `ids` with `id` swapped with its neighbour in `direction`, or null when it has none. Pure. */
export function reorder(ids: number[], id: number, direction: 'up' | 'down'): number[] | null {
  const from = ids.indexOf(id);
  const to = direction === 'up' ? from - 1 : from + 1;
  if (from === -1 || to < 0 || to >= ids.length) return null;
  const out = [...ids];
  [out[from], out[to]] = [out[to], out[from]];
  return out;
}

/** Stores a newly sent code (resetting the count of tries). */
export async function storeCode(db: Tx, userId: string, id: number, code: CodeState): Promise<boolean> {
  const { count } = await db.contactMethod.updateMany({ where: { id, userId }, data: code });
  return count > 0;
}
