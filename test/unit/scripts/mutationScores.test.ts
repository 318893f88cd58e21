/** The per-file mutation score that `npm run mutation:changed` holds each changed file to. */
import { belowTarget, describeScores, fileScores } from '../../../scripts/mutationScores';

const mutants = (counts: Record<string, number>) =>
  Object.entries(counts).flatMap(([status, n]) => Array.from({ length: n }, () => ({ status })));

const report = {
  files: {
    'src/b.ts': { mutants: mutants({ Killed: 80, Timeout: 5, Survived: 10, NoCoverage: 5, CompileError: 7 }) },
    'src/a.ts': { mutants: mutants({ Killed: 16, Survived: 4, RuntimeError: 3, Ignored: 2 }) },
    'src/c.ts': { mutants: mutants({ CompileError: 2 }) },
  },
};

describe('mutation scores per file', () => {
  it('counts killed and timed-out mutants over the valid ones, leaving out compile and runtime errors', () => {
    expect(fileScores(report)).toEqual([
      { file: 'src/a.ts', detected: 16, survived: 4, noCoverage: 0, score: 80 },
      { file: 'src/b.ts', detected: 85, survived: 10, noCoverage: 5, score: 85 },
      { file: 'src/c.ts', detected: 0, survived: 0, noCoverage: 0, score: null },
    ]);
  });

  it('holds each file to the target on its own: 85 passes, 80 does not, a file with no valid mutant is not judged', () => {
    expect(belowTarget(fileScores(report)).map((s) => s.file)).toEqual(['src/a.ts']);
    expect(belowTarget(fileScores(report), 79).map((s) => s.file)).toEqual([]);
  });

  it('prints every file with its counts and marks the ones below the target', () => {
    const text = describeScores(fileScores(report)).split('\n');
    expect(text[0]).toBe('mutation score per file (target 85):');
    expect(text[1]).toBe(' 80.00  src/a.ts  (16 killed, 4 survived, 0 not covered)  BELOW TARGET');
    expect(text[2]).toBe(' 85.00  src/b.ts  (85 killed, 10 survived, 5 not covered)');
    expect(text[3]).toBe('   n/a  src/c.ts  (0 killed, 0 survived, 0 not covered)');
  });
});
