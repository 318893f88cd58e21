/**
 * A mistake the person can fix: shown to them as an ephemeral message, never logged as a failure.
 * Anything else that reaches a listener is a bug or an outage: logged with a correlation id, and the
 * person is told that id.
 */
export class UserError extends Error {}

/**
 * A start the operator must fix before the bot may run (a setting names a missing file, production with
 * no database…): its message is the one sentence they read, naming the setting; the process exits 1.
 */
export class StartupRefusal extends Error {}
