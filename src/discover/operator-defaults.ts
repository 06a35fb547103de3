// The operator defaults table: the operator catalog (operators/catalog.ts, its entries data under
// operators/catalog/) and the model its entries follow (operator-defaults-model.ts).
// builtin-images.ts applies it. A release is listed only as far as its source was read: an
// operator of another version gets a warning, never a guess. The readings are the ones recorded
// in scripts/corpus/truth/*.runtime.txt.
export { OPERATOR_DEFAULTS } from './operators/catalog.js';
export type { BuiltinDefault, DefaultOverride, NodeOsTag, OperatorEntry, OperatorRelease } from './operator-defaults-model.js';
