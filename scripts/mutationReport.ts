/**
 * `npm run mutation:scores`: the per-file mutation scores of the last Stryker run
 * (reports/mutation/mutation.json), against the target; exits 1 when a file is below it.
 */
import path from 'node:path';
import { belowTarget, describeScores, fileScores, readReport } from './mutationScores';

const scores = fileScores(readReport(path.resolve(__dirname, '..', 'reports/mutation/mutation.json')));
console.log(describeScores(scores));
if (belowTarget(scores).length > 0) process.exitCode = 1;
