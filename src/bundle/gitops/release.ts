// What every GitOps format reduces to: one release with its chart and its values as layers in
// the order its tool applies them, turned into the existing chart entry of airgap.yaml
// (bundle/spec.ts ChartSpec) with Helm's own merge (helm/values: mergeMaps, strvals), so
// `images`, `bundle` and `values` render it as they render any spec chart.
import type { Values } from '../../helm/engine/render-types.js';
import { parseSetInto } from '../../helm/values/strvals.js';
import { mergeMaps, parseValuesYaml } from '../../helm/values/yaml.js';
import type { ChartSpec } from '../spec.js';
import type { GitopsFile, GitopsTree } from './source-tree.js';
import { gitopsError, type ObjectNode, type Path } from './object-node.js';

export type ValuesLayer =
  /** a values file, relative to `fromDir`, inside the tree root; `optional`: skipped when missing, as the tool is told to */
  | { file: string; fromDir: string; at: string; optional?: boolean }
  /** a values file inside the chart, by path from its root, read once the chart is loaded (ChartSpec.chartValuesFiles) */
  | { chartFile: string; at: string; optional?: boolean }
  /** inline values (a map), or YAML text (Argo CD helm.values, a ConfigMap key) */
  | { values: Values; at: string }
  | { text: string; name: string; at: string }
  /** `path=value` applied as --set (typed) or --set-string (string) at this point of the order */
  | { set: string; mode: 'typed' | 'string'; at: string };

/** Where a release is declared, for `values --format gitops` to edit it in place. */
export type GitopsEdit =
  | { tool: 'helmfile'; file: GitopsFile; doc: number; release: Path }
  /** `source`: the chart source; in an ApplicationSet's template when `element` says which element made it. */
  | { tool: 'argocd'; file: GitopsFile; doc: number; source: Path; element?: ObjectNode }
  | { tool: 'flux'; file: GitopsFile; doc: number; chartSource: { file: GitopsFile; doc: number; kind: 'HelmRepository' | 'OCIRepository' } };

export interface GitopsRelease {
  /** What kind of object it came from, for reports: "helmfile", "Application", "HelmRelease". */
  source: string;
  /** oci://..., a chart name with `repo`, or a local chart path (absolute). */
  chart: string;
  repo?: string;
  version?: string;
  releaseName: string;
  namespace?: string;
  kubeVersion?: string;
  layers: ValuesLayer[];
  /** The chart's own values files replace its values.yaml (Flux), rather than come first among the user's (Argo CD). */
  replaceChartValues?: boolean;
  /** "file:line" of the object. */
  origin: string;
  edit: GitopsEdit;
}

/** The release as a spec chart: the layers merged here, in its tool's order, into `values`. */
export async function toChartSpec(r: GitopsRelease, tree: GitopsTree): Promise<ChartSpec> {
  let values: Values = {};
  const chartFiles: string[] = [];
  let ignoreMissing = false;
  for (const [i, l] of r.layers.entries()) {
    if ('chartFile' in l) {
      // read after the chart is loaded, ahead of every other layer: kept exact only when listed first
      if (i > chartFiles.length)
        throw gitopsError(
          `${l.at}: values file ${l.chartFile} (inside the chart) comes after a file from another source: that order is not kept`,
          "list the chart's own values files first",
        );
      chartFiles.push(l.chartFile);
      ignoreMissing ||= l.optional === true;
    } else if ('file' in l) {
      const f = await tree.readValuesFile(l.fromDir, l.file, l.at, l.optional);
      if (f) values = mergeMaps(values, parseValuesYaml(f.text, f.name));
    } else if ('values' in l) values = mergeMaps(values, l.values);
    else if ('text' in l) values = mergeMaps(values, parseValuesYaml(l.text, l.name));
    else parseSetInto(l.set, values, l.mode);
  }
  const spec: ChartSpec = { chart: r.chart, valuesFiles: [], set: [], setString: [], values, releaseName: r.releaseName, origin: r.origin };
  if (chartFiles.length > 0) {
    spec.chartValuesFiles = chartFiles;
    if (r.replaceChartValues) spec.replaceChartValues = true;
    if (ignoreMissing) spec.ignoreMissingChartValuesFiles = true;
  }
  if (r.repo !== undefined) spec.repo = r.repo;
  if (r.version !== undefined) spec.version = r.version;
  if (r.namespace !== undefined) spec.namespace = r.namespace;
  if (r.kubeVersion !== undefined) spec.kubeVersion = r.kubeVersion;
  return spec;
}

/** A repository URL as a chart entry: oci:// (or, for Argo CD, a registry without scheme) or HTTP. */
export function chartAt(url: string, chart: string, oci: boolean): { chart: string; repo?: string } {
  const base = url.replace(/\/+$/, '');
  if (oci || base.startsWith('oci://')) return { chart: `${base.startsWith('oci://') ? base : `oci://${base}`}/${chart}` };
  return { chart, repo: base };
}
