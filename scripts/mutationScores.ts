/**
 * The mutation score of each file in a Stryker JSON report (reports/mutation/mutation.json), as Stryker
 * counts it: detected (killed or timed out) over valid (detected, survived or not covered); mutants that
 * did not compile or crashed the run are not valid. The target is per file, not the total: a
 * well-tested large file must not hide a poorly tested small one.
 */
import { readFileSync } from 'node:fs';

export const TARGET_SCORE = 85;

type MutantStatus = 'Killed' | 'Timeout' | 'Survived' | 'NoCoverage' | 'CompileError' | 'RuntimeError' | 'Ignored';

export interface MutationReport {
  files: Record<string, { mutants: { status: MutantStatus | string }[] }>;
}

export interface FileScore {
  file: string;
  detected: number;
  survived: number;
  noCoverage: number;
  /** Percent, or null when the file had no valid mutant. */
  score: number | null;
}

export function fileScores(report: MutationReport): FileScore[] {
  return Object.entries(report.files)
    .map(([file, { mutants }]) => {
      const count = (...statuses: string[]) => mutants.filter((m) => statuses.includes(m.status)).length;
      const detected = count('Killed', 'Timeout');
      const survived = count('Survived');
      const noCoverage = count('NoCoverage');
      const valid = detected + survived + noCoverage;
      return { file, detected, survived, noCoverage, score: valid === 0 ? null : (100 * detected) / valid };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** The files below the target, worst first. */
export function belowTarget(scores: FileScore[], target = TARGET_SCORE): FileScore[] {
  return scores.filter((s) => s.score !== null && s.score < target).sort((a, b) => a.score! - b.score!);
}

export function describeScores(scores: FileScore[], target = TARGET_SCORE): string {
  const lines = scores.map(
    (s) =>
      `${s.score === null ? '   n/a' : s.score.toFixed(2).padStart(6)}  ${s.file}  (${s.detected} killed, ` +
      `${s.survived} survived, ${s.noCoverage} not covered)${s.score !== null && s.score < target ? '  BELOW TARGET' : ''}`,
  );
  return [`mutation score per file (target ${target}):`, ...lines].join('\n');
}

export function readReport(file: string): MutationReport {
  return JSON.parse(readFileSync(file, 'utf8')) as MutationReport;
}
