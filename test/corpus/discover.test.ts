import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toImageRef } from '../../src/discover/image-ref.js';
import { runCli } from '../discover/run-cli.js';
import { OPERATOR_DEFAULTS, type OperatorEntry } from '../../src/discover/operators/index.js';
import { readRuntimeTruth, type TruthLine } from '../support/runtime-truth.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORPUS = resolve(ROOT, process.env.AIRGAP_CORPUS ?? '../shared/charts');
const LISTS = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.images.txt'))
  .sort();
const ARCHIVES = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.tgz'))
  .sort();
const env = { ...process.env, HELM_AIRGAP_CACHE: mkdtempSync(join(tmpdir(), 'corpus-discover-')) };

interface Entry {
  ref: string;
  need: string;
  toggles: string[];
  valuesPaths: string[];
}
interface Report {
  images: Entry[];
  optional: Entry[];
  warnings?: { operator: string; message: string }[];
  explain?: {
    candidates: { verdict: string; ref?: string; raw: string }[];
    counts: Record<string, number>;
    unaccounted: { raw: string; source: { template: string; fieldPath: string } }[];
  };
}

/** The *.images.txt sections (see the corpus README): default lines, "# runtime", "# optional". */
function readList(text: string): { default: string[]; runtime: string[]; optional: { ref: string; toggle?: string }[] } {
  const out = { default: [] as string[], runtime: [] as string[], optional: [] as { ref: string; toggle?: string }[] };
  let section: 'default' | 'runtime' | 'optional' = 'default';
  for (const line of text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    if (line === '# runtime' || line === '# optional') section = line.slice(2) as 'runtime' | 'optional';
    else if (section === 'default') out.default.push(toImageRef(line)!.normalized);
    else {
      const m = /^#\s*(\S+)(?:\s+\[([^\]]+)\])?/.exec(line)!;
      if (section === 'runtime') out.runtime.push(toImageRef(m[1])!.normalized);
      else out.optional.push({ ref: toImageRef(m[1])!.normalized, toggle: m[2] });
    }
  }
  return out;
}

async function images(archive: string, ...flags: string[]): Promise<Report> {
  const r = await runCli(['images', archive, '-o', 'json', ...flags], env);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

describe.each(LISTS)('corpus %s', (list) => {
  const archive = join(CORPUS, list.replace(/\.images\.txt$/, '.tgz'));
  const want = readList(readFileSync(join(CORPUS, list), 'utf8'));

  it('images -o json: the default and runtime sections exactly, nothing else certain', async () => {
    const r = await images(archive);
    expect(
      r.images
        .filter((e) => e.need === 'default')
        .map((e) => e.ref)
        .sort(),
    ).toEqual([...want.default].sort());
    expect(
      r.images
        .filter((e) => e.need === 'runtime')
        .map((e) => e.ref)
        .sort(),
    ).toEqual([...want.runtime].sort());
    for (const e of r.images) expect(e.valuesPaths.length, `${e.ref} has values paths`).toBeGreaterThan(0);
  });

  it('--optional: every optional image, named by its toggle and values paths', async () => {
    const r = await images(archive, '--optional');
    for (const o of want.optional) {
      const e = r.optional.find((x) => x.ref === o.ref);
      expect(e, `${o.ref} is optional`).toBeDefined();
      if (o.toggle) expect(e!.toggles).toContain(o.toggle);
      expect(e!.valuesPaths.length).toBeGreaterThan(0);
    }
    expect(r.images.map((e) => e.ref).sort()).toEqual([...want.default, ...want.runtime].sort());
  });
});

// The audit (images --explain) on every chart of the folder, listed or not, with its values file
// when it has one (NAME-VERSION.values.yaml, as real-helm.test.ts): no image-shaped string or
// listed site without a verdict, and the needed and runtime candidates exactly what images lists
// (and the hand-written list, where there is one). The counts go to docs/corpus-status.md.
const totals: Record<string, number> = {};
let audited = 0;
// builtin lines: found (the operator defaults table, src/discover/operators/index.ts, gives
// them), warned (the table knows the operator; `images` warns it cannot list them) or uncovered
// (no entry of the table gives them: only counted)
const truthTotals = { charts: 0, found: 0, missed: 0, builtinFound: 0, builtinWarned: 0, builtinUncovered: 0 };
afterAll(() => {
  if (audited > 0) console.log(`explain total: ${audited} charts, ${JSON.stringify(totals)}`);
  if (truthTotals.charts > 0) console.log(`runtime truth total: ${JSON.stringify(truthTotals)}`);
});

/** Where a truth line came from, for a failure message: the truth file's line and the operator's source. */
const cite = (file: string, t: TruthLine, sources: string[]): string => `${file}:${t.line} ${t.raw} (${t.how}; ${t.where} in ${sources.join(', ')})`;

/**
 * The table entry of an operator whose source the truth read (`# source:`) with a default that
 * composes to this reference (its `{...}` parts as wildcards): another operator's default of the
 * same image (busybox:latest) says nothing of this one.
 */
function tableEntryFor(ref: string, sources: readonly string[]): OperatorEntry | undefined {
  const read = new Set(sources.map((s) => s.replace(/@.*$/, '').toLowerCase()));
  // the table writes references normalised (docker.io/library/...), as the truth's are read
  const composes = (image: string) =>
    new RegExp(
      `^${image
        .split(/\{[^}]+\}/)
        .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
        .join('.+')}$`,
    ).test(ref);
  return OPERATOR_DEFAULTS.find(
    (e) => read.has(e.repository.toLowerCase()) && [...e.releases.flatMap((r) => r.defaults), ...(e.fromResource ?? [])].some((d) => composes(d.image)),
  );
}

/** An image of the same repository that `images` found: the truth was composed differently. */
function sameRepository(t: TruthLine, entries: readonly Entry[]): string[] {
  const repo = (r: string) => r.replace(/@.*$/, '').replace(/:[^:/]*$/, '');
  return entries.filter((e) => repo(e.ref) === repo(t.ref)).map((e) => `${e.ref} (${e.need})`);
}

describe.each(ARCHIVES)('corpus audit %s', (tgz) => {
  const archive = join(CORPUS, tgz);
  const valuesFile = join(CORPUS, tgz.replace(/\.tgz$/, '.values.yaml'));
  const values = existsSync(valuesFile) ? ['-f', valuesFile] : [];
  const list = join(CORPUS, tgz.replace(/\.tgz$/, '.images.txt'));

  it('--explain: every image-shaped string has a verdict; needed and runtime are what images lists', async () => {
    const plain = await runCli(['images', archive, ...values, '-o', 'json'], env);
    const audit = await runCli(['images', archive, ...values, '--explain', '-o', 'json'], env);
    expect(audit.exitCode, audit.stderr).toBe(plain.exitCode);
    if (plain.exitCode !== 0) return;
    const x = (JSON.parse(audit.stdout) as Report).explain!;
    expect(x.unaccounted.map((u) => `${u.raw} at ${u.source.template} ${u.source.fieldPath}`)).toEqual([]);
    const counted = [...new Set(x.candidates.filter((c) => c.verdict === 'needed' || c.verdict === 'runtime').map((c) => c.ref!))].sort();
    expect(counted).toEqual((JSON.parse(plain.stdout) as Report).images.map((e) => e.ref).sort());
    if (existsSync(list)) {
      const want = readList(readFileSync(list, 'utf8'));
      expect(counted).toEqual([...new Set([...want.default, ...want.runtime])].sort());
    }
    audited++;
    for (const [k, n] of Object.entries(x.counts)) totals[k] = (totals[k] ?? 0) + n;
    console.log(`explain ${tgz.replace(/\.tgz$/, '')}: ${JSON.stringify(x.counts)}`);
  });

  // The run-time truth (scripts/corpus/truth/README.md), where the corpus has one for this chart:
  // every image the operator pulls that the render names in some form is needed, composed exactly
  // as the operator composes it; `builtin` ones (compiled into the operator, never set by the
  // chart) cannot be seen by `images` and are only counted.
  const truthFile = join(CORPUS, tgz.replace(/\.tgz$/, '.runtime.txt'));
  if (existsSync(truthFile))
    it('runtime truth: every image the operator pulls that the chart names, or the operator defaults table gives, is needed, as the operator composes it', async () => {
      const truth = readRuntimeTruth(readFileSync(truthFile, 'utf8'), truthFile);
      // the chart that deploys the operator of this chart's resources, installed beside it
      const beside = truth.with.map((name) => ARCHIVES.find((a) => a.startsWith(`${name}-`) && /^[\dv]/.test(a.slice(name.length + 1))));
      for (const [i, name] of truth.with.entries()) if (!beside[i]) console.log(`runtime truth ${tgz}: # with: ${name} is not in ${CORPUS}; checked alone`);
      const charts = [archive, ...beside.flatMap((b) => (b ? [join(CORPUS, b)] : []))];
      const nodeOs = truth.nodeOs.flatMap((os) => ['--node-os', os]);
      const r = await runCli(['images', ...charts, ...values, ...nodeOs, '--optional', '-o', 'json'], env);
      expect(r.exitCode, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as Report;
      const needed = new Set(report.images.filter((e) => e.need === 'default' || e.need === 'runtime').map((e) => e.ref));
      const all = [...report.images, ...report.optional];
      // a `builtin optional` line (an opt-in feature's or a second resource kind's) counts listed either way
      const listed = (t: TruthLine) => needed.has(t.ref) || (t.optional && report.optional.some((e) => e.ref === t.ref));
      const misses: string[] = [];
      truthTotals.charts++;
      for (const t of truth.lines) {
        if (t.builtin) {
          const entry = tableEntryFor(t.ref, truth.sources);
          const warned = entry && report.warnings?.some((w) => w.operator === entry.operator);
          if (listed(t)) truthTotals.builtinFound++;
          else if (warned) truthTotals.builtinWarned++;
          else if (entry) {
            truthTotals.missed++;
            misses.push(`${cite(truthFile, t, truth.sources)}: a default of ${entry.operator} in the operator defaults table, neither listed nor warned about`);
          } else truthTotals.builtinUncovered++;
          const near = sameRepository(t, all);
          console.log(
            `runtime truth ${tgz}: builtin${t.optional ? ' optional' : ''} ${listed(t) ? `found${needed.has(t.ref) ? '' : ' (optional)'}` : warned ? 'warned' : entry ? 'MISSED' : 'uncovered'} ${cite(truthFile, t, truth.sources)}${near.length ? `; images lists ${near.join(', ')}` : ''}`,
          );
        } else if (needed.has(t.ref)) truthTotals.found++;
        else {
          truthTotals.missed++;
          const same = all.find((e) => e.ref === t.ref);
          const near = sameRepository(t, all);
          const why = same ? `listed as ${same.need}, not needed` : near.length ? `composed differently: ${near.join(', ')}` : 'not found';
          misses.push(`${cite(truthFile, t, truth.sources)}: ${why}`);
        }
      }
      // an operator whose source pulls nothing with the defaults: a run-time listing is a false one
      if (truth.none.length > 0)
        for (const e of report.images.filter((x) => x.need === 'runtime'))
          misses.push(
            `${truthFile}:${truth.none[0]!.line}: the operator pulls nothing at run time (${truth.none[0]!.where}), but images lists ${e.ref} as run-time`,
          );
      console.log(`runtime truth ${tgz}: ${truth.lines.length} lines${truth.none.length ? ' (none pulled)' : ''}, ${misses.length} missed`);
      expect(misses).toEqual([]);
    });
});
