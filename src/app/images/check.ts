// --check: the drift a CI job looks for when chart versions are bumped. The previous state is a
// bundle lock (airgap-lock.json) or a plain list: one image per line, `--plain` output, or the
// corpus *.images.txt form (default lines, then "# runtime" / "# optional" sections of "# image").

import { parseLock } from '../../bundle/lock.js';
import { toImageRef } from '../../discover/image-ref.js';

export interface ImagesCheck {
  against: string;
  /** Needed now, not before. */
  added: string[];
  /** Needed before, not now. */
  removed: string[];
  same: boolean;
}

/** `charts`: the charts checked now; a lock's images of its other charts are not theirs to lose. */
export function compareImages(
  now: readonly string[],
  previousText: string,
  against: string,
  includeOptional: boolean,
  charts?: readonly string[],
  extras = false,
): ImagesCheck {
  const before = new Set(previousImages(previousText, against, includeOptional, charts, extras));
  const current = new Set(now);
  const added = [...current].filter((r) => !before.has(r)).sort();
  const removed = [...before].filter((r) => !current.has(r)).sort();
  return { against, added, removed, same: added.length === 0 && removed.length === 0 };
}

/** The needed images a lock or list names, normalised; a lock's extra images only when `extras` (images --spec names them too). */
export function previousImages(text: string, where: string, includeOptional: boolean, charts?: readonly string[], extras = false): string[] {
  if (/^\s*\{/.test(text)) {
    const lock = parseLock(text, where);
    const ours = (i: (typeof lock.images)[number]) =>
      !charts || i.sites.length === 0 || i.sites.some((s) => charts.some((c) => s.chart === c || s.chart.startsWith(`${c}/`)));
    return lock.images
      .filter((i) => (i.need === 'certain' || (extras && i.need === 'extra') || (includeOptional && i.need === 'optional')) && ours(i))
      .map((i) => i.ref);
  }
  return listImages(text, includeOptional);
}

function listImages(text: string, includeOptional: boolean): string[] {
  const out: string[] = [];
  let section: 'default' | 'runtime' | 'optional' = 'default';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const header = /^#\s*(runtime|optional)\s*$/.exec(line);
    if (header) {
      section = header[1] as 'runtime' | 'optional';
      continue;
    }
    const commented = line.startsWith('#');
    if (commented && section === 'default') continue;
    if (section === 'optional' && !includeOptional) continue;
    const first = line.replace(/^#\s*/, '').split(/\s+/)[0];
    const ref = toImageRef(first);
    if (ref) out.push(ref.normalized);
  }
  return out;
}

export function formatCheck(c: ImagesCheck): string[] {
  if (c.same) return [`check: same images as ${c.against}`];
  return [
    `check: images differ from ${c.against} (${c.added.length} added, ${c.removed.length} removed)`,
    ...c.added.map((r) => `+ ${r}`),
    ...c.removed.map((r) => `- ${r}`),
  ];
}
