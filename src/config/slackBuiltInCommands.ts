/** Slack's own commands: apps cannot register them, and a manifest that declares one is rejected whole. */
export const SLACK_BUILT_IN_COMMANDS = new Set([
  '/status', '/me', '/join', '/topic', '/remind', '/invite', '/leave', '/msg', '/dm', '/away', '/active',
  '/archive', '/collapse', '/expand', '/feed', '/mute', '/open', '/rename', '/search', '/shortcuts', '/shrug',
  '/who', '/apps', '/giphy', '/call', '/dnd', '/remove', '/kick', '/prefs', '/feedback', '/help',
]);
