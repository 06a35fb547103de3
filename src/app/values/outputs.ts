// The files `values` writes, one format each (--format): a values file per release, one for an
// umbrella chart, a charts map for a bootstrapper, or manifests with a kustomization. Each is
// written to a temporary name and renamed. A file whose proof failed (the re-render, or the
// registry check), and every file of a run that exits non-zero, is written as NAME.yaml.rejected, which `-f values/*.yaml` does not take, and
// the file of the accepted name from an earlier run is removed: it points where this run showed
// is wrong.
import { existsSync, mkdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { stringify } from 'yaml';
import { toChartRepository } from '../../ecr/naming.js';
import type { MappingTarget } from '../../overrides/image-mapping.js';
import type { Placement } from '../../overrides/placement.js';
import { formatOverrideFile } from '../../overrides/values-file.js';
import { confinedPath, writeFileAtomicIfChanged } from '../../util/atomic-write.js';
import { UsageError } from '../../util/errors.js';
import { kustomizeOutputs } from './kustomize.js';
import { buildUmbrella } from './umbrella.js';
import type { ReleaseResult, ValuesOptions, ValuesReport } from './values-types.js';

/** The files of the chosen format, each written to a temporary name and renamed. */
export async function writeOutputs(
  report: ValuesReport,
  results: readonly ReleaseResult[],
  o: ValuesOptions,
  target: MappingTarget | undefined,
  to: Placement,
  refused = false,
): Promise<string[]> {
  if (report.format === 'gitops') return gitopsOutputs(report, results, o, target, refused);
  mkdirSync(o.outDir, { recursive: true });
  const registryFailed = (targets: readonly string[]) => {
    const c = report.registryCheck;
    if (!c) return false;
    const bad = new Set([...c.missing, ...(c.different ?? []).map((d) => d.target)]);
    return targets.some((t) => bad.has(t));
  };
  const allTargets = report.releases.flatMap((r) => r.images.map((i) => i.target));
  const write = async (name: string, text: string, rejected = registryFailed(allTargets)) => {
    rejected ||= refused;
    const path = confinedPath(o.outDir, name);
    const rejectedPath = `${path}${REJECTED}`;
    // a drift check in CI writes the same overrides on every run: an unchanged file is left as it is
    await writeFileAtomicIfChanged(rejected ? rejectedPath : path, text);
    // the other name is rarely there: asked first, as a failed removal's error costs more than the write (0.85 ms a run)
    const other = rejected ? path : rejectedPath;
    if (existsSync(other)) await rm(other, { force: true });
    return rejected ? rejectedPath : path;
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
    return [await write('umbrella-values.yaml', u.text, registryFailed(allTargets) || u.report.problems.length > 0)];
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
    // a file the re-render or the registry did not prove never takes the name `helm install -f`
    // reads: it is kept beside it, named as rejected, for a look (the error names it)
    const rejected = r.problems.length > 0 || registryFailed(r.images.map((i) => i.target));
    files.push(await write(`${r.release}.values.yaml`, formatOverrideFile(r, header), rejected));
  }
  return files;
}

/** --format gitops: the objects rewritten in place; nothing written when a release's proof failed. */
async function gitopsOutputs(
  report: ValuesReport,
  results: readonly ReleaseResult[],
  o: ValuesOptions,
  target: MappingTarget | undefined,
  refused: boolean,
): Promise<string[]> {
  if (!target || !o.gitops)
    throw new UsageError('--format gitops rewrites the objects --gitops read, to install from --registry', {
      hint: 'helm airgap values --gitops DIR --registry TARGET[/PREFIX] --format gitops',
    });
  const failed = report.releases.filter((r) => r.problems.length > 0).map((r) => r.release);
  if (failed.length > 0) {
    report.note = `nothing rewritten: the proof of ${failed.join(', ')} failed`;
    return [];
  }
  if (refused) {
    report.note = 'nothing rewritten: images would still be pulled from outside the target (named below)';
    return [];
  }
  const c = report.registryCheck;
  const absent = c ? [...c.missing, ...(c.different ?? []).map((d) => d.target)] : [];
  if (absent.length > 0) {
    report.note = `nothing rewritten: the registry lacks or serves otherwise ${absent.join(', ')}`;
    return [];
  }
  const { rewriteGitops } = await import('../../overrides/gitops-rewrite.js');
  const { OVERLAY_PATCH } = await import('../../overrides/gitops-overlay-patch.js');
  const { buildKustomization } = await import('../kustomize/build.js');
  const home = (chart: string) => `${target.registry}/${toChartRepository(chart, target.prefix ?? '').replace(/\/[^/]+$/, '')}`;
  const overrides = results.map(({ rel, report: r }) => ({
    ...(rel.origin ? { origin: rel.origin } : {}),
    release: rel.release,
    namespace: rel.namespace,
    chart: rel.name,
    version: rel.version,
    values: r.values,
  }));
  // the overlays read as the releases were: without the patch file an earlier run wrote
  const rewrite = await rewriteGitops(o.gitops.inputs, o.gitops.cwd, overrides, home, {
    build: (dir, shown) => buildKustomization(dir, shown, { without: OVERLAY_PATCH }),
  });
  if (rewrite.notes.length > 0) report.note = rewrite.notes.join('\n');
  return rewrite.written;
}

/** Files already written renamed as rejected (the run fails after all): the list with their new names. */
export async function rejectWritten(files: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const f of files) {
    if (f.endsWith(REJECTED)) {
      out.push(f);
      continue;
    }
    await rename(f, `${f}${REJECTED}`);
    out.push(`${f}${REJECTED}`);
  }
  return out;
}

/** Appended to the name of a file whose proof failed: no `*.yaml` glob takes it. */
export const REJECTED = '.rejected';

/** The charts-map shape: where each chart is in the target and its override, for a bootstrapper. */
function formatChartsMap(r: ValuesReport, t: MappingTarget): string {
  const charts: Record<string, unknown> = {};
  for (const rel of r.releases) {
    const repo = toChartRepository(rel.chart, t.prefix ?? '').replace(/\/[^/]+$/, '');
    charts[rel.release] = { repository: `oci://${t.registry}/${repo}`, version: rel.version, values: rel.values };
  }
  return `# helm-airgap charts map: charts.<release> = chart repository, version and values override (from ${r.from}, target ${r.target}, naming ${r.naming})\n${stringify({ charts }, { lineWidth: 0 })}`;
}
