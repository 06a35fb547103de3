// The whole of `helm template` for a loaded chart: values prepared as Helm does, kubeVersion
// checked, templates rendered, NOTES.txt set apart, documents sorted, CRDs first when asked,
// test hooks dropped with skipTests, --show-only applied.

import { checkReleaseName } from '../chart/names.js';
import type { SprigOptions } from '../../sprig/index.js';
import { restartThrowawayRandom } from '../../sprig/throwaway-random.js';
import { frozenWriteCount } from '../../sprig/dicts.js';
import { ChartError } from '../../util/errors.js';
import { chartFullPath, type Chart } from '../chart/types.js';
import { fileText } from '../loader/load.js';
import { prepareChart } from '../values/prepare.js';
import { DEFAULT_HELM_MAJOR, HELM_PROFILES } from './defaults.js';
import { renderTemplates, type ValueReadHook } from './engine.js';
import { reuseSession } from './template-reuse.js';
import { lenientPasses } from './funcs.js';
import { goPathMatch } from '../loader/glob-match.js';
import { selectShowOnly, sortManifests } from '../release/manifests.js';
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

function crdDocs(c: Chart): RenderedDoc[] {
  const own = c.files
    .filter((f) => f.name.startsWith('crds/') && CRD_EXT.test(f.name))
    .map((f): RenderedDoc => {
      const text = fileText(f);
      let object: unknown = null;
      try {
        object = parseYamlDocuments(text, f.name)[0] ?? null;
      } catch {
        object = null; // Helm prints CRD files verbatim; an unparsable one is still printed
      }
      return { chart: chartFullPath(c), template: `${chartFullPath(c)}/${f.name}`, text, object };
    });
  return [...own, ...c.dependencies.flatMap(crdDocs)];
}

function capabilitiesFor(o: RenderOptions): Capabilities {
  const profile = HELM_PROFILES[o.helmVersion ?? DEFAULT_HELM_MAJOR];
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

/** Each chart's appVersion by its path ("parent/charts/sub"). */
function appVersionsByPath(c: Chart, out = new Map<string, string>()): Map<string, string> {
  if (c.metadata.appVersion) out.set(chartFullPath(c), String(c.metadata.appVersion));
  c.dependencies.forEach((d) => appVersionsByPath(d, out));
  return out;
}

/**
 * Charts whose templates write into their values (Sprig's set on .Values), by name and version:
 * rendered on copies. A chart is loaded again for each command; a name taken by another chart
 * only costs that chart the copies.
 */
const writers = new Set<string>();
const MAX_WRITERS = 4096;
const writerKey = (c: Chart): string => `${c.metadata.name}\u0000${c.metadata.version}`;

/**
 * Renders thrown away share the charts' defaults between them (helm/values/shared-defaults.ts); a
 * template that writes into them stops the render, and it is made again on copies, as are later
 * renders of that chart. A render kept (`template`) is one of its kind: it copies them, and a
 * chart that writes is never rendered twice.
 */
export function renderChart(loaded: Chart, o: EngineRenderOptions = {}): RenderReport {
  if (o.releaseName !== undefined) checkReleaseName(o.releaseName);
  if (o.disposable && !writers.has(writerKey(loaded))) {
    const writes = frozenWriteCount();
    try {
      const report = renderPrepared(loaded, o, true);
      if (frozenWriteCount() === writes) return report;
    } catch (e) {
      if (frozenWriteCount() === writes) throw e;
    }
    if (writers.size < MAX_WRITERS) writers.add(writerKey(loaded));
  }
  return renderPrepared(loaded, o, false);
}

function renderPrepared(loaded: Chart, o: EngineRenderOptions, shareDefaults: boolean): RenderReport {
  const { chart, values } = prepareChart(loaded, o.values ?? {}, o.helmVersion, { skipSchemaValidation: o.skipSchemaValidation, shareDefaults });
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
  const files = renderTemplates({
    chart,
    values,
    release,
    capabilities,
    sprig: o.disposable ? { ...o.sprig, throwawayKeys: true } : o.sprig,
    onValueRead: o.onValueRead,
    lenientChecks: o.lenientChecks,
    reuse: o.disposable ? reuseSession(loaded, sessionKey(o)) : undefined,
  });
  let notes: string | undefined;
  for (const name of [...files.keys()]) {
    if (!name.endsWith('NOTES.txt')) continue;
    if (name === `${chart.metadata.name}/templates/NOTES.txt`) notes = files.get(name);
    files.delete(name);
  }
  const { generic, hooks } = sortManifests(files, o.helmVersion);
  let docs: RenderedDoc[] = [...(o.includeCrds ? crdDocs(chart) : []), ...generic, ...hooks.filter((h) => !(o.skipTests && h.isTest))];
  const appVersions = appVersionsByPath(chart);
  docs = docs.map((d) => {
    const appVersion = appVersions.get(d.chart);
    // `object` moves over as it is: a document parsed by sortManifests copies it on first read
    const out = { chart: d.chart, template: d.template, text: d.text } as RenderedDoc;
    Object.defineProperty(out, 'object', Object.getOwnPropertyDescriptor(d, 'object')!);
    return Object.assign(out, d.hook ? { hook: d.hook } : {}, appVersion ? { appVersion } : {});
  });
  if (o.showOnly?.length) docs = selectShowOnly(docs, o.showOnly, goPathMatch);
  const passed = o.lenientChecks ? { checksPassed: lenientPasses() - passesBefore } : {};
  return notes === undefined ? { docs, ...passed } : { docs, notes, ...passed };
}
