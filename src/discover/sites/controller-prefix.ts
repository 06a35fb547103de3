// A CRD's schema default for an image that names no registry (`acme/agent:1.4.2`), run by a
// controller of the render that puts a registry or prefix of its own in front of the defaults it
// runs, read from an env var of its container the chart writes from a value (VictoriaMetrics
// operator's VM_CONTAINERREGISTRY: formatContainerImage in
// internal/controller/operator/factory/build/container.go joins it, with a `/` where it has none, to
// every default that names no registry; the Tekton operator's TEKTON_REGISTRY_OVERRIDE puts its value
// in place of the defaults' registry, tekton.dev/docs/operator/airgapimageconfiguration). Either way
// the value, set to the target's prefix for Docker Hub, makes the controller pull the target's copy
// of each such default: the site is tied to that value, and the values writer sets it
// (overrides/controller-prefix.ts), proven by the re-render's env var. Only while the value names
// Docker Hub or nothing: the image listed is then the one pulled. Pure.
import type { RenderedDoc } from '../../helm/engine/render-types.js';
import { sharedDocumentObject } from '../../helm/release/manifests.js';
import { isRecord } from '../../util/is-record.js';
import type { ImageSite, ValuesPart } from '../image-site.js';
import type { ImageValueLeaf } from '../values/types.js';
import { formatPath, type PathSegment } from '../field-path.js';
import { grantedWorkloads } from './pod-creators.js';
import { groupsRead } from './served-crd-defaults.js';
import { toImageRef } from '../image-ref.js';

/** An env var naming the registry or prefix a program puts in front of images: ACME_IMAGE_REGISTRY, VM_CONTAINERREGISTRY, X_IMAGE_PREFIX, X_REGISTRY_OVERRIDE. */
export const PREFIX_ENV = /(?:^|_)(?:(?:CONTAINER_?|IMAGE_|DOCKER_)?REGISTRY(?:_OVERRIDE|_PREFIX)?|(?:IMAGE|REPO|REPOSITORY)_PREFIX)$/;

/** A render's text read as values (the marker render's marked registry values, the probe render's stand-in hosts). */
export interface PrefixReading {
  docs: readonly RenderedDoc[];
  leafOf: (v: string) => ImageValueLeaf | undefined;
}

export interface ControllerEnv {
  /** The workload, `Kind/name`. */
  by: string;
  container: string;
  env: string;
}

const DOCKER_HUB = new Set(['', 'docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** The value of a controller container's env var in a render (the re-render's, for values' proof). */
export function controllerEnvValue(docs: readonly RenderedDoc[], c: ControllerEnv): string | undefined {
  for (const d of docs) {
    const env = containerEnv(sharedDocumentObject(d), c.by, c.container);
    const e = env?.find((x) => x.name === c.env);
    if (e) return typeof e.value === 'string' ? e.value : undefined;
  }
  return undefined;
}

/** The `env` entries of a named container of the workload `Kind/name` in a document, if it is that workload. */
function containerEnv(o: unknown, by: string, container: string): Record<string, unknown>[] | undefined {
  if (!isRecord(o) || !isRecord(o.metadata) || `${String(o.kind)}/${String(o.metadata.name)}` !== by) return undefined;
  const spec = isRecord(o.spec) && isRecord(o.spec.template) && isRecord(o.spec.template.spec) ? o.spec.template.spec : undefined;
  const c = (Array.isArray(spec?.containers) ? spec.containers : []).find((x) => isRecord(x) && x.name === container);
  return isRecord(c) && Array.isArray(c.env) ? c.env.filter(isRecord) : undefined;
}

/** A reference that names no registry: its first component has no `.` or `:` and is not localhost (or it has one component). */
const hostless = (raw: string): boolean => {
  const first = raw.split('/')[0]!;
  return !raw.includes('/') || !(/[.:]/.test(first) || first === 'localhost');
};

/** The workload serving each CRD default's kind (`Kind/name`): the schema default's `served`, else one whose role reads the group. */
function controllers(docs: readonly RenderedDoc[]): (s: ImageSite) => string | undefined {
  let readers: ReturnType<typeof grantedWorkloads> | undefined;
  return (s) => {
    if (s.served) return s.served.by;
    const crd = s.crdDefault?.crd ?? (s.source.kind === 'CustomResourceDefinition' ? s.source.name : undefined);
    if (crd === undefined) return undefined;
    const group = crd.slice(crd.indexOf('.') + 1);
    const w = (readers ??= grantedWorkloads(docs, groupsRead, ['*'])).find((r) => r.creates.includes(group) || r.creates.includes('*'));
    return w && `${w.kind}/${w.name}`;
  };
}

/** The registry or prefix env vars of the workload's containers that hold a value as written. */
function prefixEnvs(docs: readonly RenderedDoc[], by: string): { env: ControllerEnv; value: string }[] {
  const out: { env: ControllerEnv; value: string }[] = [];
  for (const d of docs) {
    const o = sharedDocumentObject(d);
    if (!isRecord(o) || !isRecord(o.spec) || !isRecord(o.spec.template) || !isRecord(o.spec.template.spec)) continue;
    const containers = Array.isArray(o.spec.template.spec.containers) ? o.spec.template.spec.containers.filter(isRecord) : [];
    for (const c of containers) {
      if (typeof c.name !== 'string') continue;
      for (const e of containerEnv(o, by, c.name) ?? [])
        if (typeof e.name === 'string' && PREFIX_ENV.test(e.name) && typeof e.value === 'string')
          out.push({ env: { by, container: c.name, env: e.name }, value: e.value });
    }
  }
  return out;
}

/** What the controller runs for a default under its env var's value: that value, a `/` where it ends with none, the default. */
export function composedDefault(value: string, raw: string): string | undefined {
  const v = value.trim().replace(/\/+$/, '');
  return toImageRef(v === '' ? raw.trim() : `${v}/${raw.trim()}`)?.normalized;
}

/**
 * The sites with each CRD default (a resource of the render that leaves the field out, or the
 * schema's default a workload of the render serves) that a serving controller prefixes tied to the
 * value the chart writes that env var from: `prefixedBy` names the env var, the value is the site's
 * registry part. `readings` say which value a render's string is.
 */
export function withControllerPrefixes(sites: readonly ImageSite[], docs: readonly RenderedDoc[], readings: readonly PrefixReading[]): ImageSite[] {
  const candidates = sites.filter((s) => (s.crdDefault || s.served) && (s.valuesParts ?? []).length === 0 && hostless(s.raw.trim()));
  if (candidates.length === 0) return [...sites];
  const controllerOf = controllers(docs);
  const tied = new Map<string, { env: ControllerEnv; part: ValuesPart } | undefined>();
  const tie = (by: string) => {
    if (!tied.has(by)) tied.set(by, prefixOf(docs, by, readings));
    return tied.get(by);
  };
  return sites.map((s) => {
    const by = candidates.includes(s) ? controllerOf(s) : undefined;
    const t = by === undefined ? undefined : tie(by);
    return t ? { ...s, valuesPaths: [t.part.path], valuesParts: [t.part], prefixedBy: t.env } : s;
  });
}

/** The workload's prefix env var that names Docker Hub or nothing, and the value a reading shows it written from. */
function prefixOf(docs: readonly RenderedDoc[], by: string, readings: readonly PrefixReading[]): { env: ControllerEnv; part: ValuesPart } | undefined {
  for (const { env, value } of prefixEnvs(docs, by)) {
    if (!DOCKER_HUB.has(value.trim().replace(/\/+$/, ''))) continue;
    for (const r of readings) {
      const v = controllerEnvValue(r.docs, env);
      const leaf = v === undefined ? undefined : r.leafOf(v.trim().replace(/\/+$/, ''));
      if (leaf) return { env, part: { path: leaf.path, part: 'registry', value: leaf.value } };
    }
  }
  return undefined;
}

/**
 * A post-render stream's CRD defaults (a resource that leaves the field out, or the CRD's own
 * default) naming no registry, each with what its serving controller composes under its registry
 * or prefix env var as the stream has it, where `placed` says that is where it belongs already:
 * `values` moved them through that env var, so the post-renderer leaves them as they are.
 */
export function composedByController(sites: readonly ImageSite[], docs: readonly RenderedDoc[], placed: (ref: string) => boolean): Map<ImageSite, string> {
  const out = new Map<ImageSite, string>();
  const candidates = sites.filter((s) => (s.crdDefault || s.source.kind === 'CustomResourceDefinition') && hostless(s.raw.trim()));
  if (candidates.length === 0) return out;
  const controllerOf = controllers(docs);
  for (const s of candidates) {
    const by = controllerOf(s);
    const ref =
      by === undefined
        ? undefined
        : prefixEnvs(docs, by)
            .map((e) => composedDefault(e.value, s.raw))
            .find((r) => r !== undefined && placed(r));
    if (ref) out.set(s, ref);
  }
  return out;
}

/** A values key that may hold a registry or prefix a program reads: defaultRegistry, imagePrefix, registry_prefix. */
const PREFIX_KEY = /(registry|prefix)$/i;
const NOT_PREFIX = /pull|secret|credential|password|username|config|url$/i;

/**
 * Values left empty (or null) under a key naming a registry or prefix (`defaultRegistry: ""`): no
 * marker shows an empty value, so where a controller's prefix env var renders empty the caller
 * probes these with stand-in hosts to learn which one writes it. Bounded in depth.
 */
export function emptyPrefixValues(values: Record<string, unknown>, skip: ReadonlySet<string> = new Set()): ImageValueLeaf[] {
  const out: ImageValueLeaf[] = [];
  const segs: PathSegment[] = [];
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || segs.length > 8) return;
    for (const [k, x] of Object.entries(v)) {
      segs.push(k);
      const path = formatPath(segs);
      if ((x === '' || x === null) && PREFIX_KEY.test(k) && !NOT_PREFIX.test(k) && !skip.has(path))
        out.push({ path, segments: [...segs], part: 'registry', value: '' });
      else visit(x);
      segs.pop();
    }
  };
  visit(values);
  return out;
}

/** Whether a site is a CRD default a controller may prefix that no value is tied to yet. */
export const untiedDefault = (s: ImageSite): boolean =>
  (s.crdDefault !== undefined || s.served !== undefined) && !s.prefixedBy && (s.valuesParts ?? []).length === 0;
