// OPERATORS: what controllers add. The operator catalog (catalog.ts: data, one YAML file per
// operator under catalog/, its model model.ts and schema catalog.schema.json) says what each
// operator pulls by defaults compiled into it; sightings.ts finds the operators and the resources
// they reconcile in a render, releases.ts picks the release read for a version, builtin-images.ts
// lists their defaults (with plugin-gates.ts, tagged-sites.ts), and default-overrides.ts,
// builtin-routes.ts and the *-settings.ts files find the values route that overrides each. A release
// is listed only as far as its source was read: an operator of another version gets a warning, never
// a guess. In: the render's documents and the pod-spec sites found. Out: builtin ImageSites and
// OperatorWarnings.
export { argLists, argProbe, wantsArgList, withListSettings } from './arg-list-settings.js';
export { applyOperatorDefaults, builtinImages, chartOwnWarning } from './builtin-images.js';
export type { OperatorWarning } from './builtin-images.js';
export {
  joinsEnvParts,
  registrySetting,
  unsetConfig,
  unsetPrefix,
  unsetSetting,
  withMarkedRoutes,
  withProbedConfig,
  withProbedSettings,
} from './builtin-routes.js';
export { useOperatorCatalog, withCatalogFiles } from './catalog.js';
export type { CatalogFile } from './catalog.js';
export { fieldPathIn, fieldPathToSet, overrideValue, resourceField, settingPaths } from './default-overrides.js';
export { envValues, wantsEnvValues, withEnvProbes, withEnvSettings } from './env-value-settings.js';
export { fieldLists, wantsFieldLists, withFieldProbes, withFieldSettings } from './field-list-settings.js';
export { markGatedPlugins, nameGateSettings } from './plugin-gates.js';
export { docsByPlace, sightOperators, tableReadsGroup } from './sightings.js';
export type { OperatorSightings } from './sightings.js';
export { dropOperatorParts, expandNodeOsTags, joinsBlockOf, markNodeOsTags, markTaggedEnv } from './tagged-sites.js';
export { OPERATOR_DEFAULTS } from './catalog.js';
export type { BuiltinDefault, DefaultOverride, NodeOsTag, OperatorEntry, OperatorRelease } from './model.js';
