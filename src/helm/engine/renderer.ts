// Two ways to render a chart, one result shape: our engine (the default; no helm binary needed)
// and a real helm binary (`--renderer helm`), run as `helm template` with the same options.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChartError } from '../../util/errors.js';
import { withDefaultSignals } from '../../util/signal-default.js';
import type { Chart } from '../chart/types.js';
import type { HelmLine } from './defaults.js';
import { renderChart, type EngineRenderOptions } from './render-chart.js';
import type { RenderedDoc, RenderOptions, RenderReport } from './render-types.js';
import { isGoMap, parseYamlFirstDocument, YamlError } from '../values/yaml.js';
import { marshalYamlV2 } from '../../sprig/yaml-emit.js';

export interface Renderer {
  render(chart: Chart, opts: RenderOptions): Promise<RenderReport>;
  /** The Helm whose coalescing the renders follow, where known: values read beside a render agree with it. */
  readonly helmVersion?: HelmLine;
}

export class EngineRenderer implements Renderer {
  constructor(private readonly defaults: Pick<EngineRenderOptions, 'sprig' | 'helmVersion' | 'skipSchemaValidation'> = {}) {}
  get helmVersion(): HelmLine | undefined {
    return this.defaults.helmVersion;
  }
  async render(chart: Chart, opts: RenderOptions): Promise<RenderReport> {
    return withDefaultSignals(() => renderChart(chart, { ...this.defaults, ...opts }));
  }
}

/** `helm template` arguments for these options (values go through a temporary -f file). */
export function helmTemplateArgs(chartPath: string, o: RenderOptions, valuesFile?: string): string[] {
  const args = ['template', o.releaseName ?? 'release-name', chartPath, '--namespace', o.namespace ?? 'default'];
  if (o.kubeVersion) args.push('--kube-version', o.kubeVersion);
  for (const a of o.apiVersions ?? []) args.push('--api-versions', a);
  if (o.includeCrds) args.push('--include-crds');
  if (o.skipTests) args.push('--skip-tests');
  if (o.isUpgrade) args.push('--is-upgrade');
  if (o.skipSchemaValidation) args.push('--skip-schema-validation');
  for (const s of o.showOnly ?? []) args.push('--show-only', s);
  if (valuesFile) args.push('-f', valuesFile);
  return args;
}

/** Splits `helm template` output at its "# Source:" headers into RenderedDocs. */
export function parseHelmTemplateOutput(out: string): RenderedDoc[] {
  const docs: RenderedDoc[] = [];
  let last: string | undefined;
  for (const part of out.split(/^---\n/m)) {
    const m = /^# Source: (.*)\n/.exec(part);
    // a separator Helm's splitter left inside one template's manifest (two met, the first with its
    // blank lines taken): what follows is that template's, and `helm install` applies it too
    if (!m && (last === undefined || part.trim() === '')) continue;
    const template = m ? m[1]! : last!;
    last = template;
    const text = (m ? part.slice(m[0].length) : part).replace(/\n$/, '');
    const i = template.lastIndexOf('/templates/');
    const chart = i >= 0 ? template.slice(0, i) : template.slice(0, Math.max(0, template.lastIndexOf('/crds/')));
    let object: unknown;
    try {
      object = parseYamlFirstDocument(text, template) ?? null;
    } catch (e) {
      // Helm read it; only a limit of ours stops us: kept, named, skipped by discovery
      if (!(e instanceof YamlError && e.helmReads)) throw e;
      docs.push({ chart, template, text, object: null, unreadable: e.message });
      continue;
    }
    const annotations = isGoMap(object) && isGoMap(object.metadata) ? object.metadata.annotations : undefined;
    const hook = isGoMap(annotations) && 'helm.sh/hook' in annotations;
    docs.push(hook ? { chart, template, text, object, hook } : { chart, template, text, object });
  }
  return docs;
}

export class HelmBinaryRenderer implements Renderer {
  /** `helmBin`: path of the helm binary (the CLI passes $HELM_BIN). */
  constructor(
    private readonly helmBin: string,
    private readonly defaults: Pick<RenderOptions, 'skipSchemaValidation'> = {},
  ) {}

  async render(chart: Chart, opts: RenderOptions): Promise<RenderReport> {
    if (!chart.path) throw new ChartError(`chart ${chart.metadata.name}: the helm renderer needs a chart on disk`, { hint: 'use --renderer builtin' });
    const dir = await mkdtemp(join(tmpdir(), 'helm-airgap-values-'));
    try {
      const valuesFile = join(dir, 'values.yaml');
      await writeFile(valuesFile, marshalYamlV2(opts.values ?? {}));
      // execa loaded here only: the engine's renders (nearly all) never start a process
      const { execa } = await import('execa');
      const r = await execa(this.helmBin, helmTemplateArgs(chart.path, { ...this.defaults, ...opts }, valuesFile), { reject: false, maxBuffer: 1 << 30 });
      if (r.exitCode !== 0) {
        throw new ChartError(`${this.helmBin} template ${chart.path}: ${String(r.stderr).trim() || `exit code ${r.exitCode}`}`, {
          hint: 'run the same helm template command to see the failure',
        });
      }
      return { docs: parseHelmTemplateOutput(String(r.stdout)) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
