// Switches a word of a choice needs beside it. A mode word may bring parts only with switches on
// that an `if` reads in the same test (Bitnami redis' sentinel: `and (eq .Values.architecture
// "replication") .Values.sentinel.enabled`), and a workload so brought may hold further parts
// behind switches of its own template (the sentinel StatefulSet's kubectl container, under
// `sentinel.masterService.enabled`): the choice search tries both (optional.ts).

import type { ChartTemplates } from './absent-values.js';
import { formatPath, type PathSegment } from './field-path.js';
import { scanOf } from './template-scan.js';
import { getIn } from './value-markers.js';
import { bringsImage, enablingToggles, fromTop, type ValueToggle } from './value-toggles.js';

/**
 * Of a choice round, the words an `if` of a template naming an image reads beside switches off in
 * values, with those switches on. The round's other words stay out: one may mask the branch
 * (redis' `sentinel.service.type=NodePort` holds the sentinel StatefulSet back on install).
 */
export function choiceCompanions(charts: readonly ChartTemplates[], values: Record<string, unknown>, round: readonly ValueToggle[]): ValueToggle[] {
  const chosen = new Map(round.map((t) => [t.path, t]));
  const words = new Map<string, ValueToggle>();
  const companions = new Map<string, ValueToggle>();
  for (const c of charts)
    for (const text of c.texts) {
      const scan = scanOf(text);
      if (!scan.nearImage) continue;
      for (const read of scan.together) {
        const paths = read.map((rel) => fromTop(c.at, rel));
        const word = paths.map((segs) => chosen.get(formatPath(segs))).find((t) => t !== undefined);
        const off = paths.filter((segs) => getIn(values, segs) === false);
        if (!word || off.length === 0) continue;
        words.set(word.path, word);
        for (const segments of off) companions.set(formatPath(segments), switchOn(segments));
      }
    }
  return words.size === 0 ? [] : [...words.values(), ...companions.values()];
}

/** The switches off in values that an `if` of this template text reads where its branch can bring an image. */
export function templateSwitches(charts: readonly ChartTemplates[], values: Record<string, unknown>, text: string, at: readonly PathSegment[]): ValueToggle[] {
  const bringing = bringsImage(charts);
  return scanOf(text)
    .guards.filter((g) => bringing(g))
    .map((g) => fromTop(at, g.path))
    .filter((segs) => getIn(values, segs) === false)
    .map(switchOn);
}

/**
 * The switches off in values of the templates that read one of these words that `wanted` keeps
 * (a values block no render used sits under it), with the switches an `if` reads beside them: a
 * word may bring a workload whose own image is known already (a memcached chart's StatefulSet
 * under `architecture: high-availability` runs the Deployment's image), so no new site names its
 * template, while its further parts sit behind switches of that template (the os-shell init
 * container under `and .Values.persistence.enabled .Values.volumePermissions.enabled`).
 */
export function wordSwitches(
  charts: readonly ChartTemplates[],
  values: Record<string, unknown>,
  words: readonly ValueToggle[],
  wanted: (t: ValueToggle) => boolean,
): ValueToggle[] {
  const out = new Map<string, ValueToggle>();
  for (const c of charts) {
    const mine = words.filter((t) => t.segments.length > c.at.length && c.at.every((a, i) => t.segments[i] === a));
    const reads = mine.map(
      (t) =>
        new RegExp(
          `\\.Values\\.${t.segments
            .slice(c.at.length)
            .map((k) => String(k).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('\\.')}(?![\\w.])`,
        ),
    );
    for (const text of c.texts) {
      if (!reads.some((r) => r.test(text))) continue;
      const own = new Set(
        templateSwitches(charts, values, text, c.at)
          .filter(wanted)
          .map((t) => t.path),
      );
      if (own.size === 0) continue;
      for (const read of scanOf(text).together) {
        const paths = read.map((rel) => fromTop(c.at, rel));
        if (paths.some((segs) => own.has(formatPath(segs))))
          for (const segs of paths) if (getIn(values, segs) === false) out.set(formatPath(segs), switchOn(segs));
      }
      for (const t of templateSwitches(charts, values, text, c.at)) if (own.has(t.path)) out.set(t.path, t);
    }
  }
  return [...out.values()];
}

const switchOn = (segments: PathSegment[]): ValueToggle => ({ path: formatPath(segments), segments, value: true });
