// images --explain: the audit of every chart's candidates, verdicts counted. The verdicts are the
// ones discovery and the report's sections decide (discover/verdicts/audit.ts), read, not redone.

import { explainChart, VERDICT_ORDER, type CandidateVerdict, type ExplainedCandidate, type ShapedString } from '../../discover/verdicts/index.js';
import type { ChartImages } from '../scan/chart-images-types.js';

export interface ImagesExplained {
  /** One per candidate string and place, needed first, rejected last. */
  candidates: ExplainedCandidate[];
  counts: Record<CandidateVerdict, number> & { total: number };
  /** Image-shaped strings no verdict covers; empty unless discovery has a gap (the corpus check fails on any). */
  unaccounted: ShapedString[];
}

export function explainImages(found: readonly ChartImages[]): ImagesExplained {
  const candidates: ExplainedCandidate[] = [];
  const unaccounted: ShapedString[] = [];
  for (const c of found) {
    if (!c.audit) continue;
    const one = explainChart(c.sites, c.optional, c.audit);
    candidates.push(...one.candidates);
    unaccounted.push(...one.unaccounted);
  }
  const order = (e: ExplainedCandidate) => VERDICT_ORDER.indexOf(e.verdict);
  const text = (e: ExplainedCandidate) => `${e.rule ?? ''}\0${e.ref ?? e.raw}\0${e.template}\0${e.fieldPath}`;
  candidates.sort((a, b) => order(a) - order(b) || (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
  const counts = Object.fromEntries(VERDICT_ORDER.map((v) => [v, candidates.filter((e) => e.verdict === v).length])) as Record<CandidateVerdict, number>;
  return { candidates, counts: { ...counts, total: candidates.length }, unaccounted };
}
