// `values --format umbrella-values`: the file an umbrella chart takes with -f, and, when the
// umbrella is given (--umbrella DIR|TGZ), its proof: the umbrella rendered with that file, every
// image of a dependency we wrote values for under the target.
import { stringify } from 'yaml';
import { readChart } from '../../helm/loader/load.js';
import type { Chart } from '../../helm/chart/types.js';
import type { Renderer } from '../../helm/engine/renderer.js';
import { discoverImages } from '../../discover/discover-images.js';
import type { ImageSource } from '../../discover/image-site.js';
import { umbrellaValues, type UmbrellaKey } from '../../overrides/umbrella-values.js';
import type { Placement } from '../../overrides/placement.js';
import { wrapError } from '../../util/errors.js';

export interface UmbrellaReport {
  /** The umbrella chart given with --umbrella, if any ("name version (path)"). */
  chart?: string;
  keys: UmbrellaKey[];
  notes: string[];
  /** Images of the umbrella's render outside the target that belong to a dependency we wrote for (fail). */
  problems: UnplacedImage[];
  /** The same in the umbrella's own templates or in dependencies no chart of ours covers (reported). */
  outside: UnplacedImage[];
}

export interface UnplacedImage {
  ref: string;
  where: ImageSource;
}

interface UmbrellaInput {
  releases: readonly { release: string; chart: string; values: Record<string, unknown>; hardcoded: { source: string }[]; testOnly: { source: string }[] }[];
  umbrella?: string;
  renderer: Renderer;
  to: Placement;
}

export async function buildUmbrella(i: UmbrellaInput, header: string[]): Promise<{ text: string; report: UmbrellaReport }> {
  const chart = i.umbrella !== undefined ? await readUmbrella(i.umbrella) : undefined;
  const deps = chart ? (chart.metadata.dependencies ?? []) : undefined;
  const u = umbrellaValues(i.releases, deps);
  const report: UmbrellaReport = { keys: u.keys, notes: u.notes, problems: [], outside: [] };
  if (chart) {
    report.chart = `${chart.metadata.name} ${chart.metadata.version} (${i.umbrella})`;
    const known = new Set(i.releases.flatMap((r) => [...r.hardcoded, ...r.testOnly].map((h) => h.source)));
    await proveUmbrella(chart, u.values, u.keys, i, known, report);
  }
  const lines = [...header, ...u.keys.map((k) => `#   ${k.key}: chart ${k.chart} (release ${k.release})`), ...u.notes.map((n) => `# note: ${n}`)];
  const body = Object.keys(u.values).length === 0 ? '{}\n' : stringify(u.values, { lineWidth: 0 });
  return { text: `${lines.join('\n')}\n${body}`, report };
}

async function readUmbrella(path: string): Promise<Chart> {
  try {
    return await readChart(path);
  } catch (e) {
    throw wrapError(`--umbrella ${path}`, e);
  }
}

async function proveUmbrella(
  chart: Chart,
  values: Record<string, unknown>,
  keys: readonly UmbrellaKey[],
  i: UmbrellaInput,
  known: ReadonlySet<string>,
  report: UmbrellaReport,
): Promise<void> {
  let docs;
  try {
    docs = (await i.renderer.render(chart, { values, releaseName: chart.metadata.name, namespace: 'default' })).docs;
  } catch (e) {
    throw wrapError(`--umbrella ${i.umbrella}: rendering the umbrella with the written values`, e);
  }
  // Helm names an aliased dependency's templates after the alias: top/charts/<alias>/templates/...
  const ours = keys.map((k) => `${chart.metadata.name}/charts/${k.key}/`);
  for (const s of discoverImages(docs)) {
    if (s.certainty !== 'certain' || i.to.placed(s.ref) || known.has(s.ref)) continue;
    const u = { ref: s.ref, where: s.source };
    (ours.some((p) => s.source.template.startsWith(p)) ? report.problems : report.outside).push(u);
  }
}
