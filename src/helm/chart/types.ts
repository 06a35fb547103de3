// The chart model: what a chart archive or folder holds once loaded, before any values are
// applied. Mirrors Helm's chart.Chart closely enough that coalescing and rendering can follow
// Helm's rules field by field.

import type { Values } from '../engine/render-types.js';

/** One file of a chart, its name relative to the chart root ("templates/x.yaml"). */
export interface ChartFile {
  name: string;
  data: Uint8Array;
}

export interface Maintainer {
  name?: string;
  email?: string;
  url?: string;
}

/** An entry of Chart.yaml `dependencies` (or requirements.yaml for apiVersion v1). */
export interface Dependency {
  name: string;
  version?: string;
  repository?: string;
  condition?: string;
  tags?: string[];
  enabled?: boolean;
  'import-values'?: unknown[];
  alias?: string;
}

/** Chart.yaml. */
export interface ChartMetadata {
  apiVersion: string;
  name: string;
  version: string;
  home?: string;
  sources?: string[];
  description?: string;
  keywords?: string[];
  maintainers?: Maintainer[];
  icon?: string;
  condition?: string;
  tags?: string;
  appVersion?: string;
  deprecated?: boolean;
  annotations?: Record<string, string>;
  kubeVersion?: string;
  dependencies?: Dependency[];
  type?: string;
}

export interface Chart {
  metadata: ChartMetadata;
  /** Files under templates/ (partials included). */
  templates: ChartFile[];
  /** values.yaml as Helm reads it (numbers are float64 = JS number). */
  values: Values;
  /**
   * values.yaml of several documents as Helm 3 reads it: the first document only (Helm 4 merges
   * them all, `values`). Absent for a file of one document, which both read alike.
   */
  valuesHelm3?: Values;
  /** values.schema.json, raw. */
  schema?: Uint8Array;
  /** Every other file: what .Files sees (crds/ included). */
  files: ChartFile[];
  /** Subcharts, loaded from charts/ (archives or folders). */
  dependencies: Chart[];
  /** Set while linking the tree; undefined for the top chart. */
  parent?: Chart;
  /** Where the chart came from, for error messages ("cert-manager-v1.17.2.tgz", "parent/charts/sub"). */
  source: string;
  /** The folder or .tgz it was read from (set by readChart; the helm binary renderer needs it). */
  path?: string;
}

export function chartName(c: Chart): string {
  return c.metadata.name;
}

/** "top/charts/sub/charts/subsub": the prefix of template names and of "# Source:" headers. */
export function chartFullPath(c: Chart): string {
  return c.parent ? `${chartFullPath(c.parent)}/charts/${c.metadata.name}` : c.metadata.name;
}

export function isLibraryChart(c: Chart): boolean {
  return (c.metadata.type ?? '').toLowerCase() === 'library';
}

export function setDependencies(c: Chart, deps: Chart[]): void {
  c.dependencies = [];
  for (const d of deps) {
    d.parent = c;
    c.dependencies.push(d);
  }
}
