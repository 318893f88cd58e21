/**
 * The unit tests alone (test/unit: pure code, no database), for mutation testing (stryker.config.mjs):
 * no globalSetup, which would find or start a Postgres that these tests never use.
 */
const { globalSetup: _setup, globalTeardown: _teardown, ...base } = require('./jest.config');

module.exports = { ...base, roots: ['<rootDir>/test/unit'] };
