// `helm airgap template`: load a local chart (folder or .tgz), build the user's values as Helm
// does, render with our engine (or a helm binary) and return the documents plus `helm template`'s
// text output.

import { readChart } from '../../helm/chart-loader.js';
import { formatManifests } from '../../helm/manifests.js';
import { EngineRenderer, HelmBinaryRenderer, type Renderer } from '../../helm/renderer.js';
import type { RenderOptions, RenderReport } from '../../helm/render-types.js';
import { readUserValues, type ValuesFlags } from '../../helm/values.js';
import type { Ctx } from '../../util/ctx.js';
import { UsageError } from '../../util/errors.js';

export interface TemplateOptions extends ValuesFlags, Omit<RenderOptions, 'values'> {
  /** A chart folder or .tgz. */
  chart: string;
  renderer?: 'builtin' | 'helm';
  /** The helm binary for renderer 'helm' (the CLI passes $HELM_BIN). */
  helmBin?: string;
}

export interface TemplateReport extends RenderReport {
  chart: { name: string; version: string };
  /** The documents as `helm template` prints them. */
  manifest: string;
}

function pickRenderer(o: TemplateOptions): Renderer {
  if ((o.renderer ?? 'builtin') === 'builtin') return new EngineRenderer();
  if (!o.helmBin) throw new UsageError('--renderer helm needs a helm binary', { hint: 'run as a helm plugin (helm sets $HELM_BIN) or use --renderer builtin' });
  return new HelmBinaryRenderer(o.helmBin);
}

export async function templateChart(o: TemplateOptions, ctx: Ctx = {}): Promise<TemplateReport> {
  const renderer = pickRenderer(o);
  const chart = await readChart(o.chart);
  ctx.signal?.throwIfAborted();
  const values = await readUserValues(o);
  const { chart: _path, renderer: _r, helmBin: _h, valueFiles: _v, set: _s, setString: _ss, setJson: _sj, setFile: _sf, setLiteral: _sl, ...renderOpts } = o;
  const report = await renderer.render(chart, { ...renderOpts, values });
  return { ...report, chart: { name: chart.metadata.name, version: chart.metadata.version }, manifest: formatManifests(report.docs) };
}
