// Flux HelmReleases (helm.toolkit.fluxcd.io/v2) as releases, with the sources they name found
// among the same files: spec.chart.spec.sourceRef → HelmRepository (default, or type: oci), or
// spec.chartRef → OCIRepository (ref.tag or ref.semver). Values in helm-controller's order:
// each valuesFrom (ConfigMap or Secret key, default values.yaml) merged in turn, or set at its
// targetPath (a quoted value as a string), then spec.values merged over them; chart.spec.valuesFiles
// (files inside the chart) first, in place of the chart's values.yaml.
import type { GitopsFile } from './source-tree.js';
import { type ObjectNode, type Path } from './object-node.js';
import { chartAt, type GitopsRelease, type ValuesLayer } from './release.js';
import { createHash } from 'node:crypto';

const HR = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];
const HR_SPEC = [
  'chart',
  'chartRef',
  'interval',
  'kubeConfig',
  'suspend',
  'releaseName',
  'targetNamespace',
  'storageNamespace',
  'dependsOn',
  'timeout',
  'maxHistory',
  'serviceAccountName',
  'persistentClient',
  'driftDetection',
  'install',
  'upgrade',
  'test',
  'rollback',
  'uninstall',
  'valuesFrom',
  'values',
  'postRenderers',
  'commonMetadata',
];
const CHART_SPEC = ['chart', 'version', 'sourceRef', 'interval', 'reconcileStrategy', 'valuesFiles', 'verify', 'ignoreMissingValuesFiles'];
const VALUES_FROM = ['kind', 'name', 'valuesKey', 'targetPath', 'optional'];

export function isFluxHelmRelease(o: ObjectNode): boolean {
  return (o.str(['apiVersion']) ?? '').startsWith('helm.toolkit.fluxcd.io/') && o.str(['kind']) === 'HelmRelease';
}

/** The objects a HelmRelease may name, by kind/namespace/name. */
export class FluxSources {
  private readonly byKey = new Map<string, ObjectNode>();
  private readonly files = new Map<ObjectNode, GitopsFile>();
  fileOf(o: ObjectNode): GitopsFile {
    return this.files.get(o)!;
  }
  add(o: ObjectNode, file: GitopsFile): void {
    const kind = o.str(['kind']);
    const api = o.str(['apiVersion']) ?? '';
    const flux = api.startsWith('source.toolkit.fluxcd.io/') && (kind === 'HelmRepository' || kind === 'OCIRepository');
    const core = api === 'v1' && (kind === 'ConfigMap' || kind === 'Secret');
    if (!flux && !core) return;
    this.byKey.set(`${kind}/${o.str(['metadata', 'namespace']) ?? ''}/${o.str(['metadata', 'name']) ?? ''}`, o);
    this.files.set(o, file);
  }
  find(kind: string, namespace: string, name: string): ObjectNode | undefined {
    return this.byKey.get(`${kind}/${namespace}/${name}`) ?? this.byKey.get(`${kind}//${name}`);
  }
}

export function helmReleaseReleases(o: ObjectNode, file: GitopsFile, sources: FluxSources): GitopsRelease[] {
  o.knownKeys([], HR, 'the HelmRelease');
  o.knownKeys(['spec'], HR_SPEC, 'HelmRelease spec');
  const name = o.str(['metadata', 'name']) ?? o.fail(['metadata'], 'the HelmRelease has no metadata.name');
  const ns = o.str(['metadata', 'namespace']) ?? '';
  if (o.has(['spec', 'postRenderers']))
    o.fail(['spec', 'postRenderers'], 'spec.postRenderers is not read (it can change images)', 'remove it, or bundle this release with airgap.yaml');
  const target = o.str(['spec', 'targetNamespace']);
  const releaseName = o.str(['spec', 'releaseName']) ?? shortenName(target ? `${target}-${name}` : name);
  const { source, ...chart } = chartOf(o, ns, sources);
  return [
    {
      source: 'HelmRelease',
      ...chart,
      releaseName,
      ...((target ?? ns) ? { namespace: target ?? ns } : {}),
      layers: [...chartValuesFiles(o), ...valuesLayers(o, ns, sources)],
      replaceChartValues: true,
      origin: o.at([]),
      edit: {
        tool: 'flux',
        file,
        doc: o.index,
        chartSource: { file: sources.fileOf(source), doc: source.index, kind: source.str(['kind']) as 'HelmRepository' | 'OCIRepository' },
      },
    },
  ];
}

/** helm-controller's release name past 53 characters: 40 of them, '-', 12 hex of its SHA-256. */
function shortenName(n: string): string {
  if (n.length <= 53) return n;
  return `${n.slice(0, 40)}-${createHash('sha256').update(n).digest('hex').slice(0, 12)}`.toLowerCase();
}

function chartOf(o: ObjectNode, ns: string, sources: FluxSources): { chart: string; repo?: string; version?: string; source: ObjectNode } {
  if (o.has(['spec', 'chartRef'])) {
    const p: Path = ['spec', 'chartRef'];
    o.knownKeys(p, ['apiVersion', 'kind', 'name', 'namespace'], 'chartRef');
    const kind = o.str([...p, 'kind']);
    if (kind !== 'OCIRepository')
      o.fail(p, `chartRef kind ${kind ?? '(none)'} is not read: only OCIRepository`, 'point chartRef at an OCIRepository, or use spec.chart.spec');
    const ref = o.str([...p, 'name']) ?? o.fail(p, 'chartRef has no name');
    const repo = sources.find('OCIRepository', o.str([...p, 'namespace']) ?? ns, ref) ?? missing(o, p, 'OCIRepository', ref);
    const url = repo.str(['spec', 'url']) ?? repo.fail(['spec'], `OCIRepository ${ref} has no spec.url`);
    if (repo.has(['spec', 'ref', 'digest'])) repo.fail(['spec', 'ref', 'digest'], 'ref.digest is not read', 'name the chart version in ref.tag or ref.semver');
    const version = repo.str(['spec', 'ref', 'tag']) ?? repo.str(['spec', 'ref', 'semver']);
    return { chart: url, ...(version !== undefined ? { version } : {}), source: repo };
  }
  const p: Path = ['spec', 'chart', 'spec'];
  if (!o.has(p)) o.fail(['spec'], 'the HelmRelease has neither spec.chart.spec nor spec.chartRef');
  o.knownKeys(p, CHART_SPEC, 'chart.spec');
  const chart = o.str([...p, 'chart']) ?? o.fail(p, 'chart.spec has no chart');
  const s = [...p, 'sourceRef'];
  const kind = o.str([...s, 'kind']);
  if (kind !== 'HelmRepository')
    o.fail(
      s,
      `sourceRef kind ${kind ?? '(none)'} is not read: only HelmRepository`,
      'serve the chart from a HelmRepository, or give it to airgap.yaml as path:',
    );
  const ref = o.str([...s, 'name']) ?? o.fail(s, 'sourceRef has no name');
  const repo = sources.find('HelmRepository', o.str([...s, 'namespace']) ?? ns, ref) ?? missing(o, s, 'HelmRepository', ref);
  const url = repo.str(['spec', 'url']) ?? repo.fail(['spec'], `HelmRepository ${ref} has no spec.url`);
  const version = o.str([...p, 'version']);
  return { ...chartAt(url, chart, repo.str(['spec', 'type']) === 'oci'), ...(version !== undefined && version !== '*' ? { version } : {}), source: repo };
}

function missing(o: ObjectNode, p: Path, kind: string, name: string): never {
  return o.fail(p, `${kind} ${name} is not among the files given`, `add the ${kind} to the folder given to --gitops (or the stream on stdin)`);
}

/** chart.spec.valuesFiles: files inside the chart merged in order in place of its values.yaml, as source-controller builds it. */
function chartValuesFiles(o: ObjectNode): ValuesLayer[] {
  const p: Path = ['spec', 'chart', 'spec'];
  const optional = o.bool([...p, 'ignoreMissingValuesFiles']);
  const at = `${o.at([...p, 'valuesFiles'])} (HelmRelease ${o.str(['metadata', 'name']) ?? ''})`;
  return Array.from({ length: o.count([...p, 'valuesFiles']) }, (_, i) => ({
    chartFile: o.str([...p, 'valuesFiles', i]) ?? o.fail([...p, 'valuesFiles', i], 'an empty valuesFiles entry'),
    at,
    optional,
  }));
}

function valuesLayers(o: ObjectNode, ns: string, sources: FluxSources): ValuesLayer[] {
  const out: ValuesLayer[] = [];
  for (let i = 0; i < o.count(['spec', 'valuesFrom']); i++) {
    const p = ['spec', 'valuesFrom', i];
    o.knownKeys(p, VALUES_FROM, 'valuesFrom');
    const kind = o.str([...p, 'kind']);
    if (kind !== 'ConfigMap' && kind !== 'Secret') o.fail(p, `valuesFrom kind ${kind ?? '(none)'}: use ConfigMap or Secret`);
    const name = o.str([...p, 'name']) ?? o.fail(p, 'valuesFrom has no name');
    const key = o.str([...p, 'valuesKey']) ?? 'values.yaml';
    const src = sources.find(kind, ns, name);
    if (!src) {
      if (o.bool([...p, 'optional'])) continue;
      o.fail(
        p,
        `valuesFrom ${kind} ${name} is not among the files given`,
        `add the ${kind} to the tree given to --gitops (or mark it optional: true, as Flux skips it then)`,
      );
    }
    const text = dataOf(src, kind, key, name);
    if (text === undefined) {
      if (o.bool([...p, 'optional'])) continue;
      o.fail(p, `${kind} ${name} has no key ${key}`, `add ${key} to the ${kind}, or set valuesKey`);
    }
    const at = o.at(p);
    const targetPath = o.str([...p, 'targetPath']);
    if (targetPath === undefined) out.push({ text, name: `${src.at([])} ${kind} ${name} ${key}`, at });
    else {
      const quoted = (text.startsWith("'") && text.endsWith("'")) || (text.startsWith('"') && text.endsWith('"'));
      out.push(
        quoted ? { set: `${targetPath}=${text.replace(/^['"]+|['"]+$/g, '')}`, mode: 'string', at } : { set: `${targetPath}=${text}`, mode: 'typed', at },
      );
    }
  }
  if (o.has(['spec', 'values'])) out.push({ values: o.values(['spec', 'values'], 'spec.values'), at: o.at(['spec', 'values']) });
  return out;
}

/** A key of a ConfigMap (data) or Secret (stringData over base64 data); text only. */
function dataOf(src: ObjectNode, kind: string, key: string, name: string): string | undefined {
  if (kind === 'Secret') {
    const plain = src.str(['stringData', key]);
    if (plain !== undefined) return plain;
    const b64 = src.str(['data', key]);
    if (b64 === undefined) return undefined;
    if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(b64)) src.fail(['data', key], `Secret ${name} data.${key} is not base64`);
    const bytes = Buffer.from(b64, 'base64');
    const text = bytes.toString('utf8');
    if (!Buffer.from(text, 'utf8').equals(bytes) || text.includes('\0'))
      src.fail(['data', key], `Secret ${name} data.${key} is binary, not YAML values text`, 'give values as text (YAML) in the Secret');
    return text;
  }
  if (src.has(['binaryData', key]))
    src.fail(['binaryData', key], `ConfigMap ${name} binaryData.${key} is binary, not YAML values text`, 'put the values in data:');
  return src.str(['data', key]);
}
