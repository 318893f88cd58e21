/** Forgetting incidents: their pages go, with every DM and text, call, email or webhook sent for them. */
import type { Tx } from '../db/types';

export interface ForgottenPages {
  pages: number;
  pageNotifications: number;
  pageContacts: number;
}

export async function deletePagesOfIncidents(tx: Tx, incidentIds: number[]): Promise<ForgottenPages> {
  if (!incidentIds.length) return { pages: 0, pageNotifications: 0, pageContacts: 0 };
  const ofPages = { page: { incidentId: { in: incidentIds } } };
  const pageContacts = (await tx.pageContact.deleteMany({ where: ofPages })).count;
  const pageNotifications = (await tx.pageNotification.deleteMany({ where: ofPages })).count;
  const pages = (await tx.page.deleteMany({ where: { incidentId: { in: incidentIds } } })).count;
  return { pages, pageNotifications, pageContacts };
}
