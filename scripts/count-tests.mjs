// Prints the last line CI reads: "tests: N passed, M failed", from vitest's JSON results, and
// before it the slowest test files with their wall time, where a suite's minutes go.
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
  printSlowest(r.testResults ?? [], Number(process.env.AIRGAP_TEST_SLOWEST ?? 15));
  failed += vitestFailed;
} else {
  failed += 1;
}
console.log(`tests: ${passed} passed, ${failed} failed`);

/** The `count` test files that took longest (vitest's start and end of each file), with their share. */
function printSlowest(suites, count) {
  const root = process.cwd() + '/';
  const files = suites
    .filter((s) => Number.isFinite(s.startTime) && Number.isFinite(s.endTime))
    .map((s) => ({ name: s.name.startsWith(root) ? s.name.slice(root.length) : s.name, ms: s.endTime - s.startTime, tests: (s.assertionResults ?? []).length }))
    .sort((a, b) => b.ms - a.ms);
  if (count <= 0 || files.length === 0) return;
  const total = files.reduce((n, f) => n + f.ms, 0);
  console.log(`slowest test files (of ${files.length}, ${(total / 60_000).toFixed(1)} min summed over files):`);
  for (const f of files.slice(0, count)) {
    console.log(`  ${(f.ms / 1000).toFixed(1).padStart(7)} s  ${((100 * f.ms) / total).toFixed(1).padStart(4)}%  ${f.name} (${f.tests} tests)`);
  }
}
process.exit(failed > 0 ? 1 : 0);
