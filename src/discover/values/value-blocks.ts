// Image-shaped blocks of values ({registry, repository, tag, digest} or one image string): what a
// chart is ready to run even if no render with the given values used it. Pure.

import type { ImageValueLeaf } from './image-values.js';
import { toImageRef } from '../image-ref.js';
import { parentPath } from '../field-path.js';
import { composeRepositoryTag } from '../decoders/repository-blocks.js';
import type { BlockFallback } from './chart-fallbacks.js';
import type { Rejection } from '../verdicts/audit.js';
import type { ChartTemplates } from './absent-values.js';
import type { PathSegment } from '../field-path.js';
import { TextMemo } from '../../util/text-memo.js';

export interface ImageValueBlock {
  /** Values path of the block (the map holding repository..., or the image string itself). */
  path: string;
  /** The reference the block spells (tag from `appVersion` when the block has none). */
  raw: string;
  leaves: ImageValueLeaf[];
  /** A value outside the block that sets its registry too (values/chart-fallbacks.ts' registryLeaf). */
  shared?: ImageValueLeaf[];
}

/**
 * Groups leaves by their map; a block needs a repository or a whole image. `appVersionAt`
 * gives the appVersion of the chart that owns a values path (tags often default to it);
 * `fallbackAt` what that chart's renders gave blocks without a registry or tag (values/chart-fallbacks.ts),
 * which goes first.
 */
export function imageValueBlocks(
  leaves: readonly ImageValueLeaf[],
  appVersionAt: (path: string) => string | undefined,
  fallbackAt: (path: string) => BlockFallback = () => ({}),
  wholeNames: ReadonlySet<string> = new Set(),
): ImageValueBlock[] {
  const groups = new Map<string, ImageValueLeaf[]>();
  for (const l of leaves) {
    const dir = l.segments.slice(0, -1).join('\0');
    groups.set(dir, [...(groups.get(dir) ?? []), l]);
  }
  const out: ImageValueBlock[] = [];
  for (const ls of groups.values()) {
    const blockPath = parentPath(ls[0].path);
    const get = (p: string) => ls.find((l) => l.part === p);
    const repository = get('repository') ?? (get('tag') && ls.filter((l) => l.part === 'image').length === 1 ? untagged(get('image')) : undefined);
    const joined = repository && joinedName(blockPath, ls, repository);
    if (joined) {
      out.push(joined);
      continue;
    }
    // several repository keys (Kube-OVN's images.kubeovn: repository, dpdkRepository,
    // vpcRepository): an image each, with the block's registry and tag
    const repositories = ls.filter((l) => l.part === 'repository');
    const above = () => ancestorRegistry(ls[0].segments, groups);
    for (const r of repositories.length > 1 ? repositories : repository ? [repository] : []) {
      const own = ls.filter((l) => l.part !== 'repository' || l === r);
      out.push(...composed(blockPath, own, r, appVersionAt, fallbackAt(blockPath), wholeNames.has(blockPath), above));
    }
    // a block's own registry, else its parent block's (robusta's holmes aws.registry over aws.multiAccount.image)
    const parent = groups.get(ls[0].segments.slice(0, -2).join('\0')) ?? [];
    for (const l of ls)
      if (l.part === 'image' && l !== repository && toImageRef(l.value))
        out.push(underRegistry(l, ls) ?? underRegistry(l, parent) ?? { path: l.path, raw: l.value, leaves: [l] });
  }
  return out;
}

/**
 * A NAME:TAG image string with no host beside one registry value (robusta's holmes
 * `mcpAddons.mariadb: {registry: us-central1-docker.pkg.dev/.../mcp, image: NAME:TAG}`): the
 * template joins them, so the reference is the registry's, not docker.io's. A bare name under a
 * `hub` with a `tag` beside it (Istio's `global: {hub, tag, proxy: {image: proxyv2}}`) takes that
 * tag, as Istio's templates join hub/image:tag.
 */
function underRegistry(image: ImageValueLeaf, ls: readonly ImageValueLeaf[]): ImageValueBlock | undefined {
  const regs = ls.filter((l) => l.part === 'registry' && l.value.trim() !== '');
  const own = toImageRef(image.value);
  // a block with a repository of its own is an image block, whose registry is not shared below it
  if (regs.length !== 1 || ls.some((l) => l.part === 'repository') || own?.explicitDomain) return undefined;
  const hubTag = regs[0]!.segments.at(-1) === 'hub' && !own?.tag && !own?.digest ? ls.find((l) => l.part === 'tag' && l.value.trim() !== '') : undefined;
  const raw = `${regs[0]!.value.trim().replace(/\/+$/, '')}/${image.value.trim()}${hubTag ? `:${hubTag.value.trim()}` : ''}`;
  return toImageRef(raw) ? { path: image.path, raw, leaves: [regs[0]!, image, ...(hubTag ? [hubTag] : [])] } : undefined;
}

/**
 * {repository: nvcr.io/nvidia, image: dra-driver, version: v0.5.0}: the operator joins the three
 * (see isRepositoryImageBlock), so the image leaf is a name component, not an image of its own.
 */
function joinedName(path: string, ls: ImageValueLeaf[], repo: ImageValueLeaf): ImageValueBlock | undefined {
  const name = ls.filter((l) => l.part === 'image');
  const tag = ls.find((l) => l.part === 'tag' && /(^|\.)version$/.test(l.path));
  if (name.length !== 1 || !tag || /[:@/]/.test(name[0].value)) return undefined;
  const raw = composeRepositoryTag({ repository: repo.value, image: name[0].value, version: tag.value });
  return raw && toImageRef(raw) ? { path, raw, leaves: [repo, name[0], tag] } : undefined;
}

function untagged(l: ImageValueLeaf | undefined): ImageValueLeaf | undefined {
  const r = l && toImageRef(l.value);
  return r && !r.tag && !r.digest ? l : undefined;
}

/**
 * The registry a block without one of its own sits under: the nearest level above it holding
 * exactly one set registry, as a key of that level (`global.imageRegistry`) or a map of registry
 * keys alone there (Kube-OVN's `global.registry.address` over `global.images.kubeovn`), which
 * templates join before the repository. Two at that level: no telling which.
 */
function ancestorRegistry(segments: ImageValueLeaf['segments'], groups: ReadonlyMap<string, ImageValueLeaf[]>): ImageValueLeaf | undefined {
  for (let depth = segments.length - 2; depth >= 0; depth--) {
    const level = segments.slice(0, depth).join('\0');
    const found: ImageValueLeaf[] = [];
    for (const [dir, ls] of groups) {
      const atLevel = dir === level && !ls.some((l) => l.part === 'repository');
      const registryMap = dir.startsWith(`${level}\0`) && dir.split('\0').length === depth + 1 && ls.every((l) => l.part === 'registry');
      if (atLevel || registryMap) found.push(...ls.filter((l) => l.part === 'registry' && l.value.trim() !== ''));
    }
    if (found.length > 0) return found.length === 1 ? found[0] : undefined;
  }
  return undefined;
}

function composed(
  path: string,
  ls: ImageValueLeaf[],
  repo: ImageValueLeaf,
  appVersionAt: (path: string) => string | undefined,
  fallback: BlockFallback,
  wholeName: boolean,
  above: () => ImageValueLeaf | undefined = () => undefined,
): ImageValueBlock[] {
  if (!/[a-z]/.test(repo.value)) return [];
  const get = (p: string) => ls.find((l) => l.part === p)?.value;
  // image.name without a registry is a fragment templates join to a default registry and
  // repository (Strimzi: kafkaBridge.image {name: kafka-bridge, tag: 0.27.0} under
  // defaultImageRegistry/defaultImageRepository), unless it spells a path itself or a template
  // puts it first in an image field (jupyterhub's `traefik`: Docker Hub's official image).
  if (/(^|\.)name$/.test(repo.path) && get('registry') === undefined && (get('tag') === undefined || (!repo.value.includes('/') && !wholeName))) return [];
  // an UPPER_SNAKE key is an env var the chart hands its program (OpenHands runtime-api's
  // `env.ARTIFACT_REGISTRY_REPOSITORY: runtime-api-docker-repo`, a registry's repository it pushes
  // to): a word there with no tag beside it is joined to nothing, and appVersion would be a guess
  const leafKey = repo.segments[repo.segments.length - 1];
  if (
    typeof leafKey === 'string' &&
    /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(leafKey) &&
    get('tag') === undefined &&
    get('digest') === undefined &&
    !repo.value.includes('/')
  )
    return [];
  const tag = get('tag') ?? fallback.tag ?? appVersionAt(path);
  const hostless = get('registry') === undefined && toImageRef(repo.value)?.explicitDomain === false;
  // a block with no tag of its own is like the rendered ones with none (chart-fallbacks' tagless)
  const like = get('tag') === undefined && get('digest') === undefined && fallback.tagless ? { ...fallback, ...fallback.tagless } : fallback;
  const learned = hostless ? like : {};
  // docker.io that no value gave the renders is only the runtime's default: a registry the values
  // hold above the block says more (Kube-OVN's operator image renders at docker.io, while its
  // Configuration's images take global.registry.address)
  const defaulted = learned.registry === 'docker.io' && learned.registryLeaf === undefined;
  const shared = hostless && (learned.registry === undefined || defaulted) ? above() : undefined;
  const registry = get('registry') ?? shared?.value.trim() ?? learned.registry;
  let raw = registry ? `${registry.replace(/\/+$/, '')}/${repo.value}` : repo.value;
  if (tag) raw += `:${tag}`;
  const digest = get('digest');
  if (digest) raw += `@${digest.startsWith('sha256:') ? digest : `sha256:${digest}`}`;
  const leaves = ls.filter((l) => l.part !== 'image' || l === repo);
  if (!toImageRef(raw)) return [];
  const sharedLeaf = shared ?? learned.registryLeaf;
  return [{ path, raw, leaves, ...(sharedLeaf ? { shared: [sharedLeaf] } : {}) }];
}

export const UNREAD_VALUES_BLOCK: Rejection = {
  id: 'unread-values-block',
  reason: 'a values block no template of the chart reads (no `.Values` path reaches it or a table above it): nothing renders it, whatever the values',
};

export const UNREAD_GLOBAL_BLOCK: Rejection = {
  id: 'unread-global-block',
  reason:
    'a `global` values block (an Istio-style hub/image/tag set Helm hands every chart) that no template of any chart reads, so no rendered document carries it to a program: nothing joins its fields into a reference',
};

/** Why no render can show a values block at `segments`: read by no template (a global one by no chart). */
export function unreadBlock(segments: readonly PathSegment[]): Rejection {
  return segments[0] === 'global' ? UNREAD_GLOBAL_BLOCK : UNREAD_VALUES_BLOCK;
}

/**
 * `.Values.a.b` paths a template reads (a field, `with`): the path to the table read. After
 * `index`, `hasKey` or `get`, the literal keys that follow go on the path (`index .Values
 * "higress-core" "enabled"`, `hasKey .Values "tracing"` read that key, not the whole values); a
 * key not spelled (`index .Values $name`) ends it.
 */
const VALUES_READ = /(\b(?:index|hasKey|get)\s+)?\$?\.Values((?:\.[A-Za-z_]\w*)*)(?![\w.])((?:\s+"[^"\\]*")*)/g;
/** An action's text (`{{ ... }}`, not a comment): prose around actions (NOTES, a helper's doc comment) reads nothing. */
const ACTION = /\{\{-?\s*(?!\/\*)([\s\S]*?)-?\}\}/g;
const DEFINE = /\{\{-?\s*define\s/;
const READS = new TextMemo<{ paths: string[][]; helpers: boolean; walked: boolean }>(16 * 1024 * 1024);

/**
 * Whether some template of the charts can read the values at `segments` (from the top chart): a
 * chart reads the path, a table above it, or a table inside it, or hands its whole `.Values` on
 * (`toYaml .Values`, `$v := .Values`, `index .Values $key`). A template renders with its own
 * chart's values; only a text that defines helpers may also run with an ancestor's (a library
 * chart's helper, called with its caller's context). A global value is every chart's, read where
 * any chart reads it (an Istio-style `global.hub`/`tag` block a chart inherits and never reads
 * renders nowhere). A block
 * that none reads (a component's values left behind when its template was removed: Otterize
 * network-mapper's `visibilitydns`) renders nowhere.
 */
export function readByTemplates(segments: readonly PathSegment[], charts: readonly ChartTemplates[]): boolean {
  // Helm copies `global` into every chart's values: any chart reads it as its own
  const global = segments[0] === 'global';
  for (const c of charts) {
    // read as its own values, or as an ancestor's
    const rels: { rel: string[]; own: boolean }[] = [];
    for (let j = Math.min(c.at.length, segments.length); j >= 0; j--)
      if (c.at.slice(0, j).every((s, i) => s === segments[i])) rels.push({ rel: segments.slice(j).map(String), own: j === c.at.length || global });
    for (const text of c.texts) {
      const { paths, helpers, walked } = READS.of(text, readPaths);
      const reach = rels.filter((r) => r.own || helpers).map((r) => r.rel);
      for (const read of paths) if (reach.some((rel) => read.every((k, i) => i >= rel.length || rel[i] === k))) return true;
      if (walked && reach.some((rel) => rel.length === 0 || namedByCharts(String(rel[0]), charts))) return true;
    }
  }
  return false;
}

function readPaths(text: string): { paths: string[][]; helpers: boolean; walked: boolean } {
  const actions = [...text.matchAll(ACTION)].map((a) => a[1]!).join(' ; ');
  let walked = false;
  const paths: string[][] = [];
  for (const m of actions.matchAll(VALUES_READ)) {
    const fields = m[2] ? m[2].slice(1).split('.') : [];
    const keys = m[1] && m[3] ? [...m[3].matchAll(/"([^"]*)"/g)].map((k) => k[1]!) : [];
    // the whole values of a context handed in (`$.context.Values`, Bitnami common's
    // getValueFromKey) are walked by the key string a caller gives: they reach only a key some
    // template names, not every block (namedByCharts)
    if (fields.length === 0 && keys.length === 0 && /[\w)]/.test(actions[m.index - 1] ?? '')) walked = true;
    else paths.push([...fields, ...keys]);
  }
  return { paths, helpers: DEFINE.test(text), walked };
}

/** Whether a template text of the charts spells the key (a caller's key string, a path). */
function namedByCharts(key: string, charts: readonly ChartTemplates[]): boolean {
  const word = new RegExp(`(?<![\\w-])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`);
  return charts.some((c) => c.texts.some((t) => word.test(t)));
}
