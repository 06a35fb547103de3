// A chart that keeps a copy of its values under another name of the root context and reads its
// settings from there (StackRox: `$values := deepCopy $.Values`, `$rox := deepCopy $values`,
// `set $ "_rox" $rox`, then `{{ if ._rox.collector.famEnabled }}` around the fact container). The
// copy is then filled from defaults files the chart ships, so the values file declares few of the
// keys read. The scans look for `.Values.` paths; in such a chart a read of the copy is one.

import { templateActions } from '../toggles/template-actions.js';

const SET_ROOT = /\bset\s+\$\s+"([A-Za-z_]\w*)"\s+(\$[A-Za-z_]\w*)/g;
/** `$a := deepCopy $.Values`, `$b := deepCopy $a`, `$c = $b`: the whole values, not a block of them. */
const ASSIGN = /(\$[A-Za-z_]\w*)\s*:?=\s*\(?\s*(?:deepCopy\s+|mustDeepCopy\s+)?(\$?\.Values|\$[A-Za-z_]\w*)(?![\w.])/g;
/** Assignments followed from a copy back to .Values, at most. */
const MAX_HOPS = 6;

/** Names the chart sets on its root context to a copy of the whole values. */
export function valuesAliases(texts: readonly string[]): string[] {
  const actions = texts.map(templateActions);
  if (!actions.some((t) => t.includes('set $'))) return [];
  const sets = actions.flatMap((t) => [...t.matchAll(SET_ROOT)]);
  if (sets.length === 0) return [];
  const from = new Map<string, string>();
  for (const t of actions) for (const m of t.matchAll(ASSIGN)) if (!from.has(m[1]!)) from.set(m[1]!, m[2]!);
  const out = new Set<string>();
  for (const m of sets) {
    let v: string | undefined = m[2]!;
    for (let hop = 0; v && hop < MAX_HOPS && !/^\$?\.Values$/.test(v); hop++) v = from.get(v);
    if (v && /^\$?\.Values$/.test(v) && m[1] !== 'Values') out.add(m[1]!);
  }
  return [...out];
}

/** The text with each read of an alias's keys (`._rox.a.b`, `$._rox.a.b`) as the `.Values.a.b` read it is. */
export function asValuesReads(text: string, aliases: readonly string[]): string {
  let out = text;
  for (const a of aliases) out = out.replace(new RegExp(`(?<![\\w)\\]])\\$?\\.${a}\\.(?=[A-Za-z_])`, 'g'), '.Values.');
  return out;
}
