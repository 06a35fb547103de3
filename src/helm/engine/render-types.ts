// The seam between rendering (our engine or the helm binary) and everything downstream
// (discovery, values verification, postrender). Both renderers return this shape.

import type { HelmLine } from './defaults.js';

export type Values = Record<string, unknown>;

/** One YAML document of a render, with where it came from. */
export interface RenderedDoc {
  /** Chart path as Helm prints it in "# Source:", e.g. "cert-manager" or "parent/charts/sub". */
  chart: string;
  /** Template path relative to the top chart, e.g. "cert-manager/templates/deployment.yaml". */
  template: string;
  /** The document's text exactly as rendered (without the "# Source:" header). */
  text: string;
  /** The parsed document (null when empty or unparsable). */
  object: unknown;
  /**
   * Why the document could not be read, when Helm reads it and only a limit of ours stops us
   * (its text is printed as rendered, its object is null, discovery names and skips it).
   */
  unreadable?: string;
  /** True for documents helm template marks as hooks (helm.sh/hook annotation). */
  hook?: boolean;
  /** The appVersion of the template's chart: what a `.Chart.AppVersion` fallback gives (engine renders only). */
  appVersion?: string;
}

export interface RenderOptions {
  releaseName?: string;
  namespace?: string;
  kubeVersion?: string;
  apiVersions?: string[];
  includeCrds?: boolean;
  skipTests?: boolean;
  isUpgrade?: boolean;
  showOnly?: string[];
  /** Which Helm to behave as (defaults and the rules that differ, helm/engine/defaults.ts); default the newest. */
  helmVersion?: HelmLine;
  /** Helm's --skip-schema-validation: values.schema.json files are not checked. */
  skipSchemaValidation?: boolean;
  /** Values layered on top of the chart's defaults, already merged from -f/--set in order. */
  values?: Values;
  /**
   * The output is read (for images) and thrown away, never installed: generated keys may be
   * shared between renders (an RSA key took 13% of a Bitnami chart's optional-image search).
   */
  disposable?: boolean;
  /**
   * Disposable renders of our engine: how many of a chart's first renders with these release
   * options (per chart tree) keep what their templates learned, for later renders to take texts
   * from (helm/engine/template-reuse.ts); 2 unless given. Discovery without the optional search
   * gives 1: its later renders change image values only, which the first render answers as well
   * as a second, and observing a render's templates costs about a fifth more.
   */
  reuseBases?: number;
  /**
   * `required` and `fail` pass instead of aborting (our engine only): the optional search asks
   * which images a switch brings, and a chart that also wants values the user would give with it
   * (a certificate, a password, the other of two exclusive modes) still shows them.
   */
  lenientChecks?: boolean;
}

export interface RenderReport {
  docs: RenderedDoc[];
  /** Rendered NOTES.txt of the top chart (not emitted, but a `fail` there aborts). */
  notes?: string;
  /** With lenientChecks: how many required/fail checks would have stopped the render. */
  checksPassed?: number;
}
