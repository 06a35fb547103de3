// What the optional search works with: the chart and values it searches (OptionalSearch), and
// what it keeps across toggle groups (SearchState). toggled-render.ts renders one group;
// toggled-creators.ts and the rounds read the same search.
import type { Chart } from '../../helm/chart/types.js';
import type { Values } from '../../helm/engine/render-types.js';
import type { ChartAnnotations } from '../../discover/sites/index.js';
import type { CandidateAudit } from '../../discover/verdicts/index.js';
import type { ImageSite } from '../../discover/image-site.js';
import type { ChartTemplates, ImageValueLeaf, MarkedValues } from '../../discover/values/index.js';
import type { ValueToggle } from '../../discover/toggles/index.js';
import type { Renders } from './render.js';

export interface OptionalSearch {
  chart: Chart;
  renders: Renders;
  user: Values;
  full: Values;
  leaves: readonly ImageValueLeaf[];
  marked: MarkedValues;
  /** Sites of the plain render (what is already needed). */
  sites: readonly ImageSite[];
  /** Sites of the marker render with the same values: what markers alone change is not new. */
  markedSites: readonly ImageSite[];
  /** The marker render succeeded (a chart may refuse marked values, e.g. by schema). */
  markersWork: boolean;
  /** Leaves the marker render left unmarked (matched by value). */
  unmarked: readonly ImageValueLeaf[];
  annotations: readonly ChartAnnotations[];
  /** Every template text of the chart tree, by where its chart's values sit. */
  templates: readonly ChartTemplates[];
  /** images --explain: where the toggled renders' decisions go. */
  audit?: CandidateAudit;
  /** images --explain: the plain render's decisions. */
  plainAudit?: CandidateAudit;
  /** The workloads the default render warns may start pods (their `creator`): a toggled render's others are recorded (toggled-creators.ts). */
  creators?: ReadonlySet<string>;
  /** Values an operator joins as parts of an image (builtin-routes envPartPaths): no values blocks of their own. */
  partPaths?: ReadonlySet<string>;
}

/**
 * What the search keeps across its groups: the markers rendered so far, and the toggles that do
 * not render alone even with the checks passed.
 */
export interface SearchState {
  seen: Set<number>;
  broken: Set<ValueToggle>;
  /** The switches of the first search: a block of one of them holds an image's values, or none does. */
  switches: readonly ValueToggle[];
}
