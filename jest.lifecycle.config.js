/**
 * The alert lifecycle property test alone (test/lifecycle): seeded histories of alert groups, pages and
 * incidents checked against the invariants of test/support/lifecycle/invariants.ts. `npm test` runs it
 * too, with the fixed seed; this is for other seeds and counts (LIFECYCLE_SEED, LIFECYCLE_HISTORIES) or
 * one history (LIFECYCLE_STEPS).
 */
const base = require('./jest.config');

module.exports = { ...base, roots: ['<rootDir>/test/lifecycle'], testPathIgnorePatterns: ['/node_modules/'] };
