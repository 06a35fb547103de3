// The switches a values block no round of the optional search used may sit under all at once.
// A part may need a switch and a word together, neither bringing anything alone (Firefly III's
// cronjob: `if .Values.cronjob.enabled`, then `if or .Values.cronjob.auth.token
// .Values.cronjob.auth.existingSecret`), or read its switches relative to a `with` block and its
// image through a helper (Loki's helm-test Pod: `with .Values.test`, then `if and .enabled
// $.Values.monitoring.selfMonitoring.enabled ...`, the image from `include "loki.helm-test-image"`).
// The search tries each reading template's switches all on, once, only while such a block is left.

import type { ChartTemplates } from './absent-values.js';
import { scopedIfReads } from './exclusive-switches.js';
import { formatPath, type PathSegment } from './field-path.js';
import { branchEnds } from './if-guards.js';
import { scanOf } from './template-scan.js';
import { getIn } from './value-markers.js';
import { bringsImage, enablingToggles, formatToggles, fromTop, LIST_ENTRY, type DependencyCondition, type ValueToggle } from './value-toggles.js';

const IMAGE_PART = /image|registry|repository|tag|digest/i;
const DEFINE = /\{\{-?\s*define\s+"([^"]+)"\s*-?\}\}/g;

/**
 * For values blocks no round used (dotted leaf paths from the top), one group per template that
 * reads one, itself or through a helper it includes: the switches of its `if`s off in values
 * (booleans on, empty strings at a stand-in, as guardToggles has them), the switches of the
 * subcharts off around the block first.
 */
export function blockSwitches(
  charts: readonly ChartTemplates[],
  values: Record<string, unknown>,
  conditions: readonly DependencyCondition[],
  blocks: readonly string[],
): ValueToggle[][] {
  const [bringing, holding] = [bringsImage(charts), bringsImage(charts, true)];
  const groups = new Map<string, ValueToggle[]>();
  for (const c of charts) {
    const prefix = c.at.length > 0 ? `${c.at.join('.')}.` : '';
    const mine = blocks.filter((b) => b.startsWith(prefix)).map((b) => b.slice(prefix.length));
    if (mine.length === 0) continue;
    const readers = new Map<string, PathSegment[][]>();
    for (const [i, read] of readsOf(mine).entries())
      for (const text of c.texts) {
        const at = text.search(read);
        if (at < 0) continue;
        const helpers = definesAround(text, at);
        const texts = helpers.length === 0 ? [text] : c.texts.filter((t) => helpers.some((h) => includes(t, h)));
        for (const t of texts) readers.set(t, [...(readers.get(t) ?? []), [...c.at, ...mine[i]!.split('.')]]);
      }
    for (const [text, read] of readers) {
      const out = new Map<string, ValueToggle>();
      for (const g of scanOf(text).guards) {
        const segs = fromTop(c.at, g.path);
        const v = getIn(values, segs);
        if (v === false && bringing(g)) out.set(formatPath(segs), switchOn(segs));
        else if (v === '' && holding(g)) out.set(formatPath(segs), { path: formatPath(segs), segments: segs, value: LIST_ENTRY.value, standIn: true });
      }
      for (const rel of scopedIfReads(text)) {
        const segs = fromTop(c.at, rel);
        const v = getIn(values, segs);
        if (v === false) out.set(formatPath(segs), switchOn(segs));
        // a word, but no part of an image (`if .image.digest` picks a form of the same one)
        else if (v === '' && !IMAGE_PART.test(String(segs[segs.length - 1])))
          out.set(formatPath(segs), { path: formatPath(segs), segments: segs, value: LIST_ENTRY.value, standIn: true });
      }
      if (out.size === 0) continue;
      const on = new Map(read.flatMap((segs) => enablingToggles(conditions, values, segs)).map((t) => [t.path, t]));
      const group = [...on.values(), ...out.values()];
      groups.set(formatToggles(group), group);
    }
  }
  return [...groups.values()];
}

/** A read of each leaf, or of its block whole (`with .Values.cronjob.image`, then `.repository`). */
function readsOf(leaves: readonly string[]): RegExp[] {
  const quote = (keys: string) => keys.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return leaves.map((rel) => {
    const block = rel.includes('.') ? `|${quote(rel.slice(0, rel.lastIndexOf('.')))}(?![\\w.])` : '';
    return new RegExp(`\\.Values\\.(?:${quote(rel)}(?!\\w)${block})`);
  });
}

/** The helpers whose `define` holds `offset` of `text`. */
function definesAround(text: string, offset: number): string[] {
  if (!text.includes('define')) return [];
  const ends = branchEnds(text);
  return [...text.matchAll(DEFINE)].filter((m) => m.index < offset && (ends.get(m.index) ?? text.length) > offset).map((m) => m[1]!);
}

const includes = (text: string, helper: string): boolean =>
  new RegExp(`\\b(?:include|template)\\s+"${helper.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`).test(text);

const switchOn = (segments: PathSegment[]): ValueToggle => ({ path: formatPath(segments), segments, value: true });
