/** Which policy file the bot loads: a named file that is missing stops the start; only the default may be missing. */
import { choosePolicyFile } from '../../../src/config/policyFile';
import { StartupRefusal } from '../../../src/common/errors';

const CWD = '/srv/bot';
const only =
  (...files: string[]) =>
  (file: string) =>
    files.includes(file);

describe('choosePolicyFile', () => {
  it('loads the file INCIDENT_CONFIG names, resolved from the working directory', () => {
    expect(choosePolicyFile(' ./policy.yml ', { cwd: CWD, exists: only('/srv/bot/policy.yml') })).toEqual({
      file: '/srv/bot/policy.yml',
      missingDefault: null,
    });
  });

  it('refuses a named file that is missing, naming the variable and the path', () => {
    const choose = () => choosePolicyFile('/etc/bot/policy.yml', { cwd: CWD, exists: only() });
    expect(choose).toThrow(StartupRefusal);
    expect(choose).toThrow(/^INCIDENT_CONFIG names the policy file \/etc\/bot\/policy\.yml .*which does not exist/);
  });

  it('with INCIDENT_CONFIG unset or blank, takes ./incident.config.yml, and says so when it is missing', () => {
    expect(choosePolicyFile(undefined, { cwd: CWD, exists: only('/srv/bot/incident.config.yml') })).toEqual({
      file: '/srv/bot/incident.config.yml',
      missingDefault: null,
    });
    const missing = choosePolicyFile('  ', { cwd: CWD, exists: only() });
    expect(missing.file).toBe('/srv/bot/incident.config.yml');
    expect(missing.missingDefault).toMatch(
      /^No policy file at \/srv\/bot\/incident\.config\.yml \(INCIDENT_CONFIG is unset\): running the built-in defaults, which page nobody/,
    );
  });
});
