/** Wiring: incidents and alert groups own pages; paging reaches them only through these ports. */
import { registerPageOwner } from '../paging/pageOwner';
import { incidentAsPageOwner } from '../incidents/asPageOwner';
import { alertGroupAsPageOwner } from '../alerts/asPageOwner';

/** Called by startApp before anything can page; registering again replaces a port with itself. */
export function registerPageOwners(): void {
  registerPageOwner('incident', incidentAsPageOwner);
  registerPageOwner('alert', alertGroupAsPageOwner);
}
