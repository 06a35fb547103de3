// Two more rounds of the optional search for guards read beside named toggles in one template
// naming an image (optional.ts, after the round of the named toggles that brought images with the
// guards beside them): each costs a render only where its pattern is in the chart.
import type { ChartTemplates } from '../../discover/values/index.js';
import { guardsBeside, maskingToggles } from '../../discover/toggles/index.js';
import type { ValueToggle } from '../../discover/toggles/index.js';

interface Beside {
  /** Named toggles that brought images alone. */
  bringing: readonly ValueToggle[];
  /** Guards read beside those, searched on with them. */
  idle: readonly ValueToggle[];
  /** Guards that brought nothing alone. */
  quiet: readonly ValueToggle[];
  /** Named toggles that brought nothing alone. */
  lone: readonly ValueToggle[];
}

export function besideRounds(templates: readonly ChartTemplates[], b: Beside): ValueToggle[][] {
  const rounds: ValueToggle[][] = [];
  // an idle guard read under `not` hides what the others bring when on with them (Cozystack's
  // ClickHouse: `and .Values.backup.enabled .Values.backup.schedule (not .Values.backup.useSystemBucket)`,
  // where useSystemBucket is tested plainly elsewhere): once more without those
  if (b.bringing.length > 0 && b.idle.length > 0) {
    const hiding = new Set(maskingToggles(templates, b.idle).negated.map((t) => t.path));
    const shown = b.idle.filter((g) => !hiding.has(g.path));
    if (shown.length > 0 && shown.length < b.idle.length) rounds.push([...b.bringing, ...shown]);
  }
  // neither brings an image alone: a named toggle and a guard read beside it (the same CronJob's
  // `and .Values.backup.enabled .Values.backup.schedule` where nothing else reads backup.enabled,
  // a switch and an empty string): both on together
  const guards = guardsBeside(templates, b.quiet, b.lone);
  const named = guards.length > 0 ? guardsBeside(templates, b.lone, guards) : [];
  if (named.length > 0) rounds.push([...named, ...guards]);
  return rounds;
}
