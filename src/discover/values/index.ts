// VALUES: how values shape a reference. Which values leaves can build an image (image-values.ts,
// value-blocks.ts), the marker render that tags them so each rendered image says which leaves built
// it (value-markers.ts, values-paths.ts), and the values no marker reaches: left empty or absent,
// kept under another name, merged at render time, declared outside values.yaml, host-shaped, or
// written into a program's registry setting. In: the chart's values and the marker render's sites.
// Out: each site's values paths (ImageSite.valuesPaths), the routes the values writer sets.
export { absentImageValues, emptyImageRoutes, fieldMapSlots, unsetConfigValues, unsetImageValues, unsetScopedImageValues } from './absent-values.js';
export type { ChartTemplates } from './absent-values.js';
export { learnedFallbacks } from './chart-fallbacks.js';
export { emptyBlockRegistries, emptyBlockRepositories, emptyGlobalRegistries } from './empty-image-values.js';
export { contextPrefixValues } from './context-prefixes.js';
export { atHostPosition } from './host-position.js';
export { hostShapedLeaves, imageValueLeaves, ownSubchartGlobals, probeHost, probeOf, repositoryProbe, repositoryProbeIn } from './image-values.js';
export type { ImageValueLeaf } from './image-values.js';
export { markedRegistry, probedRegistry, registrySettings, withRegistrySettings } from './registry-settings.js';
export { remergedDefaultKeys, remergedView } from './remerged-defaults.js';
export { UNREAD_GLOBAL_BLOCK, UNREAD_VALUES_BLOCK, imageValueBlocks, readByTemplates, unreadBlock } from './value-blocks.js';
export type { ImageValueBlock } from './value-blocks.js';
export { getIn, markValues, markersIn, setIn, setInWithList, stripMarkers } from './value-markers.js';
export type { MarkedValues } from './value-markers.js';
export { asValuesReads, valuesAliases } from './values-aliases.js';
export { attachProbedRegistries, attachProbedRepositories, attachValuesPaths, literalHostOf, withMarkedParts, withParts } from './values-paths.js';
export { filesTemplatesRead, shapeImageValues } from './values-shapes.js';
