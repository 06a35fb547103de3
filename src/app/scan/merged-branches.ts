// Switches whose branches write one document (Intel's network operator: a NetworkClusterPolicy
// of one mode or the other, each branch with its own metadata and spec, a `fail` between them that
// the lenient toggled render lets through). Flipped together in one group render, the document
// names a top-level key twice and YAML keeps the later, so the earlier switch's image is in no
// render of the group. Such a render's sites are marked; the search then renders the group's
// switches apart (optional.ts searchToggles) instead of crediting what it shows to some of them.

import type { RenderedDoc } from '../../helm/engine/render-types.js';
import type { ImageSite } from '../../discover/image-site.js';

const merged = new WeakSet<readonly ImageSite[]>();
const TOP_KEY = /^([A-Za-z_][\w.-]*):/gm;

/** Whether a document's text names a top-level key twice: two branches wrote it, the later kept. */
export function repeatsTopKey(text: string): boolean {
  const keys = new Set<string>();
  for (const m of text.matchAll(TOP_KEY)) {
    if (keys.has(m[1]!)) return true;
    keys.add(m[1]!);
  }
  return false;
}

/**
 * Marks a group render's sites when a document of a template carrying one of them repeats a
 * top-level key. Only the documents of those templates are read, and only for groups of more
 * than one switch (a lone switch has no other branch to hide): the search costs no more elsewhere.
 */
export function markMerged(sites: readonly ImageSite[], docs: readonly RenderedDoc[], groupSize: number): void {
  if (groupSize < 2 || sites.length === 0) return;
  const templates = new Set(sites.map((x) => x.source.template));
  if (docs.some((d) => templates.has(d.template) && repeatsTopKey(d.text))) merged.add(sites);
}

/** Whether a group render's sites came from a document two of its switches' branches wrote. */
export const wasMerged = (sites: readonly ImageSite[]): boolean => merged.has(sites);

/** The mark carried to the sites mapped from a marked render's (values matched, markers stripped). */
export function carryMerged(from: readonly ImageSite[], to: ImageSite[]): ImageSite[] {
  if (merged.has(from)) merged.add(to);
  return to;
}
