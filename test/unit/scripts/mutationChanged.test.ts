/** `npm run mutation:changed`: which targets a change sends to Stryker. */
import { changedTargets } from '../../../scripts/mutationChanged';

const TARGETS = ['src/paging/parsePageCommand.ts', 'src/schedules/rotation/*.ts', 'src/config/alerts.ts:156-162'];

describe('mutation:changed', () => {
  it('mutates only the targets among the changed files, a glob narrowed to the files that changed', () => {
    expect(
      changedTargets(TARGETS, [
        'src/schedules/rotation/overrides.ts',
        'src/paging/startPage.ts',
        'test/unit/paging/parsePageCommand.test.ts',
        'README.md',
      ]),
    ).toEqual(['src/schedules/rotation/overrides.ts']);
  });

  it("keeps a target's line range, and a file in a sub-folder of a glob's folder is not a match", () => {
    expect(
      changedTargets(TARGETS, [
        'src/config/alerts.ts',
        'src/schedules/rotation/deeper/x.ts',
        'src/paging/parsePageCommand.ts',
      ]),
    ).toEqual(['src/paging/parsePageCommand.ts', 'src/config/alerts.ts:156-162']);
  });

  it('mutates nothing when no target changed', () => {
    expect(changedTargets(TARGETS, ['src/paging/startPage.ts', 'src/schedules/rotationX.ts'])).toEqual([]);
  });
});
