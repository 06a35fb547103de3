// Differential fuzzer: random templates and values through our engine and real `helm template`
// (Helm 4 by default; FUZZ_HELM=3 for Helm 3), compared document by document. Seeded and bounded:
//   npm run fuzz                      # FUZZ_CASES=300 FUZZ_SEED=1
//   FUZZ_CASES=2000 FUZZ_SEED=7 FUZZ_HELM=3 npm run fuzz
// Every disagreement printed here becomes a table test (src/sprig/misc.test.ts has the first ones).
import { fuzzRenderDiff } from './render-diff-core.js';

const cases = Number(process.env.FUZZ_CASES ?? 300);
const seed = Number(process.env.FUZZ_SEED ?? 1);
const major = process.env.FUZZ_HELM === '3' ? 3 : 4;
const r = await fuzzRenderDiff(cases, seed, major);
for (const d of r.disagree) console.log(`DISAGREE case ${d.c.id} (seed ${seed}): ${d.why}\n--- template\n${d.c.template}\n--- values\n${d.c.values}`);
console.log(`fuzz render-diff vs Helm ${major}: ${r.cases} cases, ${r.agree} agree, ${r.disagree.length} disagree (${r.seconds.toFixed(1)} s, seed ${seed})`);
process.exit(r.disagree.length > 0 ? 1 : 0);
