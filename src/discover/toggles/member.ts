// Words a template looks for in a list setting (`has "cicd" .Values.installer.modules`): a part
// turned on by naming it, as other charts turn one on by a boolean.

import type { ChartTemplates } from '../values/absent-values.js';
import { formatPath, type PathSegment } from '../field-path.js';
import { scanOf } from './template-scan.js';
import { getIn } from '../values/value-markers.js';
import { fromTop, type ValueToggle } from './value.js';

/** Words of one list tried: a chart's modules are a handful. */
const MAX_WORDS = 4;

/**
 * Words a template looks for in a list beside an image (Devtron's `has "cicd"
 * .Values.installer.modules`, empty by default, around every CI/CD component): each word the list
 * lacks is appended, as --set writes it (`installer.modules[0]=cicd`), all in one render.
 */
export function memberToggles(charts: readonly ChartTemplates[], values: Record<string, unknown>): ValueToggle[] {
  const words = new Map<string, { list: PathSegment[]; words: Set<string> }>();
  for (const c of charts)
    for (const text of c.texts) {
      const scan = scanOf(text);
      if (!scan.nearImage) continue;
      for (const [rel, word] of scan.members) {
        const list = fromTop(c.at, rel);
        const key = formatPath(list);
        (words.get(key) ?? words.set(key, { list, words: new Set() }).get(key)!).words.add(word);
      }
    }
  const out: ValueToggle[] = [];
  for (const { list, words: ws } of words.values()) {
    const v = getIn(values, list);
    if (!(v === undefined || v === null || Array.isArray(v))) continue;
    const now = (v ?? []) as unknown[];
    [...ws]
      .filter((w) => !now.includes(w))
      .slice(0, MAX_WORDS)
      .forEach((w, k) => {
        const segments = [...list, now.length + k];
        out.push({ path: formatPath(segments), segments, value: w });
      });
  }
  return out;
}
