// The whole of `helm template` for a loaded chart: values prepared as Helm does, kubeVersion
// checked, templates rendered, NOTES.txt set apart, documents sorted, CRDs first when asked,
// test hooks dropped with skipTests, --show-only applied.

import { checkReleaseName } from '../chart/names.js';
import type { SprigOptions } from '../../sprig/index.js';
import { restartThrowawayRandom } from '../../sprig/throwaway-random.js';
import { frozenWriteCount, recordMapWrites, takeFrozenWrites } from '../../sprig/dicts.js';
import { isShared, type WrittenTables } from '../values/shared-defaults.js';
import { sharedForms } from '../values/coalesce.js';
import { ChartError } from '../../util/errors.js';
import { TextMemo } from '../../util/text-memo.js';
import { chartFullPath, type Chart } from '../chart/types.js';
import { fileText } from '../loader/load.js';
import { prepareChart, type PrepareOptions } from '../values/prepare.js';
import { helmProfile } from './defaults.js';
import { renderTemplates, type ValueReadHook } from './engine.js';
import { reuseSession } from './template-reuse.js';
import { lenientPasses } from './funcs.js';
import { goPathMatch } from '../loader/glob-match.js';
import { keepShare, selectShowOnly, sortManifests } from '../release/manifests.js';
import { BuildInfo, Capabilities, parseKubeVersion, releaseObject, versionSet } from './objects.js';
import type { RenderedDoc, RenderOptions, RenderReport } from './render-types.js';
import { isCompatibleRange } from '../chart/version-range.js';
import { parseYamlDocuments } from '../values/yaml.js';

export interface EngineRenderOptions extends RenderOptions {
  /** Clock and randomness for now, rand*, uuid and gen* (a fixed source makes renders repeatable). */
  sprig?: SprigOptions;
  /** Provenance: called with (template, path in the top chart's values, value) for every scalar read. */
  onValueRead?: ValueReadHook;
}

const CRD_EXT = /\.(ya?ml|json)$/i;

// A chart's crds/ files come out verbatim, and discovery reads them on every render of the chart
// (a CRD's schema defaults reach the rendered resources): each is parsed when first read, once
// per text, the object shared by the renders (read only).
const CRD_OBJECTS = new TextMemo<{ object: unknown }>(64 * 1024 * 1024);
const CRD_DOCS = new WeakMap<Chart, RenderedDoc[]>();

/** The CRD files of the chart's crds/ folder and its subcharts', as Helm installs them apart from the render. */
export function chartCrdDocs(c: Chart): RenderedDoc[] {
  let docs = CRD_DOCS.get(c);
  if (docs) return docs;
  const own = c.files
    .filter((f) => f.name.startsWith('crds/') && CRD_EXT.test(f.name))
    .map((f): RenderedDoc => {
      const text = fileText(f);
      const doc = { chart: chartFullPath(c), template: `${chartFullPath(c)}/${f.name}`, text } as RenderedDoc;
      return Object.defineProperty(doc, 'object', {
        enumerable: true,
        get: () =>
          CRD_OBJECTS.of(text, () => {
            try {
              return { object: parseYamlDocuments(text, f.name)[0] ?? null };
            } catch {
              return { object: null }; // Helm prints CRD files verbatim; an unparsable one is still printed
            }
          }).object,
      });
    });
  docs = [...own, ...c.dependencies.flatMap(chartCrdDocs)];
  CRD_DOCS.set(c, docs);
  return docs;
}

function capabilitiesFor(o: RenderOptions): Capabilities {
  const profile = helmProfile(o.helmVersion);
  const kv = parseKubeVersion(o.kubeVersion ?? profile.kubeVersion);
  return new Capabilities(
    kv,
    versionSet([...profile.apiVersions, ...(o.apiVersions ?? [])]),
    new BuildInfo(profile.helmVersion, '', 'clean', profile.goVersion),
  );
}

/** What templates see besides values, per render options: renders with the same share texts. */
function sessionKey(o: RenderOptions): string {
  return JSON.stringify([o.releaseName, o.namespace, o.isUpgrade, o.kubeVersion, o.apiVersions, o.helmVersion]);
}

/** Each chart's appVersion by its path ("parent/charts/sub"): what a document's `appVersion` is. */
export function appVersionsByPath(c: Chart, out = new Map<string, string>()): Map<string, string> {
  if (c.metadata.appVersion) out.set(chartFullPath(c), String(c.metadata.appVersion));
  c.dependencies.forEach((d) => appVersionsByPath(d, out));
  return out;
}

/**
 * Charts whose templates write into their values (Sprig's set on .Values), by name and version: the
 * shared tables they write into, copied in their later renders, or "all" (rendered on copies) when
 * copying them did not keep the templates off shared tables, or they are many. A chart is loaded
 * again for each command; a name taken by another chart only costs that chart copies.
 */
const writers = new Map<string, WrittenTables | 'all'>();
const MAX_WRITERS = 4096;
const MAX_WRITTEN_TABLES = 256;
const writerKey = (c: Chart): string => `${c.metadata.name}\u0000${c.metadata.version}`;

/**
 * Renders thrown away share the charts' defaults between them (helm/values/shared-defaults.ts); a
 * template that writes into them stops the render, and it is made again on copies, noting which
 * defaults the templates wrote into: the chart's later renders copy those and share the rest. A
 * render kept (`template`) is one of its kind: it copies them, and a chart that writes is never
 * rendered twice.
 */
export function renderChart(loaded: Chart, o: EngineRenderOptions = {}): RenderReport {
  if (o.releaseName !== undefined) checkReleaseName(o.releaseName);
  const key = writerKey(loaded);
  const known = writers.get(key);
  if (!o.disposable || known === 'all') return renderPrepared(loaded, o, { shareDefaults: false });
  const writes = frozenWriteCount();
  takeFrozenWrites();
  try {
    const report = renderPrepared(loaded, o, { shareDefaults: true, written: known });
    if (frozenWriteCount() === writes) return report;
  } catch (e) {
    if (frozenWriteCount() === writes) throw e;
  }
  const hit = takeFrozenWrites();
  const origins = new WeakMap<object, object>();
  const into = new Set<object>();
  const before = recordMapWrites(into);
  try {
    return renderPrepared(loaded, o, { shareDefaults: false, origins });
  } finally {
    recordMapWrites(before);
    for (const m of into) {
      const t = origins.get(m);
      if (t && isShared(t)) hit.push(...sharedForms(t));
    }
    if (known || writers.size < MAX_WRITERS) writers.set(key, learnt(known, hit));
  }
}

/** The written tables with those just found added, or "all" when none is new (copying did not help) or they are many. */
function learnt(known: WrittenTables | undefined, hit: object[]): WrittenTables | 'all' {
  const tables = known?.tables ?? new WeakSet<object>();
  const fresh = [...new Set(hit)].filter((t) => !tables.has(t));
  const count = (known?.count ?? 0) + fresh.length;
  if (fresh.length === 0 || count > MAX_WRITTEN_TABLES) return 'all';
  for (const t of fresh) tables.add(t);
  return { tables, count };
}

function renderPrepared(loaded: Chart, o: EngineRenderOptions, sharing: Pick<PrepareOptions, 'shareDefaults' | 'written' | 'origins'>): RenderReport {
  const { chart, values } = prepareChart(loaded, o.values ?? {}, o.helmVersion, { skipSchemaValidation: o.skipSchemaValidation, ...sharing });
  const capabilities = capabilitiesFor(o);
  const kubeConstraint = chart.metadata.kubeVersion;
  if (kubeConstraint && !isCompatibleRange(kubeConstraint, capabilities.KubeVersion.Version)) {
    throw new ChartError(`chart requires kubeVersion: ${kubeConstraint} which is incompatible with Kubernetes ${capabilities.KubeVersion.Version}`, {
      hint: 'pass --kube-version with a version the chart supports',
    });
  }
  const release = releaseObject({ name: o.releaseName ?? 'release-name', namespace: o.namespace ?? 'default', isUpgrade: o.isUpgrade ?? false });
  if (o.disposable) restartThrowawayRandom();
  const passesBefore = lenientPasses();
  const session = o.disposable ? reuseSession(loaded, sessionKey(o)) : undefined;
  const files = renderTemplates({
    chart,
    values,
    release,
    capabilities,
    sprig: o.disposable ? { ...o.sprig, throwawayKeys: true } : o.sprig,
    onValueRead: o.onValueRead,
    lenientChecks: o.lenientChecks,
    helm: helmProfile(o.helmVersion),
    reuse: session && { session, bases: o.reuseBases },
  });
  let notes: string | undefined;
  for (const name of [...files.keys()]) {
    if (!name.endsWith('NOTES.txt')) continue;
    if (name === `${chart.metadata.name}/templates/NOTES.txt`) notes = files.get(name);
    files.delete(name);
  }
  const { generic, hooks } = sortManifests(files, helmProfile(o.helmVersion));
  let docs: RenderedDoc[] = [...(o.includeCrds ? chartCrdDocs(chart) : []), ...generic, ...hooks.filter((h) => !(o.skipTests && h.isTest))];
  const appVersions = appVersionsByPath(chart);
  docs = docs.map((d) => {
    const appVersion = appVersions.get(d.chart);
    // `object` moves over as it is: a document parsed by sortManifests copies it on first read
    const out = { chart: d.chart, template: d.template, text: d.text } as RenderedDoc;
    Object.defineProperty(out, 'object', Object.getOwnPropertyDescriptor(d, 'object')!);
    return keepShare(d, Object.assign(out, d.hook ? { hook: d.hook } : {}, appVersion ? { appVersion } : {}, d.unreadable ? { unreadable: d.unreadable } : {}));
  });
  if (o.showOnly?.length) docs = selectShowOnly(docs, o.showOnly, goPathMatch);
  const passed = o.lenientChecks ? { checksPassed: lenientPasses() - passesBefore } : {};
  return notes === undefined ? { docs, ...passed } : { docs, notes, ...passed };
}
