// SITES: where an image can be in a render. The site table (site-table.ts, written in the
// vocabulary of site-rules.ts, its custom-resource rows' finders in custom-resource-sites.ts) names
// every place a rendered manifest can hold a reference and how sure the grammar must be there; beside
// it the places a render names an image only indirectly: sibling fields an operator joins, env vars
// read through the downward API, CRD schema defaults the API server writes, Chart.yaml annotations,
// tags taken from the cluster's version, in-cluster registry copies, programs that start or inject
// pods; and the strings shaped like an image that are not one (not-images.ts). In: rendered
// documents (and the chart's files). Out: ImageSite candidates (../image-site.ts) with how sure each is.
export { annotationSites, rendersOwnDefaults } from './annotation-images.js';
export type { ChartAnnotations } from './annotation-images.js';
export { clusterVersionTags } from './cluster-version-tags.js';
export { crdDefaultReason, isSchemaDefault } from './crd-defaults.js';
export { composedByController, composedDefault, controllerEnvValue, emptyPrefixValues, untiedDefault, withControllerPrefixes } from './controller-prefix.js';
export type { PrefixReading } from './controller-prefix.js';
export { taglessDefaultWarnings, taglessDefaultsOf } from './crd-tagless-defaults.js';
export { auditCopies, copyOfListed, inClusterCopy, sourcesAmong, splitCopies } from './in-cluster-copies.js';
export { IMAGE_NAMESPACE, notAnImage } from './not-images.js';
export { podCreators, tellsProgram, toldCharts, unreadPodCreators } from './pod-creators.js';
export type { CreatorSlot } from './pod-creators.js';
export { inCrdsFolder, isCrdsFile, servedCrdDefaults } from './served-crd-defaults.js';
export { isImageKey } from './site-rules.js';
