/** Wiring: incidents and alert groups own pages; paging reaches them only through these ports. */
import { registerPageOwner } from '../paging/pageOwner';
import { incidentAsPageOwner } from '../incidents/asPageOwner';
import { alertGroupAsPageOwner } from '../alerts/asPageOwner';

registerPageOwner('incident', incidentAsPageOwner);
registerPageOwner('alert', alertGroupAsPageOwner);
