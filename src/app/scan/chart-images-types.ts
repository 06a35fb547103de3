// What one chart's discovery is asked (ChartImagesOptions) and gives (ChartImages): the use case's
// types, apart from the orchestrator (chart-images.ts) whose callers and helpers read them.

import type { RenderOptions, Values } from '../../helm/engine/render-types.js';
import type { ImageSite } from '../../discover/image-site.js';
import type { CandidateAudit } from '../../discover/verdicts/index.js';
import type { OperatorWarning } from '../../discover/operators/index.js';
import type { OperatorSightings } from '../../discover/operators/index.js';
import type { WorkloadMaker } from '../../discover/evidence/index.js';

export interface ChartImagesOptions extends Omit<RenderOptions, 'values'> {
  /** User values (-f/--set merged), layered over the chart's defaults. */
  values?: Values;
  /** Also search for optional images (toggles, annotations, values blocks). */
  optional?: boolean;
  /** Record every decision on a candidate of the render with these values (images --explain). */
  audit?: boolean;
}

export interface ChartImages {
  /** Sites of the render with the given values (certain and doubtful), with values paths. */
  sites: ImageSite[];
  /** Images the chart can use but the given values do not: each site names its toggle or block. */
  optional: ImageSite[];
  /** The values a render with the given values sees (renderedValues; read only): `values` builds its override on them. */
  values: Values;
  /** With `audit`: what discovery decided for each candidate of the render with the given values. */
  audit?: CandidateAudit;
  /** Operators of the render whose compiled-in defaults the table cannot give (discover/operators/builtin-images.ts). */
  warnings: OperatorWarning[];
  /** The operators and resources of the render the table knows: a run of several charts applies it over all of them. */
  operators: OperatorSightings;
  /** The controllers of the render that can make workloads (discover/evidence/workload-makers.ts): their compiled-in images must be accounted for. */
  controllers?: WorkloadMaker[];
}
