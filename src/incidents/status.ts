/** The public status of an incident, as posted in status updates. */
export const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof STATUSES)[number];

export function parseStatus(text: string): IncidentStatus | null {
  const wanted = text.trim().toLowerCase();
  return (STATUSES as readonly string[]).includes(wanted) ? (wanted as IncidentStatus) : null;
}

export const STATUS_EMOJI: Record<IncidentStatus, string> = {
  investigating: ':mag:',
  identified: ':bulb:',
  monitoring: ':eyes:',
  resolved: ':white_check_mark:',
};
