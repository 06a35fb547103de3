// TOGGLES: what turns an image on. One concept under one name: a toggle is a setting whose value
// decides whether a part holding an image renders, and each file is one kind of it: value.ts (the
// switches, choices, lists and feature-gate keys of the values tree), guard.ts (what an `if` tests
// around an image), map.ts (maps empty by default), member.ts (words a list setting holds), block.ts
// (switches a values block sits under all at once), exclusive.ts (switches a chart's own check sets
// against a setting), off-flag.ts (a resource's `disable: true` / `enabled: false`),
// operator-default.ts (what turns an operator's compiled-in default on), choice-words.ts and
// choice-companions.ts (a choice's other words and the switches they need beside them); the template
// reading they share is template-scan.ts, template-actions.ts, if-guards.ts, guard-places.ts and
// pattern-example.ts. In: template texts and values. Out: ValueToggle lists the optional search
// (app/scan/optional.ts) flips, one render per round.
export { blockSwitches } from './block.js';
export { choiceCompanions, listCompanions, templateSwitches, wordSwitches, wordsTogether } from './choice-companions.js';
export { checkCompanions, scopedGuardAround } from './exclusive.js';
export { absentBeside, elseToggles, guardCompanions, guardToggles, guardsBeside, maskingToggles } from './guard.js';
export { VALUES_PATH } from './if-guards.js';
export { mapToggles } from './map.js';
export { memberToggles } from './member.js';
export { disableToggles, isNegativeFlag, onSetting } from './off-flag.js';
export {
  choiceToggles,
  conditionToggles,
  dependencyConditions,
  enablingToggles,
  entryToggles,
  firstToggleRead,
  formatToggles,
  heldSwitchGroups,
  listToggles,
  offToggles,
  wholeNameBlocks,
  withEnabling,
} from './value.js';
export type { DependencyCondition, ValueToggle } from './value.js';
