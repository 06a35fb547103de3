// Grouping sites into one entry per image, in the sections the corpus lists use: default (a pod
// spec renders it), runtime (an operator is told about it: env, args, ConfigMaps, CRs),
// optional (only a toggle, an annotation or a values block names it) and doubtful.

import type { ImageSite } from '../../discover/image-site.js';
import { valuesCanMove } from '../../overrides/values-writer.js';
import { siteVerdict } from '../../discover/verdicts/index.js';

/** extra: named by the spec's `images:` (images --spec), whatever the charts say. */
export type ImageNeed = 'default' | 'runtime' | 'extra' | 'optional' | 'doubtful';

export interface ImageEntry {
  /** Normalised reference: registry/repository:tag[@digest]. */
  ref: string;
  /** As the chart first wrote it. */
  raw: string;
  need: ImageNeed;
  /** For optional images: the settings that make a chart use it (e.g. hotReload.enabled=true). */
  toggles: string[];
  /** Values paths that control it, over all sites. */
  valuesPaths: string[];
  sites: ImageSite[];
  /**
   * A site of it no value controls (a literal, a digest in args): `values` cannot move it there,
   * postrender and kustomize can. Not said of an operator's built-in default, which no manifest names.
   */
  hardcoded?: true;
}

export interface ChartSites {
  sites: readonly ImageSite[];
  optional: readonly ImageSite[];
  /** The chart's values as rendered: a key holding an image inside a flag moves it (valuesCanMove). */
  values?: Record<string, unknown>;
}

const NEED_ORDER: readonly ImageNeed[] = ['default', 'runtime', 'extra', 'optional', 'doubtful'];

/** A site's section: its audit verdict (discover/verdicts/audit.ts), `needed` named as the lists name it. */
function needOf(s: ImageSite, fromOptionalSearch: boolean): ImageNeed {
  const v = siteVerdict(s, fromOptionalSearch);
  return v === 'needed' ? 'default' : v;
}

export function groupImages(charts: readonly ChartSites[]): ImageEntry[] {
  const byRef = new Map<string, ImageEntry>();
  const add = (s: ImageSite, need: ImageNeed): void => {
    const e = byRef.get(s.ref) ?? { ref: s.ref, raw: s.raw, need, toggles: [], valuesPaths: [], sites: [] };
    if (NEED_ORDER.indexOf(need) < NEED_ORDER.indexOf(e.need)) e.need = need;
    if (s.toggle && !e.toggles.includes(s.toggle)) e.toggles.push(s.toggle);
    for (const p of s.valuesPaths) if (!e.valuesPaths.includes(p)) e.valuesPaths.push(p);
    e.sites.push(s);
    byRef.set(s.ref, e);
  };
  for (const c of charts) {
    for (const s of c.sites) add(s, needOf(s, false));
    for (const s of c.optional) add(s, needOf(s, true));
  }
  // A toggle only matters while the image is optional.
  for (const e of byRef.values()) if (e.need !== 'optional') e.toggles = [];
  // judged per chart (each has its own values), its sites together: a shared registry value moves them as one
  const movable = new Set(
    charts.flatMap((c) => [
      ...valuesCanMove(
        [...c.sites, ...c.optional].filter((s) => s.certainty === 'certain' && !s.builtin),
        c.values,
      ),
    ]),
  );
  // a switched-off site (a CRD's own default) of an image the render pulls elsewhere is not how it gets there
  const pulls = (e: ImageEntry, s: ImageSite) => s.certainty === 'certain' && !s.builtin && !(s.switchedOff && e.need !== 'optional');
  for (const e of byRef.values()) if (e.sites.some((s) => pulls(e, s) && !movable.has(s))) e.hardcoded = true;
  return [...byRef.values()].sort((a, b) => NEED_ORDER.indexOf(a.need) - NEED_ORDER.indexOf(b.need) || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}
