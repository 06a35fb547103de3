// `npm run fuzz`: the crash fuzzers (targets.ts), each in a worker thread watched from here, then
// the differential render fuzzer against real Helm (render-diff-core.ts, template-gen.ts) and its
// YAML reading (yaml-diff-core.ts, yaml-gen.ts).
//   npm run fuzz                                   # every target, full run (1e5 inputs each), seed 1
//   npm run fuzz -- --target template --count 5000 --seed 7
//   npm run fuzz -- --target image-ref --seed 7 --from 1234 --count 1   # replay one input
// A crash is any exception that is not the target's domain error; a hang is one input running
// past the target's time limit (1 s for parsers and templates), confirmed by replaying it alone; a
// worker that dies (heap limit: unbounded memory) is reported at the input under way.
import { Worker } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import { distinctCrashes, type Crash, type FuzzRunResult, type FuzzTarget } from './runner.js';
import { caseRng } from './rng.js';
import { TARGETS } from './targets.js';
import type { WorkerJob } from './worker.js';
import { HELM_LINES, helmLineOf } from '../src/helm/engine/defaults.js';

const HEAP_LIMIT_MB = 1024;
// Node 20 does not hand tsx's loader to workers: the worker registers it before loading worker.ts.
const BOOT = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)}); })`;
const SETUP_LIMIT_MS = 120_000;

interface Finding {
  kind: 'crash' | 'hang' | 'died';
  crash: Crash;
}

type Outcome = { kind: 'done'; res: FuzzRunResult } | { kind: 'hang' | 'died'; index: number; error: string };

interface WorkerRun {
  outcome: Outcome;
  crashes: Crash[];
  domainErrors: number;
  /** The time limit of the last input started. */
  limitMs: number;
  peakRss: number;
}

/** `slack` multiplies each input's time limit (a replay alone gets more). */
function runWorker(
  t: FuzzTarget,
  seed: number,
  from: number,
  count: number,
  slack: number,
  warmup: number,
  progress?: (i: number) => void,
): Promise<WorkerRun> {
  const heartbeat = new SharedArrayBuffer(12);
  const beat = new Int32Array(heartbeat);
  const job: WorkerJob = { target: t.name, seed, from, count, warmup, heartbeat };
  const w = new Worker(BOOT, { eval: true, workerData: job, resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB } });
  const crashes: Crash[] = [];
  let peakRss = 0;
  return new Promise((resolve) => {
    let last = -1;
    let since = Date.now();
    let lastPrint = Date.now();
    let settled = false;
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      void w.terminate().then(() => resolve({ outcome, crashes, domainErrors: Atomics.load(beat, 1), limitMs: Atomics.load(beat, 2), peakRss }));
    };
    const timer = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      const cur = Atomics.load(beat, 0);
      const now = Date.now();
      if (cur !== last) {
        last = cur;
        since = now;
      } else if (now - since > (cur === 0 ? SETUP_LIMIT_MS : Atomics.load(beat, 2) * slack)) {
        finish({ kind: 'hang', index: cur - 1, error: `no progress for ${now - since} ms` });
      }
      if (progress && now - lastPrint > 10_000) {
        lastPrint = now;
        progress(cur - 1);
      }
    }, 20);
    w.on('message', (m: { crash?: Crash; done?: FuzzRunResult }) => {
      if (m.crash) crashes.push(m.crash);
      if (m.done) finish({ kind: 'done', res: m.done });
    });
    w.on('error', (e: Error & { code?: string }) => finish({ kind: 'died', index: Atomics.load(beat, 0) - 1, error: `${e.code ?? e.name}: ${e.message}` }));
    w.on('exit', (code) => finish({ kind: 'died', index: Atomics.load(beat, 0) - 1, error: `worker exited with ${code}` }));
  });
}

interface TargetSummary {
  inputs: number;
  domainErrors: number;
  findings: Finding[];
  slowest: { index: number; ms: number };
  peakRss: number;
  seconds: number;
}

async function fuzzTarget(t: FuzzTarget, seed: number, first: number, count: number): Promise<TargetSummary> {
  const started = Date.now();
  const s: TargetSummary = { inputs: 0, domainErrors: 0, findings: [], slowest: { index: -1, ms: 0 }, peakRss: 0, seconds: 0 };
  const end = first + count;
  for (let from = first; from < end;) {
    const r = await runWorker(t, seed, from, end - from, 1, 0, (i) => console.log(`  ${t.name}: ${i - first}/${count}`));
    s.findings.push(...r.crashes.map((crash) => ({ kind: 'crash' as const, crash })));
    s.domainErrors += r.domainErrors;
    s.peakRss = Math.max(s.peakRss, r.peakRss);
    if (r.outcome.kind === 'done') {
      s.inputs += r.outcome.res.inputs;
      if (r.outcome.res.slowest.ms > s.slowest.ms) s.slowest = r.outcome.res.slowest;
      break;
    }
    const { index, error } = r.outcome;
    if (index < from) {
      s.findings.push({ kind: 'died', crash: { index, error: `could not start: ${error}`, stack: '', input: '' } });
      break;
    }
    s.inputs += index - from + 1;
    from = index + 1;
    // a loaded machine can stall one input: a hang counts only when it is slow alone too
    let why = error;
    if (r.outcome.kind === 'hang') {
      const again = await runWorker(t, seed, index, 1, 5, 1);
      if (again.outcome.kind === 'done') {
        const { ms } = again.outcome.res.slowest;
        if (ms > s.slowest.ms) s.slowest = again.outcome.res.slowest;
        if (ms <= again.limitMs) continue;
        why = `took ${ms.toFixed(0)} ms alone, over its ${again.limitMs} ms limit`;
      }
    }
    await t.setup?.(); // the input is made again here: from the same seeds as in the worker
    const input = t.describe(t.generate(caseRng(seed, index), index));
    s.findings.push({ kind: r.outcome.kind, crash: { index, error: why, stack: '', input } });
  }
  s.seconds = (Date.now() - started) / 1000;
  return s;
}

const { values: args } = parseArgs({
  options: {
    target: { type: 'string', multiple: true },
    count: { type: 'string' },
    seed: { type: 'string', default: '1' },
    from: { type: 'string', default: '0' },
    helm: { type: 'string', default: '4.2' },
  },
});
const seed = Number(args.seed);
const from = Number(args.from);
const names = (args.target ?? [...Object.keys(TARGETS), 'render-diff']).flatMap((n) => n.split(','));
const unknown = names.filter((n) => !TARGETS[n] && n !== 'render-diff');
if (unknown.length > 0) {
  console.error(`error: unknown fuzz target ${unknown.join(', ')}\nnext: pick from ${[...Object.keys(TARGETS), 'render-diff'].join(', ')}`);
  process.exit(2);
}

let failed = false;
for (const name of names) {
  if (name === 'render-diff') {
    const { fuzzRenderDiff } = await import('./render-diff-core.js');
    const major = helmLineOf(args.helm ?? '4.2');
    if (!major) {
      console.error(`error: --helm ${args.helm}: not a Helm followed\nnext: pick from ${HELM_LINES.join(', ')}`);
      process.exit(2);
    }
    const n = Number(args.count ?? 300);
    const r = await fuzzRenderDiff(n, seed, major);
    for (const d of r.disagree) console.log(`DISAGREE case ${d.c.id} (seed ${seed}): ${d.why}\n--- template\n${d.c.template}\n--- values\n${d.c.values}`);
    console.log(
      `fuzz render-diff vs Helm ${major}: ${r.cases} cases, ${r.agree} agree, ${r.disagree.length} disagree (${r.seconds.toFixed(1)} s, seed ${seed})`,
    );
    failed ||= r.disagree.length > 0;
    // and the YAML those templates render: Go's reading of random documents against ours
    const { fuzzYamlDiff } = await import('./yaml-diff-core.js');
    const y = await fuzzYamlDiff(n * 4, seed, major);
    for (const d of y.disagree)
      console.log(
        `DISAGREE yaml document ${d.index} (seed ${seed}), our ${d.reader} reader:\n${d.doc}\n--- Go: ${JSON.stringify(d.go)}\n--- ours: ${JSON.stringify(d.ours)}`,
      );
    console.log(
      `fuzz render-diff YAML vs Helm ${major}: ${y.cases} documents (${y.goRefused} refused by Go), ${y.disagree.length} disagree (${y.seconds.toFixed(1)} s)`,
    );
    failed ||= y.disagree.length > 0;
    continue;
  }
  const t = TARGETS[name]!;
  const count = Number(args.count ?? t.fullCount);
  const s = await fuzzTarget(t, seed, from, count);
  const crashes = s.findings.filter((f) => f.kind === 'crash');
  const distinct = distinctCrashes(crashes.map((f) => f.crash));
  for (const f of [...distinct.map((crash) => ({ kind: 'crash', crash })), ...s.findings.filter((f) => f.kind !== 'crash')]) {
    console.log(`${f.kind.toUpperCase()} ${name} #${f.crash.index}: ${f.crash.error}\n${f.crash.stack}\n--- input\n${f.crash.input}`);
    console.log(`--- replay: npm run fuzz -- --target ${name} --seed ${seed} --from ${f.crash.index} --count 1\n`);
  }
  const hangs = s.findings.filter((f) => f.kind === 'hang').length;
  const died = s.findings.filter((f) => f.kind === 'died').length;
  console.log(
    `fuzz ${name}: ${s.inputs} inputs (seed ${seed}), ${s.domainErrors} refused with the domain error, ${crashes.length} crashes (${distinct.length} distinct), ` +
      `${hangs} hangs, ${died} workers died; slowest ${s.slowest.ms.toFixed(1)} ms (#${s.slowest.index}), peak RSS ${(s.peakRss / 2 ** 20).toFixed(0)} MiB, ${s.seconds.toFixed(1)} s`,
  );
  failed ||= s.findings.length > 0;
}
process.exit(failed ? 1 : 0);
