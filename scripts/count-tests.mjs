// Prints the last line CI reads: "tests: N passed, M failed", from vitest's JSON results.
// A test file that failed to load, a failed type-check or format check, and a vitest run that exited non-zero
// with no failed test (unhandled errors) each count as one failure.
import { readFileSync, existsSync } from 'node:fs';

const [file, typecheckStatus, vitestStatus] = process.argv.slice(2);
let passed = 0;
let failed = Number(typecheckStatus) !== 0 ? 1 : 0;
if (existsSync(file)) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  let vitestFailed = 0;
  for (const suite of r.testResults ?? []) {
    const results = suite.assertionResults ?? [];
    for (const a of results) {
      if (a.status === 'passed') passed++;
      else if (a.status === 'failed') vitestFailed++;
    }
    if (suite.status === 'failed' && !results.some((a) => a.status === 'failed')) vitestFailed++;
  }
  if (vitestFailed === 0 && Number(vitestStatus) !== 0) vitestFailed = 1;
  failed += vitestFailed;
} else {
  failed += 1;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
