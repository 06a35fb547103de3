// The optional search's last step (optional.ts): image-shaped values blocks that no render used,
// listed from the values alone, with the registry and tag the chart's renders gave blocks like
// them (chart-fallbacks.ts) and the appVersion of the chart that owns each.
import type { Chart } from '../../helm/chart/types.js';
import type { ImageSite } from '../../discover/image-site.js';
import type { CandidateAudit, Rejection } from '../../discover/verdicts/index.js';
import type { ImageValueLeaf } from '../../discover/values/index.js';
import { toImageRef } from '../../discover/image-ref.js';
import { IMAGE_NAMESPACE, notAnImage } from '../../discover/sites/index.js';
import { imageValueBlocks, readByTemplates, unreadBlock, UNREAD_GLOBAL_BLOCK, UNREAD_VALUES_BLOCK, type ImageValueBlock } from '../../discover/values/index.js';
import { wholeNameBlocks } from '../../discover/toggles/index.js';
import type { ChartTemplates } from '../../discover/values/index.js';
import { learnedFallbacks } from '../../discover/values/index.js';
import { getIn, type MarkedValues } from '../../discover/values/index.js';
import { isRecord } from '../../util/is-record.js';
import { withParts } from '../../discover/values/index.js';
import { UNSELECTED_ALTERNATIVE, unselectedAt } from '../../discover/decoders/index.js';

/** What of the optional search the blocks are judged against. */
export interface BlockSearch {
  chart: Chart;
  leaves: readonly ImageValueLeaf[];
  /** The coalesced values the leaves were read from. */
  full: Record<string, unknown>;
  marked: MarkedValues;
  /** Sites of the plain render (what is already needed). */
  sites: readonly ImageSite[];
  /** Every template text of the chart tree, by where its chart's values sit. */
  templates: readonly ChartTemplates[];
  /** images --explain: where a block judged no image is recorded, with the rule's reason. */
  audit?: CandidateAudit;
  /** images --explain: the plain render's audit, whose decisions a block's string may already have. */
  plainAudit?: CandidateAudit;
  /** Values an operator joins as parts of an image (MongoDB Community's `mongodb.repo`): no block of their own. */
  partPaths?: ReadonlySet<string>;
}

/** Image-shaped values blocks that no render used: by marker, by reference, or by repository. */
export function unusedBlocks(s: BlockSearch, found: Set<string>, seen: Set<number>, rendered: readonly ImageSite[]): ImageSite[] {
  const leafNo = new Map([...s.marked.leaves].map(([n, l]) => [l, n] as const));
  const usedPaths = new Set([...s.sites.flatMap((x) => x.valuesPaths), ...(s.partPaths ?? [])]);
  // a block with a leaf some render used is passed over below, and every block's leaves are the
  // search's: with all of them used there is nothing to judge
  if (s.leaves.every((l) => seen.has(leafNo.get(l) ?? -1) || usedPaths.has(l.path))) return [];
  const repos = repositoryOwners(s.chart, found, rendered);
  const namespaces = imageNamespaces([...found, ...rendered.map((x) => x.ref)]);
  const out: ImageSite[] = [];
  const fallbacks = learnedFallbacks(rendered, s.leaves, (p) => ownerAt(s.chart, p));
  const blocks = imageValueBlocks(
    s.leaves,
    (p) => appVersionAt(s.chart, p),
    (p) => fallbacks.get(ownerAt(s.chart, p)) ?? {},
    wholeNameBlocks(s.templates),
  );
  for (const b of blocks) {
    const ref = toImageRef(b.raw);
    const owners = ref && repos.get(ref.path);
    // another subchart's block stands apart only with a version of its own: without one it
    // takes a guessed tag (opentelemetry-kube-stack's defaultCRConfig, whose collector the operator subchart's default runs)
    if (!ref || found.has(ref.normalized) || owners?.has(ANY_OWNER) || (owners && (owners.has(ownerAt(s.chart, b.path)) || !ownVersion(b)))) continue;
    if (b.leaves.some((l) => seen.has(leafNo.get(l) ?? -1) || usedPaths.has(l.path))) continue;
    const source = {
      chart: s.chart.metadata.name,
      template: `${s.chart.metadata.name}/values.yaml`,
      kind: 'Values',
      name: s.chart.metadata.name,
      fieldPath: b.path,
    };
    // what the render rejects is no image in values either (a label selector app.kubernetes.io/name:web),
    // judged under the key that names it (a database's dbRepository)
    const named = b.leaves.find((l) => l.part === 'repository') ?? b.leaves.find((l) => l.part === 'image');
    const rejected =
      notAnImage({ raw: b.raw, path: named?.segments ?? [], hint: 'named' }, ref, { kind: '' }) ??
      namespaceOf(b, namespaces, s.full) ??
      unselectedBlock(b, s.full) ??
      (b.leaves.some((l) => readByTemplates(l.segments, s.templates)) ? undefined : unreadBlock(b.leaves[0]!.segments));
    if (rejected) {
      // a string the renders decided already (a label selector written into a Secret) is said there
      const decided = [s.plainAudit, s.audit].some((a) => a?.decisions.some((d) => d.raw === b.raw));
      const fieldPath = named?.path ?? b.path;
      // split fields nothing reads are joined by nothing: said as the values spell them
      const raw = (rejected === UNREAD_VALUES_BLOCK || rejected === UNREAD_GLOBAL_BLOCK) && named ? named.value : b.raw;
      if (!decided && !s.audit?.decisions.some((d) => d.raw === raw && d.source.fieldPath === fieldPath))
        s.audit?.decisions.push({
          raw,
          source: { ...source, fieldPath },
          rule: 'values-block',
          rejected: { id: rejected.id, reason: rejected.reason },
          encodings: [],
        });
      continue;
    }
    found.add(ref.normalized);
    const site: ImageSite = {
      ref: ref.normalized,
      raw: b.raw,
      certainty: ref.tag || ref.digest || ref.explicitDomain ? 'certain' : 'doubtful',
      site: 'values',
      source,
      valuesPaths: [],
    };
    out.push(withParts(site, [...(b.shared ?? []), ...b.leaves]));
  }
  return out;
}

/** The values paths of the blocks no render used (unusedBlocks), each once. */
export function blocksUnder(s: BlockSearch, known: Set<string>, seen: Set<number>, searched: readonly ImageSite[]): string[] {
  return [...new Set(unusedBlocks(s, known, seen, [...s.sites, ...searched]).flatMap((b) => b.valuesPaths))];
}

const ANY_OWNER = '\0any';

/** The block spells its version (a tag or digest value, or one inside the repository or image string). */
function ownVersion(b: ImageValueBlock): boolean {
  return b.leaves.some((l) => {
    const v = l.value.trim();
    if (l.part === 'tag' || l.part === 'digest') return v !== '';
    return (l.part === 'repository' || l.part === 'image') && (v.includes('@') || v.slice(v.lastIndexOf('/') + 1).includes(':'));
  });
}

/**
 * The repositories found, each with the charts whose values the renders read it from: a block of
 * the same repository in that chart is that image at the tag a helper gave it, but another
 * subchart's block is its own image (open-match: redis' kubectl renders with its sentinel,
 * jaeger's kafka keeps another tag of bitnami/kubectl in its values). A repository found with
 * no values path read stands for any chart's.
 */
function repositoryOwners(chart: Chart, found: ReadonlySet<string>, rendered: readonly ImageSite[]): Map<string | undefined, Set<string>> {
  const out = new Map<string | undefined, Set<string>>();
  const add = (ref: string, owner: string) => {
    const path = toImageRef(ref)?.path;
    out.set(path, (out.get(path) ?? new Set()).add(owner));
  };
  const read = new Set(rendered.filter((x) => x.valuesPaths.length > 0).map((x) => x.ref));
  for (const x of rendered) for (const p of x.valuesPaths) add(x.ref, ownerAt(chart, p));
  for (const r of found) if (!read.has(r)) add(r, ANY_OWNER);
  return out;
}

/** The first path component of each reference with more than one: the namespaces images sit under (not Docker Hub's library). */
function imageNamespaces(refs: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const r of refs) {
    const path = toImageRef(r)?.path ?? '';
    const first = path.split('/')[0]!;
    if (path.includes('/') && first !== 'library') out.add(first);
  }
  return out;
}

/** A version's key: a block with one, even empty, is an image's. */
const VERSION_KEY = /tag|version|digest/i;

/**
 * A block of a bare repository whose name is one of those namespaces, with no registry and no
 * tag, version or digest key at all, not even an empty one (IMAGE_NAMESPACE).
 */
function namespaceOf(b: ImageValueBlock, namespaces: ReadonlySet<string>, full: Record<string, unknown>): Rejection | undefined {
  const repo = b.leaves.filter((l) => l.part === 'repository');
  if (repo.length !== 1 || b.shared?.length || b.leaves.some((l) => l.part !== 'repository')) return undefined;
  const block = getIn(full, repo[0]!.segments.slice(0, -1));
  if (!isRecord(block) || Object.keys(block).some((k) => VERSION_KEY.test(k))) return undefined;
  const name = repo[0]!.value.trim();
  return /^[a-z0-9][a-z0-9._-]*$/.test(name) && namespaces.has(name) ? IMAGE_NAMESPACE : undefined;
}

/**
 * A block inside an alternative of values that a field beside them does not pick (a driver list
 * and its selector, carried whole to the program that reads it): the program runs the selected one.
 */
function unselectedBlock(b: ImageValueBlock, full: Record<string, unknown>): Rejection | undefined {
  return b.leaves.some((l) => unselectedAt(full, l.segments) !== undefined) ? UNSELECTED_ALTERNATIVE : undefined;
}

/** The chart that owns a values path, as the subchart names leading to it ('' for the top chart). */
function ownerAt(chart: Chart, path: string): string {
  const first = path.split(/[.[]/)[0];
  const sub = chart.dependencies.find((d) => d.metadata.name === first);
  return sub ? `${first}/${ownerAt(sub, path.slice(first.length + 1))}` : '';
}

/** appVersion of the chart that owns a values path (subchart tables are named after the subchart). */
function appVersionAt(chart: Chart, path: string): string | undefined {
  const first = path.split(/[.[]/)[0];
  const sub = chart.dependencies.find((d) => d.metadata.name === first);
  return sub ? appVersionAt(sub, path.slice(first.length + 1)) : chart.metadata.appVersion;
}
