// The override file as written: a comment header (bundle, target, each image's source and where
// it goes) over the values tree, so a reviewer sees why each key is there.
import { stringify } from 'yaml';
import type { ValuesOverride } from './values-writer.js';

export interface OverrideHeader {
  /** The bundle file, or the chart arguments it came from. */
  from: string;
  chart: string;
  release: string;
  /** TARGET[/PREFIX] as given. */
  target: string;
  /** Absent for a mirror map (names are the map's). */
  naming?: string;
}

export function formatOverrideFile(
  o: Omit<ValuesOverride, 'unpinned'> & { testOnly?: ValuesOverride['hardcoded']; unpinned?: ValuesOverride['unpinned'] },
  h: OverrideHeader,
): string {
  const lines = [
    `# helm-airgap values override for release ${h.release} (chart ${h.chart})`,
    `# from: ${h.from}`,
    `# target: ${h.target}${h.naming ? ` (naming: ${h.naming})` : ''}`,
    '# images:',
    ...uniqueBy(o.images, (i) => i.source).map((i) => `#   ${i.source} -> ${i.target} (${i.paths.join(', ')})`),
    ...o.hardcoded.map((i) => `#   ${i.source}: hard-coded in ${i.where.template} (not settable by values; use \`helm airgap postrender\`)`),
    ...(o.testOnly ?? []).map((i) => `#   ${i.source}: used only by helm test (${i.where.template}); not settable by values`),
    ...uniqueBy(o.unpinned ?? [], (i) => i.source).map((i) => `#   ${i.source}: NOT pinned to a digest (${i.why})`),
    ...(o.asks ?? []).map((a) => `# also set: ${a.path}=${JSON.stringify(a.value)}: ${a.why}`),
  ];
  const body = Object.keys(o.values).length === 0 ? '{}\n' : stringify(o.values, { lineWidth: 0 });
  return `${lines.join('\n')}\n${body}`;
}

function uniqueBy<T>(xs: readonly T[], k: (x: T) => string): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => !seen.has(k(x)) && seen.add(k(x)) !== undefined);
}
