/** How urgently a page wakes people: which notification rules its people follow. Pure. */
import type { PolicyConfig } from '../config/policy';
import type { Urgency } from '../config/contact';
import { severityByKey } from '../config/severities';
import { routeFor } from '../config/alertRoutes';

export interface PageSubject {
  /** The incident's severity key, for a page of an incident. */
  incidentSeverity: string | null;
  /** The alert group it came from: its integration and route. */
  alertGroup: { integration: string; route: string } | null;
}

/**
 * An incident's page follows its severity's urgency; an alert group's, its route's. Anything the policy
 * file no longer names (a severity renamed since) is high: a page that wakes someone needlessly costs
 * less than one that does not wake anyone.
 */
export function pageUrgency(config: PolicyConfig, subject: PageSubject): Urgency {
  if (subject.incidentSeverity !== null)
    return severityByKey(subject.incidentSeverity, config.severities)?.urgency ?? 'high';
  const group = subject.alertGroup;
  // Its own key only: an integration since removed may be named like Object's (`constructor`, `__proto__`).
  const integration =
    group && Object.hasOwn(config.alerts, group.integration) ? config.alerts[group.integration] : undefined;
  if (!group || !integration) return 'high';
  return routeFor(integration, group.route).route.urgency;
}
