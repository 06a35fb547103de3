#!/usr/bin/env node
// Measures `images --optional` against real Helm 4 by brute force, for issue 49's "optional >= 96%":
//   node scripts/corpus/optional-recall.mjs DIR [CHART.tgz ...]     (DIR: a built corpus folder)
// For each chart (with its NAME-VERSION.values.yaml when there is one), every boolean that is false
// in the chart's values, and in each dependency's values under its name or alias, is set true one
// at a time (`helm template --set PATH=true`); the pod-spec images (containers, initContainers,
// ephemeralContainers, anywhere in any document) that the flip adds to the default render are
// what a user can switch on. Each must be listed by `helm airgap images --optional -o json`
// (needed or optional). A flip real Helm refuses (a schema, a `required`) is counted, not judged.
// A chart whose values.schema.json (its own or a subchart's) refers to a schema by address
// (`"$ref": "https://..."`) is rendered with real Helm's --skip-schema-validation, as a user in
// the isolated network installs it (Helm downloads the reference and refuses the chart where it
// cannot): said on its line and counted in the totals.
// The oracle is real Helm and a plain walk of its output, nothing of ours: a miss here is a miss.
// Prints one line per miss and per chart, then the totals; exit 1 on any miss. Slow (one render
// per flip; FLIPS_MAX per chart, default 150): a measurement, not a test.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';

const run = promisify(execFile);
const here = dirname(new URL(import.meta.url).pathname);
const helm = join(process.env.HELM_AIRGAP_TOOLS ?? join(homedir(), '.cache', 'helm-airgap-tools'), 'helm4', 'helm');
if (!existsSync(helm)) throw new Error(`no real Helm at ${helm}: run ./scripts/install-helm.sh`);
const airgap = join(here, '..', '..', 'bin', 'helm-airgap');
const dir = process.argv[2];
if (!dir) throw new Error('usage: optional-recall.mjs CORPUS_DIR [CHART.tgz ...]');
const charts =
  process.argv.length > 3
    ? process.argv.slice(3)
    : readdirSync(dir)
        .filter((f) => f.endsWith('.tgz'))
        .sort();
const FLIPS_MAX = Number(process.env.FLIPS_MAX ?? 150);
const JOBS = Number(process.env.JOBS ?? 2);
const big = { maxBuffer: 512 * 1024 * 1024 };

/** docker.io/library added, :latest when neither tag nor digest (as a container runtime reads it). */
function normal(ref) {
  // Docker Hub's other names, as distribution's reference parser folds them
  let r = ref.trim().replace(/^(index\.docker\.io|registry-1\.docker\.io)\//, 'docker.io/');
  const first = r.split('/')[0];
  if (!r.includes('/') || !(/[.:]/.test(first) || first === 'localhost')) r = `docker.io/${r.includes('/') ? r : `library/${r}`}`;
  if (/^docker\.io\/[^/]+$/.test(r.split(/[:@]/)[0])) r = r.replace(/^docker\.io\//, 'docker.io/library/');
  const last = r.slice(r.lastIndexOf('/') + 1);
  if (!last.includes(':') && !r.includes('@')) r += ':latest';
  return r;
}

function podImages(node, out) {
  if (Array.isArray(node)) for (const x of node) podImages(x, out);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (['containers', 'initContainers', 'ephemeralContainers'].includes(k) && Array.isArray(v))
        for (const c of v) if (c && typeof c.image === 'string' && c.image.trim() !== '') out.add(normal(c.image));
      podImages(v, out);
    }
  return out;
}

async function render(chart, values, sets, skipSchema) {
  const args = [
    'template',
    'x',
    chart,
    ...values.flatMap((v) => ['-f', v]),
    ...sets.flatMap((s) => ['--set', s]),
    ...(skipSchema ? ['--skip-schema-validation'] : []),
  ];
  const { stdout } = await run(helm, args, big);
  const out = new Set();
  for (const d of parseAllDocuments(stdout, { uniqueKeys: false, logLevel: 'silent' })) podImages(d.toJS(), out);
  return out;
}

/** Paths of booleans that are false, `prefix.`-qualified; lists are not walked (an index is no setting). */
function falses(v, prefix, out) {
  if (v && typeof v === 'object' && !Array.isArray(v))
    for (const [k, x] of Object.entries(v)) {
      if (/[.,=\\[\]{}\s]/.test(k)) continue; // --set cannot name it plainly
      if (x === false) out.push(prefix + k);
      else falses(x, `${prefix}${k}.`, out);
    }
  return out;
}

/** The documents the `$ref`s of a schema name by address (http or https, the part after `#` dropped), anywhere in it. */
function remoteRefs(v, out) {
  if (Array.isArray(v)) for (const x of v) remoteRefs(x, out);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string' && /^https?:\/\//i.test(x)) out.add(x.replace(/#.*$/, ''));
      else remoteRefs(x, out);
    }
  return out;
}

/** The addresses every values.schema.json in the archive (the chart's and its subcharts') refers to. */
async function schemaRefsOf(chart) {
  const { stdout: names } = await run('tar', ['tzf', chart], big);
  const out = new Set();
  for (const n of names.split('\n').filter((x) => x.endsWith('/values.schema.json'))) {
    try {
      remoteRefs(JSON.parse((await run('tar', ['xzf', chart, '-O', n], big)).stdout), out);
    } catch {
      // a schema that does not parse is real Helm's to refuse
    }
  }
  return [...out];
}

async function flipsOf(chart) {
  const { stdout: names } = await run('tar', ['tzf', chart], big);
  const root = names.split('\n')[0].split('/')[0];
  const read = async (p) => {
    try {
      return parse((await run('tar', ['xzf', chart, '-O', p], big)).stdout, { uniqueKeys: false }) ?? {};
    } catch {
      return {};
    }
  };
  const meta = await read(`${root}/Chart.yaml`);
  const paths = falses(await read(`${root}/values.yaml`), '', []);
  for (const dep of meta.dependencies ?? []) {
    const key = dep.alias ?? dep.name;
    const sub = names.split('\n').find((n) => n === `${root}/charts/${dep.name}/values.yaml`);
    if (sub) for (const p of falses(await read(sub), `${key}.`, [])) if (!paths.includes(p)) paths.push(p);
    if (dep.condition) for (const c of dep.condition.split(',')) if (!paths.includes(c.trim())) paths.push(c.trim());
  }
  return paths.slice(0, FLIPS_MAX);
}

async function pool(items, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: JOBS }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]);
      }
    }),
  );
  return results;
}

let total = 0;
let missed = 0;
let refused = 0;
let flipsRun = 0;
let skipped = 0;
for (const name of charts) {
  const chart = join(dir, basename(name));
  const vf = chart.replace(/\.tgz$/, '.values.yaml');
  const values = existsSync(vf) ? [vf] : [];
  const refs = await schemaRefsOf(chart);
  const skip = refs.length > 0;
  if (skip) {
    skipped++;
    console.log(`${basename(chart)}: rendered with --skip-schema-validation (values.schema.json refers to ${refs.join(', ')})`);
  }
  let base;
  try {
    base = await render(chart, values, [], skip);
  } catch {
    console.log(`${basename(chart)}: real Helm refuses its default render, left out`);
    continue;
  }
  const ours = new Set();
  try {
    const { stdout } = await run(airgap, ['images', chart, ...values.flatMap((v) => ['-f', v]), '--optional', '-o', 'json'], big);
    const j = JSON.parse(stdout);
    for (const i of [...(j.images ?? []), ...(j.optional ?? []), ...(j.doubtful ?? [])]) ours.add(normal(i.ref));
  } catch (e) {
    console.log(`${basename(chart)}: images --optional failed: ${String(e.stderr ?? e.message).split('\n')[0]}`);
    continue;
  }
  const flips = await flipsOf(chart);
  const brought = new Map();
  let bad = 0;
  await pool(flips, async (p) => {
    try {
      for (const img of await render(chart, values, [`${p}=true`], skip)) if (!base.has(img) && !brought.has(img)) brought.set(img, p);
    } catch {
      bad++;
    }
  });
  flipsRun += flips.length;
  refused += bad;
  const miss = [...brought].filter(([img]) => !ours.has(img));
  total += brought.size;
  missed += miss.length;
  for (const [img, p] of miss) console.log(`  MISS ${basename(chart)}: ${img} (brought by ${p}=true)`);
  console.log(`${basename(chart)}: ${flips.length} flips (${bad} refused by Helm), ${brought.size} images switched on, ${brought.size - miss.length} listed`);
}
console.log(
  `optional recall: ${total - missed} of ${total} images switched on by one flip are listed (${flipsRun} flips, ${refused} refused by Helm; ${skipped} chart(s) rendered with --skip-schema-validation)`,
);
process.exit(missed > 0 ? 1 : 0);
