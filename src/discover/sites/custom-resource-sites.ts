// The custom-resource rows of the site table (sites/site-table.ts): image-named string fields, {repository,
// tag} blocks and sibling fields an operator joins, package references and registry-scheme URLs,
// and which component a resource switches off. Each is a rule's `find`; the table says how sure.

import { composeRepositoryTag, isRepositoryImageBlock, nameUnderRepository, taggedByResourceVersion } from '../decoders/repository-blocks.js';
import type { PathSegment } from '../field-path.js';
import { composeComponentPairs, composePrefixedPairs, composeSiblingFields, tagWithoutRepository } from './sibling-fields.js';
import { at, imageMapEntryHint, isContainerImage, isImageKey, nameHint, offBeside, type Candidate, type DocInfo, type WalkNode } from './site-rules.js';
import { isRecord } from '../../util/is-record.js';
import { offFlag } from '../toggles/off-flag.js';

/** image / fooImage / FOO_IMAGE / images[i] string fields of custom resources. */
export function customImageField(n: WalkNode): Candidate[] {
  if (typeof n.value !== 'string' || isContainerImage(n.path)) return [];
  const key = at(n.path, 1);
  const owner = typeof key === 'number' ? at(n.path, 2) : key;
  const mapEntry = imageMapEntryHint(n.path);
  if (mapEntry) return [{ raw: n.value.trim(), path: n.path, hint: mapEntry }];
  if (typeof owner !== 'string' || !isImageKey(owner)) return [];
  // baseImage next to a tag/version (or tagged by the resource's spec.version) is half of a block customRepositoryTag spells whole.
  if (typeof key === 'string' && isRecord(n.parent) && composeRepositoryTag(taggedByResourceVersion(n.parent, n.info.doc.object)) !== undefined) return [];
  if (typeof key === 'string' && isRecord(n.parent) && siblingFields(n.info, n.parent)?.keys.includes(key)) return [];
  if (typeof key === 'string' && isRecord(n.parent) && componentPairs(n.info, n.parent).some((p) => p.keys.includes(key))) return [];
  // image: NAME beside repository and version is a name component the operator joins, not a reference
  if (key === 'image' && isRecord(n.parent) && isRepositoryImageBlock(n.parent)) return [];
  // In a component an operator switches off (`enabled: false` beside it), a bare `image: name`
  // is a placeholder, not an image anything pulls: doubtful (Tekton's `image: alpine` stays certain).
  const beside = isRecord(n.parent) && offFlag(n.parent) !== undefined;
  const hint = key === 'image' ? (beside || unfilledBlock(n) ? 'named' : 'field') : owner === 'images' ? 'named' : nameHint(owner);
  const off = switchedOff(n.info.doc.object, n.path.slice(0, -1));
  return [{ raw: n.value.trim(), path: n.path, hint, ...(off ? { off } : {}) }];
}

/** How far up from an image an operator's `enabled: false` still switches its component off. */
const OFF_LEVELS = 3;

/**
 * The flag that leaves the component holding `at` off (`enabled: false`, `disable: true`): on the object itself or on one
 * of the few objects around it (`monitoring: {enabled: false, exporter: {image: ...}}`). The
 * operator never runs it, so its image is optional, brought by that flag.
 */
function switchedOff(root: unknown, at: readonly PathSegment[]): PathSegment[] | undefined {
  const chain: unknown[] = [root];
  for (const seg of at) {
    const cur = chain[chain.length - 1];
    chain.push(isRecord(cur) || Array.isArray(cur) ? (cur as Record<string | number, unknown>)[seg] : undefined);
  }
  for (let up = 0; up <= OFF_LEVELS && at.length - up >= 1; up++) {
    const o = chain[at.length - up];
    const flag = isRecord(o) ? offFlag(o) : undefined;
    if (flag) return [...at.slice(0, at.length - up), flag];
    const beside = isRecord(o) && up > 0 ? offBeside(o, at[at.length - up]) : undefined;
    if (beside) return [...at.slice(0, at.length - up), ...beside];
  }
  return undefined;
}

/**
 * A bare `image: name` in a resource whose other components spell {repository, image, version}:
 * the template left out the repository and version it had no value for (gpu-operator's
 * vgpuManager, a licensed driver each site builds and hosts), so it is a slot the user fills,
 * not an image the chart ships: doubtful, as a bare name under an image-named key is.
 */
function unfilledBlock(n: WalkNode): boolean {
  if (!isRecord(n.parent) || 'repository' in n.parent || typeof n.value !== 'string' || /[/:@]/.test(n.value)) return false;
  return spellsJoinedBlocks(n.info.doc.object);
}

const joinedBlocks = new WeakMap<object, boolean>();
function spellsJoinedBlocks(doc: unknown): boolean {
  if (!isRecord(doc)) return false;
  let known = joinedBlocks.get(doc);
  if (known === undefined) {
    const seek = (v: unknown, depth: number): boolean =>
      depth < 8 && isRecord(v) && (isRepositoryImageBlock(v) || Object.values(v).some((x) => seek(x, depth + 1)));
    known = seek(doc, 0);
    joinedBlocks.set(doc, known);
  }
  return known;
}

/**
 * A repository and its tag in sibling fields of the operator's naming ({image, imageTag}), which
 * it joins. Not Prometheus's kinds: there `image` wins as it is and `version` only tells the
 * operator what it runs.
 */
function siblingFields(info: DocInfo, o: Record<string, unknown>): { raw: string; keys: string[] } | undefined {
  if (info.apiVersion.startsWith('monitoring.coreos.com/') || isRepositoryImageBlock(o) || composeRepositoryTag(o) !== undefined) return undefined;
  return composeSiblingFields(o);
}

/** Several components' `NAMEImage` + `NAMEImageTag` pairs in one object, where no one block is the object's own. */
function componentPairs(info: DocInfo, o: Record<string, unknown>): ReturnType<typeof composeComponentPairs> {
  if (info.apiVersion.startsWith('monitoring.coreos.com/') || isRepositoryImageBlock(o) || composeRepositoryTag(o) !== undefined || siblingFields(info, o))
    return [];
  return composeComponentPairs(o);
}

/** Each component's image at its repository's key; optional where the component's own flag beside it is false. */
function componentSites(n: WalkNode, pairs: ReturnType<typeof composeComponentPairs>): Candidate[] {
  const o = n.value as Record<string, unknown>;
  const around = switchedOff(n.info.doc.object, n.path);
  return pairs.map((p) => {
    const off = p.flag !== undefined && o[p.flag] === false ? [...n.path, p.flag] : around;
    return { raw: p.raw, path: [...n.path, p.keys[0]], hint: 'named' as const, ...(off ? { off } : {}) };
  });
}

/** {registry, repository, tag, digest} blocks of custom resources (Prometheus, Alertmanager...). */
export function customRepositoryTag(n: WalkNode): Candidate[] {
  if (!isRecord(n.value)) return [];
  const key = at(n.path, 1);
  const block = taggedByResourceVersion(nameUnderRepository(n.value, typeof key === 'string' ? key : undefined), n.info.doc.object);
  const raw = composeRepositoryTag(block) ?? siblingFields(n.info, n.value)?.raw;
  if (raw === undefined) {
    const components = componentPairs(n.info, n.value);
    if (components.length > 0) return componentSites(n, components);
    // `image: {tag: v1}`: the operator's own repository at that tag, a candidate for the audit
    const tag = tagWithoutRepository(n.value, typeof key === 'string' ? key : undefined);
    return tag ? [{ raw: String(n.value[tag]).trim(), path: n.path, hint: 'named', tagOnly: true }] : [];
  }
  // a component the custom resource switches off: its image is optional (the flag turns it on)
  const off = switchedOff(n.info.doc.object, n.path);
  // agentRepository + agentVersion beside the main pair: a second image, at its repository's key
  const pairs = siblingFields(n.info, n.value) ? composePrefixedPairs(n.value) : [];
  const sites = [{ raw, path: n.path }, ...pairs.map((p) => ({ raw: p.raw, path: [...n.path, p.keys[0]!] }))];
  return sites.map((c) => ({ ...c, hint: 'named' as const, ...(off ? { off } : {}) }));
}

/**
 * A package a custom resource names at `spec.package`: an OCI image its package manager pulls and
 * runs (Crossplane's Provider, Function and Configuration). Only a reference with its registry and
 * tag counts (PLAIN): a name without a host is completed with the manager's own default registry,
 * not docker.io's.
 */
export function customPackageField(n: WalkNode): Candidate[] {
  if (typeof n.value !== 'string' || n.path.length !== 2 || n.path[0] !== 'spec' || n.path[1] !== 'package') return [];
  return [{ raw: n.value.trim(), path: n.path, hint: 'plain' }];
}

/**
 * The schemes a program names an image or OCI artifact it pulls with: `oci://` (Istio's
 * WasmPlugin), `registry://` (Kubewarden's policy module), `docker://` (KubeVirt CDI's DataVolume
 * registry source, a disk image).
 */
const REGISTRY_SCHEME = /^(?:oci|registry|docker):\/\//;

/**
 * An OCI artifact a custom resource names as a URL with a registry scheme, which a proxy or a
 * policy server pulls at run time (a mesh's WasmPlugin `url`, Kubewarden's policy `module`): the
 * reference after the scheme, which the post-renderer rewrites in place. Only one with its
 * registry and tag counts (PLAIN): a chart repository's `oci://` URL names no tag (its chart and
 * version are other fields).
 */
export function customSchemeUrl(n: WalkNode): Candidate[] {
  if (typeof n.value !== 'string' || !REGISTRY_SCHEME.test(n.value.trim())) return [];
  return [{ raw: n.value.trim().replace(REGISTRY_SCHEME, ''), path: n.path, hint: 'plain' }];
}
