// The objects templates see besides .Values, shaped as Helm 4 passes them: .Release and
// .Template are maps, .Chart is Chart.yaml as a map keyed by Go field names plus IsRoot,
// .Capabilities and .Files are structs (class instances: the engine exposes their fields and
// methods), and .Files.Glob returns a map (so `range $path, $bytes := .Files.Glob ...` works) that
// still answers .Files' methods (.Get, .AsConfig, .AsSecrets...).

import { withMapMethods } from '../../template/map-methods.js';
import { marshalYamlV2 } from '../../sprig/yaml-emit.js';
import { ChartError } from '../../util/errors.js';
import type { Chart, ChartFile, ChartMetadata, Dependency } from '../chart/types.js';
import { goPathGlob } from './files-glob.js';
import { bytesText } from '../loader/load.js';
import type { Values } from './render-types.js';

const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
const toBase64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
const toYaml = (m: Record<string, string>): string => marshalYamlV2(m).replace(/\n$/, '');

function asConfig(files: Map<string, Uint8Array>): string {
  const m: Record<string, string> = {};
  for (const [k, v] of files) m[base(k)] = bytesText(v);
  return toYaml(m);
}

function asSecrets(files: Map<string, Uint8Array>): string {
  const m: Record<string, string> = {};
  for (const [k, v] of files) m[base(k)] = toBase64(v);
  return toYaml(m);
}

/** .Files: the chart's non-template files. */
export class Files {
  private readonly byName: Map<string, Uint8Array>;
  constructor(files: ChartFile[] | Map<string, Uint8Array>) {
    this.byName = files instanceof Map ? files : new Map(files.map((f) => [f.name, f.data]));
  }
  GetBytes(name: string): Uint8Array {
    return this.byName.get(name) ?? new Uint8Array();
  }
  Get(name: string): string {
    // decoded once per file: charts pass big files through tpl in every render (the same string
    // each time lets the parse memos find it by its cached hash)
    return bytesText(this.GetBytes(name));
  }
  /**
   * A map name -> bytes (Helm returns a files map: `range $path, $bytes := .Files.Glob ...`) that
   * answers .Files' own methods on what it holds (`(.Files.Glob "conf/*").Get "conf/a.yaml"`,
   * `.AsConfig`).
   */
  Glob(pattern: string): Values {
    const match = goPathGlob(pattern);
    const hits = new Map([...this.byName].filter(([n]) => match(n)));
    const out: Values = {};
    for (const [k, v] of hits) out[k] = v;
    const sub = new Files(hits);
    return withMapMethods(out, {
      Get: (name: unknown) => sub.Get(String(name)),
      GetBytes: (name: unknown) => sub.GetBytes(String(name)),
      Glob: (p: unknown) => sub.Glob(String(p)),
      Lines: (name: unknown) => sub.Lines(String(name)),
      AsConfig: () => sub.AsConfig,
      AsSecrets: () => sub.AsSecrets,
    });
  }
  Lines(name: string): string[] {
    const s = this.Get(name);
    if (s === '') return [];
    return (s.endsWith('\n') ? s.slice(0, -1) : s).split('\n');
  }
  get AsConfig(): string {
    return asConfig(this.byName);
  }
  get AsSecrets(): string {
    return asSecrets(this.byName);
  }
}

/** .Capabilities.KubeVersion: prints as the normalised version; Version keeps what was given. */
export class KubeVersion {
  constructor(
    readonly Version: string,
    readonly Major: string,
    readonly Minor: string,
    private readonly normalized: string,
  ) {}
  // Zero-argument methods are getters: the template engine then treats them as fields, which
  // is what a Go template sees for a method without arguments.
  get String(): string {
    return this.normalized;
  }
  get GitVersion(): string {
    return this.Version;
  }
  /**
   * How {{ .Capabilities.KubeVersion }} prints: Go uses String() on the addressable field. (Passed
   * to printf as a value Go prints the struct instead; the engine has one formatting path, and the
   * direct print is the common one.)
   */
  toGoString(): string {
    return this.normalized;
  }
}

/**
 * chartutil.VersionSet: a []string with a Has method, so `len`, `range`, `index` and `has` see a
 * slice (as in Helm) and `.Capabilities.APIVersions.Has "x"` still works.
 */
export type VersionSet = string[];

export function versionSet(list: readonly string[]): VersionSet {
  const set = [...new Set(list)];
  return withMapMethods(set, { Has: (apiVersion: string) => set.includes(apiVersion) });
}

export class BuildInfo {
  constructor(
    readonly Version: string,
    readonly GitCommit = '',
    readonly GitTreeState = 'clean',
    readonly GoVersion = 'go1.25.9',
  ) {}
}

export class Capabilities {
  constructor(
    readonly KubeVersion: KubeVersion,
    readonly APIVersions: VersionSet,
    readonly HelmVersion: BuildInfo,
  ) {}
}

/** k8s version.ParseGeneric as Helm 4 uses it for --kube-version ("1.36", "v1.36.0", "v1.33.4-gke.1"). */
export function parseKubeVersion(s: string): KubeVersion {
  const m = /^v?([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?/.exec(s.trim());
  if (!m || m[2] === undefined) {
    throw new ChartError(`invalid kube version ${JSON.stringify(s)}`, { hint: 'write it like v1.36.0 or 1.36' });
  }
  const comps = [m[1], m[2], ...(m[3] !== undefined ? [m[3]] : [])].map((c) => String(Number(c)));
  const orig = s.trim().startsWith('v') ? s.trim() : `v${s.trim()}`;
  return new KubeVersion(orig, comps[0], comps[1], `v${comps.join('.')}`);
}

const depMap = (d: Dependency): Values => ({
  Name: d.name,
  Version: d.version ?? '',
  Repository: d.repository ?? '',
  Condition: d.condition ?? '',
  Tags: [...(d.tags ?? [])],
  Enabled: d.enabled ?? false,
  ImportValues: [...(d['import-values'] ?? [])],
  Alias: d.alias ?? '',
});

/** .Chart as Helm 4 passes it: Metadata's Go field names, slices never nil, plus IsRoot. */
export function chartObject(c: Chart): Values {
  const md: ChartMetadata = c.metadata;
  return {
    Name: md.name,
    Home: md.home ?? '',
    Sources: [...(md.sources ?? [])],
    Version: md.version,
    Description: md.description ?? '',
    Keywords: [...(md.keywords ?? [])],
    Maintainers: (md.maintainers ?? []).map((m) => ({ Name: m.name ?? '', Email: m.email ?? '', URL: m.url ?? '' })),
    Icon: md.icon ?? '',
    APIVersion: md.apiVersion,
    Condition: md.condition ?? '',
    Tags: md.tags ?? '',
    AppVersion: md.appVersion ?? '',
    Deprecated: md.deprecated ?? false,
    Annotations: { ...(md.annotations ?? {}) },
    KubeVersion: md.kubeVersion ?? '',
    Dependencies: (md.dependencies ?? []).map(depMap),
    Type: md.type ?? '',
    IsRoot: c.parent === undefined,
  };
}

export interface ReleaseInfo {
  name: string;
  namespace: string;
  isUpgrade: boolean;
}

export function releaseObject(r: ReleaseInfo): Values {
  return { Name: r.name, Namespace: r.namespace, IsUpgrade: r.isUpgrade, IsInstall: !r.isUpgrade, Revision: 1n, Service: 'Helm' };
}
