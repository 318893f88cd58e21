/** Incident roles, the words people use for them, and what each holder is expected to do. */
export const ROLES = ['ic', 'tech', 'comms', 'scribe'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_TITLES: Record<Role, string> = {
  ic: 'Incident Commander',
  tech: 'Tech Lead',
  comms: 'Comms Lead',
  scribe: 'Scribe',
};

const ROLE_ALIASES: Record<string, Role> = {
  ic: 'ic',
  commander: 'ic',
  'incident-commander': 'ic',
  incidentcommander: 'ic',
  lead: 'ic',
  tech: 'tech',
  'tech-lead': 'tech',
  techlead: 'tech',
  tl: 'tech',
  technical: 'tech',
  comms: 'comms',
  'comms-lead': 'comms',
  commslead: 'comms',
  communications: 'comms',
  cl: 'comms',
  scribe: 'scribe',
  notes: 'scribe',
  'note-taker': 'scribe',
};

export function parseRole(text: string): Role | null {
  const word = text.trim().toLowerCase().replace(/_/g, '-');
  // Own keys only: `assign constructor @bob` must not find Object.prototype.constructor.
  return Object.hasOwn(ROLE_ALIASES, word) ? ROLE_ALIASES[word] : null;
}

export const ROLE_DUTIES: Record<Role, string[]> = {
  ic: [
    'Own the incident: decide, delegate, and keep everyone pointed at mitigation.',
    'Assign the Tech Lead, Comms Lead and Scribe; make sure status updates go out on time.',
    'Decide when to escalate, when the incident is resolved, and when to close it.',
  ],
  tech: [
    'Lead the technical investigation and the fix; propose mitigations to the IC.',
    'Pull in the engineers you need and keep the channel told what is being tried.',
  ],
  comms: [
    "Post status updates on the severity's cadence (`status update …`).",
    'Keep stakeholders and customer-facing teams informed; shield responders from side questions.',
  ],
  scribe: [
    'Record decisions, findings and actions with `note "…"` so the timeline is complete.',
    'Capture action items and open questions for the post-mortem.',
  ],
};

export const ROLE_USAGE = 'ic, tech, comms or scribe (also: commander, tech-lead, comms-lead)';
