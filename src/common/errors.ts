/**
 * A mistake the person can fix: shown to them as an ephemeral message, never logged as a failure.
 * Anything else that reaches a listener is a bug or an outage: logged with a correlation id, and the
 * person is told that id.
 */
export class UserError extends Error {}
