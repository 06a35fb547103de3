// The chart model and Helm-compatible rendering, as other parts of helm-airgap use them.
//   const chart = await readChart('./cert-manager-v1.17.2.tgz');          // folder or .tgz
//   const values = await readUserValues({ valueFiles: ['prod.yaml'], set: ['a=b'] });
//   const { docs, notes } = renderChart(chart, { values, releaseName: 'cm', namespace: 'certs' });
//   process.stdout.write(formatManifests(docs));                          // = helm template
export type { Chart, ChartFile, ChartMetadata, Dependency, Maintainer } from './chart/types.js';
export { chartFullPath, chartName, isLibraryChart } from './chart/types.js';
export { readChart, readChartDir, loadChartArchive, loadChartFiles } from './loader/load.js';
export { parseChartArchive, DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from './loader/archive.js';
export { prepareChart, type PreparedChart } from './values/prepare.js';
export { coalesceValues, mergeValues, coalesceTables, valuesTable, valuesPathValue, deepCopyValue } from './values/coalesce.js';
export { buildUserValues, readUserValues, type ValuesFlags, type ValuesText } from './values/user-values.js';
export { parseSetInto, typedSetValue, type SetMode } from './values/strvals.js';
export { parseValuesYaml, parseYamlDocuments, mergeMaps, isGoMap, YamlError } from './values/yaml.js';
export { renderChart, type EngineRenderOptions } from './engine/render-chart.js';
export type { ValueReadHook } from './engine/engine.js';
export { formatManifests, splitManifests, sortManifests } from './release/manifests.js';
export { EngineRenderer, HelmBinaryRenderer, helmTemplateArgs, parseHelmTemplateOutput, type Renderer } from './engine/renderer.js';
export { DEFAULT_KUBE_VERSION, DEFAULT_API_VERSIONS, HELM_VERSION } from './engine/defaults.js';
export type { RenderedDoc, RenderOptions, RenderReport, Values } from './engine/render-types.js';
