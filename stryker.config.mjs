// Mutation testing (`npm run mutation`, docs/mutation.md): Stryker changes one operator, condition or
// literal at a time in the pure decision code below and reruns the unit tests that reach it; a change
// no test notices (a surviving mutant) is a behaviour nothing checks. Too slow for every CI run.

/**
 * The files mutated: command parsers, escalation and reminder decisions, rotation maths, alert
 * routing, grouping and storm digest, outbox retry rules, the post-mortem document, and contact
 * method verification codes and the contact methods form; SMS replies, a person's notification rule
 * plan, a page's urgency and acknowledge-link tokens; check-config's key suggestions and the choice of policy file.
 * scripts/mutationChanged.ts reads this list.
 */
export const targets = [
  'src/incidents/parseIncidentCommand.ts',
  'src/paging/parsePageCommand.ts',
  'src/schedules/parseOncallCommand.ts',
  'src/schedules/parseOverrideCommand.ts',
  'src/schedules/coverPlaces.ts',
  'src/schedules/swapShift.ts',
  'src/paging/escalationSteps.ts',
  'src/paging/decideEscalation.ts',
  'src/incidents/reminders/cadence.ts',
  'src/schedules/rotation/*.ts',
  'src/alerts/decision.ts',
  'src/alerts/grouping.ts',
  'src/config/alertRoutes.ts',
  'src/alerts/decideDigest.ts',
  'src/outbox/afterFailure.ts',
  'src/outbox/leaseBudget.ts',
  'src/postmortem/markdown.ts',
  'src/contact/verification.ts',
  'src/contact/parseContactForm.ts',
  'src/paging/smsReply.ts',
  // planPerson only: the rest of the file writes rows and jobs (a database), which unit tests do not reach.
  'src/paging/contactSteps.ts:20-27',
  'src/paging/urgency.ts',
  'src/paging/ackToken.ts',
  'src/paging/views/pageSubject.ts',
  'src/config/unknownKeys.ts',
  'src/config/policyFile.ts',
];

// Property tests run a smaller set of their generated cases (where the variable is read says which):
// every mutant reruns them, and the full sets are for `npm test`. Stryker's test runner processes
// inherit this environment.
process.env.QUICK_PROPERTY_TESTS = '1';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: targets,
  testRunner: 'jest',
  // Unit tests only: pure and quick, and they need no Postgres (jest.unit.config.js has no globalSetup).
  jest: { projectType: 'custom', configFile: 'jest.unit.config.js' },
  // Each mutant runs only the tests that executed its code in the first (coverage) run.
  coverageAnalysis: 'perTest',
  // No type check of each mutant by default: on this 2-core box it made a run about 7 times slower
  // (afterFailure.ts: 4 min 45 s against 40 s). `npm run mutation -- --checkers typescript` turns it on:
  // mutants the compiler would refuse then count as compile errors instead of as survivors.
  checkers: [],
  tsconfigFile: 'tsconfig.stryker.json',
  // The box has 2 cores, shared.
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  thresholds: { high: 85, low: 70, break: null },
  // Not copied into the sandbox: build output and run data the tests do not read.
  ignorePatterns: ['dist', 'coverage', '.data', 'bench/results', 'reports'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
