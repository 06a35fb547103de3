// The differential YAML fuzzer (run by the render-diff target of fuzz/main.ts after the template
// cases): random documents (yaml-gen.ts) read by Go's YAML as real Helm reads them, against our
// manifest reader (helm/values/yaml.ts) and our fromYaml (sprig/yaml-parse.ts). Go's verdict comes
// from one `helm template` per batch: each document is a chart file that a template passes
// through fromYaml and toJson, which is sigs.k8s.io/yaml, the reader of rendered manifests too.
import { isDeepStrictEqual } from 'node:util';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
import { parseYamlFirstDocument } from '../src/helm/values/yaml.js';
import { parseYamlAs } from '../src/sprig/yaml-parse.js';
import { realHelm } from '../test/support/tools.js';
import type { HelmLine } from '../src/helm/engine/defaults.js';
import { caseRng } from './rng.js';
import { randomYamlDocument } from './yaml-gen.js';

const BATCH = 80;

const TEMPLATE = `{{- range $p, $_ := .Files.Glob "docs/*" }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ base $p }}
data:
  v: {{ $.Files.Get $p | fromYaml | toJson | quote }}
{{- end }}
`;

/** A reading: the value as JSON sees it, or the fact of an error. */
type Reading = { ok: true; value: unknown } | { ok: false; error: string };

function read(f: () => unknown): Reading {
  try {
    return { ok: true, value: JSON.parse(JSON.stringify(f() ?? {})) };
  } catch (e) {
    return { ok: false, error: (e as Error).message.split('\n')[0]! };
  }
}

/** Go's reading of every document of a batch, by index. */
async function goReadings(helm: string, work: string, docs: string[]): Promise<Reading[]> {
  const dir = await mkdtemp(join(work, 'y-'));
  try {
    await mkdir(join(dir, 'templates'), { recursive: true });
    await mkdir(join(dir, 'docs'));
    await writeFile(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: yamlfuzz\nversion: 0.1.0\n');
    await writeFile(join(dir, 'templates', 'read.yaml'), TEMPLATE);
    await Promise.all(docs.map((d, i) => writeFile(join(dir, 'docs', `d${String(i).padStart(4, '0')}`), d)));
    const r = await execa(helm, ['template', 'y', dir], { reject: false });
    if (r.exitCode !== 0) throw new Error(`helm template failed on the reader chart: ${r.stderr}`);
    const out: Reading[] = [];
    for (const d of parseAllDocuments(r.stdout)) {
      const cm = d.toJS() as { metadata: { name: string }; data: { v: string } } | null;
      if (!cm) continue;
      const v = JSON.parse(cm.data.v) as unknown;
      const err = v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 ? (v as { Error?: unknown }).Error : undefined;
      out[Number(cm.metadata.name.slice(1))] = typeof err === 'string' ? { ok: false, error: err } : { ok: true, value: v };
    }
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface YamlDisagreement {
  index: number;
  doc: string;
  reader: 'manifest' | 'fromYaml';
  go: Reading;
  ours: Reading;
}

export interface YamlFuzzResult {
  cases: number;
  goRefused: number;
  disagree: YamlDisagreement[];
  seconds: number;
}

const same = (a: Reading, b: Reading) => a.ok === b.ok && (!a.ok || isDeepStrictEqual(a.value, (b as { value: unknown }).value));

/** `cases` random documents (seeded): Go's reading against each of ours. */
export async function fuzzYamlDiff(cases: number, seed: number, line: HelmLine = '4.2'): Promise<YamlFuzzResult> {
  const { helm } = await realHelm(line);
  const work = await mkdtemp(join(tmpdir(), 'fuzz-yaml-'));
  const started = Date.now();
  const disagree: YamlDisagreement[] = [];
  let goRefused = 0;
  try {
    for (let first = 0; first < cases; first += BATCH) {
      const docs = Array.from({ length: Math.min(BATCH, cases - first) }, (_, i) => randomYamlDocument(caseRng(seed, first + i)));
      const go = await goReadings(helm, work, docs);
      docs.forEach((doc, i) => {
        const g = go[i]!;
        if (!g.ok) goRefused++;
        const manifest = read(() => parseYamlFirstDocument(doc, 'doc'));
        const fromYaml = read(() => parseYamlAs(doc, 'map'));
        if (!same(g, manifest)) disagree.push({ index: first + i, doc, reader: 'manifest', go: g, ours: manifest });
        if (!same(g, fromYaml)) disagree.push({ index: first + i, doc, reader: 'fromYaml', go: g, ours: fromYaml });
      });
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { cases, goRefused, disagree, seconds: (Date.now() - started) / 1000 };
}
