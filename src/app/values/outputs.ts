// The files `values` writes, one format each (--format): a values file per release, one for an
// umbrella chart, a charts map for a bootstrapper, or manifests with a kustomization. Each is
// written to a temporary name and renamed.
import { mkdirSync } from 'node:fs';
import { stringify } from 'yaml';
import { toChartRepository } from '../../ecr/naming.js';
import type { MappingTarget } from '../../overrides/image-mapping.js';
import type { Placement } from '../../overrides/placement.js';
import { formatOverrideFile } from '../../overrides/values-file.js';
import { confinedPath, writeFileAtomicIfChanged } from '../../util/atomic-write.js';
import { UsageError } from '../../util/errors.js';
import { kustomizeOutputs } from './kustomize.js';
import { buildUmbrella } from './umbrella.js';
import type { ReleaseResult, ValuesOptions, ValuesReport } from './values.js';

/** The files of the chosen format, each written to a temporary name and renamed. */
export async function writeOutputs(
  report: ValuesReport,
  results: readonly ReleaseResult[],
  o: ValuesOptions,
  target: MappingTarget | undefined,
  to: Placement,
): Promise<string[]> {
  mkdirSync(o.outDir, { recursive: true });
  const write = async (name: string, text: string) => {
    const path = confinedPath(o.outDir, name);
    // a drift check in CI writes the same overrides on every run: an unchanged file is left as it is
    await writeFileAtomicIfChanged(path, text);
    return path;
  };
  if (o.umbrella !== undefined && report.format !== 'umbrella-values')
    throw new UsageError(`--umbrella is for --format umbrella-values, not ${report.format}`, { hint: 'add --format umbrella-values' });
  if (report.format === 'umbrella-values') {
    const header = [
      `# helm-airgap values for an umbrella chart (helm install UMBRELLA -f this file): each dependency's override under its name or alias`,
      `# from: ${report.from}`,
      `# target: ${report.target}${target ? ` (naming: ${report.naming})` : ''}`,
      '# keys:',
    ];
    const u = await buildUmbrella({ releases: report.releases, umbrella: o.umbrella, renderer: o.renderer, to }, header);
    report.umbrella = u.report;
    return [await write('umbrella-values.yaml', u.text)];
  }
  if (report.format !== 'values' && !target)
    throw new UsageError(`--format ${report.format} needs --registry`, { hint: 'a mirror map writes --format values or umbrella-values' });
  if (report.format === 'charts-map') return [await write('charts-map.yaml', formatChartsMap(report, target!))];
  if (report.format === 'umbrella') return [await write('umbrella.values.yaml', formatChartsMap(report, target!))];
  if (report.format === 'kustomize') {
    const header = [
      `# helm-airgap kustomization: the manifests rendered beside it, with images: pointing them at the target (kubectl kustomize ${o.outDir})`,
      `# from: ${report.from}`,
      `# target: ${report.target}${target ? ` (naming: ${report.naming})` : ''}`,
    ];
    const k = await kustomizeOutputs(
      results.map((r) => r.rel),
      o.renderer,
      to,
      header,
    );
    report.kustomize = k.report;
    const files: string[] = [];
    for (const f of k.files) files.push(await write(f.name, f.text));
    return files;
  }
  const files: string[] = [];
  for (const { report: r } of results) {
    const header = {
      from: report.from,
      chart: `${r.chart} ${r.version}`,
      release: r.release,
      target: report.target,
      ...(target ? { naming: report.naming } : {}),
    };
    // a file the re-render did not prove never takes the name `helm install -f` reads: it is
    // kept beside it, named as rejected, for a look (the error names both)
    const name = r.problems.length > 0 ? `${r.release}.values.rejected.yaml` : `${r.release}.values.yaml`;
    files.push(await write(name, formatOverrideFile(r, header)));
  }
  return files;
}

/** The charts-map shape: where each chart is in the target and its override, for a bootstrapper. */
function formatChartsMap(r: ValuesReport, t: MappingTarget): string {
  const charts: Record<string, unknown> = {};
  for (const rel of r.releases) {
    const repo = toChartRepository(rel.chart, t.prefix ?? '').replace(/\/[^/]+$/, '');
    charts[rel.release] = { repository: `oci://${t.registry}/${repo}`, version: rel.version, values: rel.values };
  }
  return `# helm-airgap charts map: charts.<release> = chart repository, version and values override (from ${r.from}, target ${r.target}, naming ${r.naming})\n${stringify({ charts }, { lineWidth: 0 })}`;
}
