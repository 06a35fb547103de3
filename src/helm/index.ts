// The chart model and Helm-compatible rendering, as other parts of helm-airgap use them.
//   const chart = await readChart('./cert-manager-v1.17.2.tgz');          // folder or .tgz
//   const values = await readUserValues({ valueFiles: ['prod.yaml'], set: ['a=b'] });
//   const { docs, notes } = renderChart(chart, { values, releaseName: 'cm', namespace: 'certs' });
//   process.stdout.write(formatManifests(docs));                          // = helm template
export type { Chart, ChartFile, ChartMetadata, Dependency, Maintainer } from './chart-types.js';
export { chartFullPath, chartName, isLibraryChart } from './chart-types.js';
export { readChart, readChartDir, loadChartArchive, loadChartFiles } from './chart-loader.js';
export { parseChartArchive, DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from './chart-archive.js';
export { prepareChart, type PreparedChart } from './chart-values.js';
export { coalesceValues, mergeValues, coalesceTables, valuesTable, valuesPathValue, deepCopyValue } from './coalesce.js';
export { buildUserValues, readUserValues, type ValuesFlags, type ValuesText } from './values.js';
export { parseSetInto, typedSetValue, type SetMode } from './strvals.js';
export { parseValuesYaml, parseYamlDocuments, mergeMaps, isGoMap, YamlError } from './yaml-values.js';
export { renderChart, type EngineRenderOptions } from './render-chart.js';
export type { ValueReadHook } from './engine.js';
export { formatManifests, splitManifests, sortManifests } from './manifests.js';
export { EngineRenderer, HelmBinaryRenderer, helmTemplateArgs, parseHelmTemplateOutput, type Renderer } from './renderer.js';
export { DEFAULT_KUBE_VERSION, DEFAULT_API_VERSIONS, HELM_VERSION } from './defaults.js';
export type { RenderedDoc, RenderOptions, RenderReport, Values } from './render-types.js';
