// A registry set once above the component blocks of an operator's config (Istio's `hub`/`tag`,
// piraeus's `base`, a `defaults: {registry}`): the scope the walk of decoded data carries down,
// and how a component's host-less name joins it.

import type { PathSegment } from '../field-path.js';
import { stripMarkers } from '../values/value-markers.js';

/** Istio's values: `hub`, `tag` (and `variant`) set above an `image: proxyv2` that names only a repository. */
export interface HubScope {
  hub?: string;
  tag?: string;
  variant?: string;
  /** A registry (maybe with a path) set above the blocks, that host-less component images go under. */
  prefix?: string;
  /** Where the prefix is, in the document of the walk's level. */
  prefixAt?: readonly PathSegment[];
}

export function innerScope(o: Record<string, unknown>, scope: HubScope, here: readonly PathSegment[]): HubScope {
  // a subchart's values carry the umbrella's `global` (Istio 1.x: galley: {image: galley, global: {hub, tag}})
  const own = hubScope(o, scope);
  const g = o.global;
  const next = own ?? (g !== null && typeof g === 'object' && !Array.isArray(g) ? hubScope(g as Record<string, unknown>, scope) : undefined) ?? scope;
  const found = registryPrefix(o);
  const prefix = found?.value ?? scope.prefix;
  const prefixAt = found ? [...here, ...found.at] : scope.prefixAt;
  return prefix === next.prefix && prefixAt === next.prefixAt ? next : { ...next, prefix, prefixAt };
}

/**
 * Keys an operator's config sets the registry (maybe with a path) of all its components in
 * (stackgres: `containerRegistry`; PolarDB-X: `images: {repo: HOST/PATH, ...}`). Only a value that
 * names a host counts, so a `repo` that is a repository name alone is left alone.
 */
const PREFIX_KEY = /^(base|repo|registry|(image|container)[_-]?registry|(base|repository|image)[_-]?prefix|default[_-]?registry)$/i;
/** Objects beside the components that hold settings every component takes (`defaults: {registry}`). */
const DEFAULTS_KEY = /^defaults?$/i;

/** A string whose first path component is a registry host: quay.io/acme, docker.io, localhost:5000. */
export function hasHost(ref: string): boolean {
  const first = stripMarkers(ref).split('/')[0]!;
  return /[.:]/.test(first) || first === 'localhost';
}

/**
 * The registry prefix an object sets for what it holds: its own `base`/`registry`-style key
 * (piraeus's `base: quay.io/piraeusdatastore` over `components`), or one in a `defaults` object
 * beside them (cass-operator's `defaults: {registry: docker.io}` beside `images`). Only a value
 * that names a host counts: a bare word is no registry.
 */
function registryPrefix(o: Record<string, unknown>): { value: string; at: PathSegment[] } | undefined {
  const own = Object.keys(o).find((k) => PREFIX_KEY.test(k) && typeof o[k] === 'string' && hasHost(o[k] as string));
  if (own) return { value: (o[own] as string).replace(/\/+$/, ''), at: [own] };
  for (const [k, d] of Object.entries(o))
    if (DEFAULTS_KEY.test(k) && d !== null && typeof d === 'object' && !Array.isArray(d)) {
      const found = registryPrefix(d as Record<string, unknown>);
      if (found) return { value: found.value, at: [k, ...found.at] };
    }
  return undefined;
}

/** A reference joined inside the prefix's scope, with no host of its own: the consumer puts it under the prefix. */
export function withPrefix(raw: string | undefined, scope: HubScope): string | undefined {
  if (raw === undefined || !scope.prefix) return raw;
  const name = stripMarkers(raw).split(/[:@]/)[0]!;
  return name.includes('/') && hasHost(raw) ? raw : `${scope.prefix}/${raw}`;
}

/**
 * `{name: system-logger, repository: k8ssandra, tag: v1}` under a registry prefix: the repository
 * is the path and `name` the last component, joined registry/repository/name:tag (cass-operator's
 * ImageConfig). Outside a prefix `name` is as often a container's name, and is left alone.
 */
export function namedUnderPrefix(o: Record<string, unknown>, scope: HubScope): Record<string, unknown> {
  const { name, repository } = o;
  if (!scope.prefix || typeof name !== 'string' || typeof repository !== 'string' || 'registry' in o) return o;
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(stripMarkers(name)) || /[/:@]/.test(stripMarkers(repository)) || repository === '') return o;
  return { ...o, repository: `${repository}/${name}` };
}

function hubScope(o: Record<string, unknown>, scope: HubScope): HubScope | undefined {
  const str = (k: string): string | undefined =>
    typeof o[k] === 'string' && o[k] !== '' ? (o[k] as string) : typeof o[k] === 'number' ? String(o[k]) : undefined;
  const hub = str('hub');
  if (!hub) return undefined;
  return { hub, tag: str('tag') ?? scope.tag, variant: typeof o.variant === 'string' ? o.variant : scope.variant };
}

/** `proxyv2` under a hub docker.io/istio and tag 1.20.0 is docker.io/istio/proxyv2:1.20.0. */
export function withHub(image: string, scope: HubScope): string | undefined {
  // the marker render's suffixes (values/value-markers.ts) keep a one-component name one component
  if (!scope.hub || !scope.tag || !/^[a-z0-9][a-z0-9._-]*$/.test(stripMarkers(image))) return undefined;
  return `${scope.hub.replace(/\/+$/, '')}/${image}:${scope.tag}${scope.variant ? `-${scope.variant}` : ''}`;
}
