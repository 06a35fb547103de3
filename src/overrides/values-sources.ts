// The releases `values` works on: each chart of a bundle (archive read from the bundle's layout,
// user values from its lock) or each chart argument (resolved like `images` does).
import { openBundle, type OpenedBundle } from '../bundle/open.js';
import type { BundleLock, LockedChart } from '../bundle/lock.js';
import type { ImageSite } from '../discover/image-site.js';
import type { ChartSpec } from '../bundle/spec.js';
import { specUserValues } from '../bundle/spec-values.js';
import { resolveChart } from '../charts/resolve-chart.js';
import type { Chart } from '../helm/chart/types.js';
import { loadChartArchive } from '../helm/loader/load.js';
import { loadResolvedChart } from '../charts/chart-meta.js';
import type { Values } from '../helm/engine/render-types.js';
import { readUserValues } from '../helm/values/user-values.js';
import { fetchManifest, readAllBounded, successors } from '../oci/manifest.js';
import { MAX_CHART_BYTES } from '../charts/oci-chart.js';
import { chartRegistry, type ChartArgs } from '../charts/chart-args.js';
import type { Ctx } from '../util/ctx.js';
import { ArchiveError } from '../util/errors.js';

export interface ValuesRelease {
  chart: Chart;
  name: string;
  version: string;
  release: string;
  namespace: string;
  kubeVersion?: string;
  apiVersions?: string[];
  /** The user's values (chart defaults excluded). */
  values: Values;
  /** A GitOps release: the object that declared it (ChartSpec.origin), for --format gitops. */
  origin?: string;
  /** Bundles: the images carried (optional images get overrides only when carried). */
  carried?: ReadonlySet<string>;
  /**
   * Bundles: the images the bundle read from the chart's controllers' own images (builtin, with
   * evidence): no render names them, and no value moves them, so they are accounted for as the
   * operator's built-in defaults.
   */
  evidence?: ImageSite[];
}

export type { ChartArgs } from '../charts/chart-args.js';

/** The lock's sites of a chart read from its controllers' images (discover/evidence/), as discovery's sites. */
function evidenceSites(lock: BundleLock, chart: string): ImageSite[] {
  return lock.images.flatMap((i) =>
    i.sites
      .filter((s) => s.builtin?.evidence && (s.chart === chart || s.chart.startsWith(`${chart}/`)))
      .map(({ site, certainty, valuesPaths, builtin, ...source }) => ({
        ref: i.ref,
        raw: i.source,
        certainty,
        site,
        source: { chart: source.chart, template: source.template, kind: source.kind, name: source.name, fieldPath: source.fieldPath },
        valuesPaths,
        builtin: builtin!,
      })),
  );
}

/** Releases of a bundle (.tar, unpacked folder or its lock); a bundle without charts is a clear error. */
export async function bundleReleases(path: string): Promise<ValuesRelease[]> {
  const bundle = await openBundle(path);
  try {
    const lock = bundle.lock;
    if (lock.charts.length === 0)
      throw new ArchiveError(`${path}: the bundle holds no charts`, { hint: 'values overrides are per chart: bundle charts, not only images' });
    const carried = new Set(lock.images.map((i) => i.ref));
    const out: ValuesRelease[] = [];
    for (const c of lock.charts) {
      const chart = await loadChartArchive(await chartBytes(bundle, c), `${path}: chart ${c.name} ${c.version}`);
      out.push({
        chart,
        name: c.name,
        version: c.version,
        release: c.releaseName,
        namespace: c.namespace,
        kubeVersion: c.kubeVersion,
        values: c.values,
        carried,
        evidence: evidenceSites(lock, c.name),
      });
    }
    return out;
  } finally {
    await bundle.close();
  }
}

/** The chart archive: the layer of its Helm OCI manifest (which gives the size to read). */
async function chartBytes(bundle: OpenedBundle, c: LockedChart): Promise<Buffer> {
  const what = `${bundle.where}: chart ${c.name} ${c.version}`;
  const root = await bundle.store.resolve(c.layoutRef).catch((e: unknown) => {
    throw new ArchiveError(`${what} (${c.layoutRef}) is in the lock but not in the bundle`, {
      cause: e,
      hint: 'the bundle is incomplete; create it again with `helm airgap bundle`',
    });
  });
  const layer = successors(await fetchManifest(bundle.store, root, what)).find((d) => d.digest === c.digest);
  if (!layer)
    throw new ArchiveError(`${what}: its manifest has no layer ${c.digest}`, {
      hint: 'the bundle is damaged or altered; create it again with `helm airgap bundle`',
    });
  return readAllBounded(await bundle.store.fetch(layer), MAX_CHART_BYTES, what);
}

/** Releases of spec charts (--gitops), each resolved and valued as `images --gitops` and `bundle` do. */
export async function specReleases(specs: ChartSpec[], o: ChartArgs, ctx: Ctx = {}): Promise<ValuesRelease[]> {
  const registry = chartRegistry(o);
  const out: ValuesRelease[] = [];
  for (const spec of specs) {
    const r = await resolveChart(
      { chart: spec.chart, repo: spec.repo, version: spec.version, devel: spec.devel },
      { cacheDir: o.cacheDir, baseDir: o.baseDir, http: o.repoHttp, registry, repositories: o.repositories },
      ctx,
    );
    const chart = await loadResolvedChart(r);
    out.push({
      chart,
      name: r.name,
      version: r.version,
      release: spec.releaseName ?? r.name,
      namespace: spec.namespace ?? 'default',
      kubeVersion: spec.kubeVersion ?? o.kubeVersion,
      apiVersions: o.apiVersions,
      values: await specUserValues(spec, o.baseDir, () => Promise.resolve(chart)),
      origin: spec.origin,
    });
  }
  return out;
}

/** Releases for chart arguments, resolved as `images` and `bundle` resolve them. */
export async function chartArgReleases(o: ChartArgs, ctx: Ctx = {}): Promise<ValuesRelease[]> {
  const values = await readUserValues(o.values ?? {});
  const registry = chartRegistry(o);
  const out: ValuesRelease[] = [];
  for (const ref of o.charts) {
    // resolveChart's errors already name the chart
    const r = await resolveChart(
      { chart: ref, repo: o.repo, version: o.version, devel: o.devel },
      { cacheDir: o.cacheDir, baseDir: o.baseDir, http: o.repoHttp, registry, repositories: o.repositories },
      ctx,
    );
    const chart = await loadResolvedChart(r);
    out.push({
      chart,
      name: r.name,
      version: r.version,
      release: o.releaseName ?? r.name,
      namespace: o.namespace ?? 'default',
      kubeVersion: o.kubeVersion,
      apiVersions: o.apiVersions,
      values,
    });
  }
  return out;
}
