// From rendered template files to `helm template` output: each file split into YAML documents
// (Helm 4's SplitManifests), hooks told apart by their helm.sh/hook annotation, documents sorted
// in Helm's install kind order (files by name first, the sort is stable), CRDs first when asked,
// hooks last, each printed as "---\n# Source: <template>\n<document>".

import { ChartError } from '../../util/errors.js';
import { TextMemo } from '../../util/text-memo.js';
import type { RenderedDoc } from '../engine/render-types.js';
import { helmProfile, type HelmBehaviours } from '../engine/defaults.js';
import { deepCopyValue } from '../values/coalesce.js';
import { isGoMap, parseYamlFirstDocument, YamlError } from '../values/yaml.js';
import { manifestHeadProblem } from './manifest-head.js';

const INSTALL_ORDER = [
  'PriorityClass',
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];
const KIND_RANK = new Map(INSTALL_ORDER.map((k, i) => [k, i]));
// Helm 3.17's install order ends at APIService: webhook configurations sort as unknown kinds there.
const HELM3_KIND_RANK = new Map(INSTALL_ORDER.filter((k) => !k.endsWith('WebhookConfiguration')).map((k, i) => [k, i]));
const HOOK_EVENTS = new Set([
  'pre-install',
  'post-install',
  'pre-delete',
  'post-delete',
  'pre-upgrade',
  'post-upgrade',
  'pre-rollback',
  'post-rollback',
  'test',
  'test-success',
]);
const TEST_EVENTS = new Set(['test', 'test-success']);

/**
 * releaseutil.SplitManifests as Helm 3.17 and 4.1 run it: the separator is `---` after a newline
 * (and any whitespace before it), the whitespace after it is eaten, and every document is
 * trimmed at both ends (so trailing blank lines and spaces of a document never reach the output).
 * Helm 4.2 (265c5eb53) trims on the left only (keepTrailing): the separator still takes the
 * whitespace before it, so only a file's last document keeps its trailing spaces and blank lines.
 *
 * That is a split at Helm's expression `(?:^|\s*\n)---\s*`, found here by looking for "\n---"
 * and skipping the whitespace after it (the whitespace before it goes with the trim): the
 * expression itself retried `\s*` from every space of every indentation, quadratic in its length
 * (39% of kyverno's discovery, whose templates render megabytes of deeply indented CRDs). The
 * skip is needed: it makes `a\n---\n---\nb` two documents, `a` and `---\nb`, as Helm does.
 */
export function splitManifests(text: string, keepTrailing = false): string[] {
  const t = keepTrailing ? text.trimStart() : text.trim();
  const parts: string[] = [];
  let from = t.startsWith('---') ? skipSpace(t, 3) : 0; // where the current document starts
  for (let at = t.indexOf('\n---', from); at !== -1; at = t.indexOf('\n---', from)) {
    parts.push(keepTrailing ? trimGoSpaceEnd(t.slice(from, at)) : t.slice(from, at));
    from = skipSpace(t, at + 4);
  }
  parts.push(t.slice(from));
  if (!keepTrailing) return parts.map((d) => d.trim()).filter((d) => d !== '');
  return parts.filter((d) => d.trim() !== '').map((d) => d.trimStart());
}

/** Helm 4.2's split of a file: its last document keeps its trailing whitespace. */
const splitKeepingTrailing = (text: string): string[] => splitManifests(text, true);

/** The whitespace the separator's `\s*` takes before it (Go's \s: space, \t, \n, \f, \r). */
function trimGoSpaceEnd(d: string): string {
  let end = d.length;
  while (end > 0 && GO_SPACE.has(d.charCodeAt(end - 1))) end--;
  return end === d.length ? d : d.slice(0, end);
}

const GO_SPACE = new Set([0x20, 0x09, 0x0a, 0x0c, 0x0d]);

/** One character of JavaScript's \s, the whitespace of the expression above. */
const SPACE = /\s/;

function skipSpace(t: string, i: number): number {
  while (i < t.length && SPACE.test(t[i]!)) i++;
  return i;
}

export interface SortedDoc extends RenderedDoc {
  kind: string;
  isTest: boolean;
}

function chartOfTemplate(template: string): string {
  const i = template.lastIndexOf('/templates/');
  return i < 0 ? template.split('/')[0] : template.slice(0, i);
}

function hookEvents(obj: unknown): string[] | undefined {
  if (!isGoMap(obj) || !isGoMap(obj.metadata) || !isGoMap(obj.metadata.annotations)) return undefined;
  const h = obj.metadata.annotations['helm.sh/hook'];
  if (h === undefined) return undefined;
  return String(h)
    .split(',')
    .map((e) => e.trim().toLowerCase());
}

// Renders of one chart with different values (discovery's toggles) repeat most documents
// verbatim; parsing YAML is most of a render's cost, so parsed documents are kept by text.
// Callers get a copy, so a consumer that edits an object cannot corrupt the cache; the copy is
// made when a caller first reads `object` (discovery keeps its findings by text and reads few).
const parsed = new TextMemo<unknown>(32 * 1024 * 1024);

// A template's text that a render took from an earlier one (helm/engine/template-reuse.ts) is the
// same string: split once, its documents are the same strings too, so the lookups above find them
// by their cached hash instead of hashing every document of every render again.
const splits = new TextMemo<readonly string[]>(32 * 1024 * 1024);
const splitsKeepingTrailing = new TextMemo<readonly string[]>(8 * 1024 * 1024);

/** Forgets parsed documents (bench/ uses it to measure cold parsing). */
export function clearParsedDocuments(): void {
  parsed.clear();
  splits.clear();
}

// Each render's documents are read by several walkers (discovery, operators, roles, registry
// settings); a text lookup per walk compares the text with the memo's key, which after the first
// render is another string of the same characters (cert-manager's CRDs: 0.95 MB a walk). The
// document keeps its parse instead.
const shares = new WeakMap<object, unknown>();

/** A document Helm reads and we cannot (a limit of ours): its text is kept, its reason said. */
class Unreadable {
  constructor(readonly reason: string) {}
}

/**
 * The document's text parsed, as the memo holds it (no copy): for readers that never change it
 * and whose documents are their text parsed (discovery's parsedFromText). Each render's copy of a
 * document it has not met before was a deep copy made only to be walked once (an optional search
 * walks a toggled custom resource per render). Where the memo no longer holds the text, the
 * document's own object.
 */
export function sharedDocumentObject(doc: RenderedDoc): unknown {
  const own = shares.get(doc);
  if (own !== undefined) return own;
  const known = parsed.get(doc.text);
  return known === undefined || known instanceof Unreadable ? doc.object : known;
}

/** `to`, a copy of `from` made after the sort (the chart's render adds its appVersion), reads the same parse. */
export function keepShare(from: RenderedDoc, to: RenderedDoc): RenderedDoc {
  const own = shares.get(from);
  if (own !== undefined) shares.set(to, own);
  return to;
}

/** The parsed document as the memo holds it: read it, never change it. */
function parseDocument(template: string, text: string): unknown {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  let object: unknown;
  try {
    object = parseYamlFirstDocument(text, template) ?? null;
  } catch (e) {
    if (e instanceof YamlError && e.helmReads) {
      object = new Unreadable(e.message);
      parsed.set(text, object);
      return object;
    }
    throw new ChartError(`YAML parse error on ${template}: ${(e as Error).message}`, {
      cause: e,
      hint: 'the template rendered invalid YAML; check its indentation (nindent) and quoting',
    });
  }
  const head = manifestHeadProblem(object);
  if (head !== undefined)
    throw new ChartError(`YAML parse error on ${template}: error unmarshaling JSON: ${head}`, {
      hint: 'Helm reads every rendered document as a Kubernetes object: the template must render a mapping (apiVersion, kind, metadata), not a list or a bare value',
    });
  parsed.set(text, object);
  return object;
}

/**
 * Gives `doc` an `object` property that is a copy of `shared`, made on first read (a write
 * replaces it). Its descriptor may be moved to another document (Object.getOwnPropertyDescriptor).
 */
function defineCopiedObject(doc: object, shared: unknown): void {
  let copy: unknown;
  let made = false;
  Object.defineProperty(doc, 'object', {
    enumerable: true,
    configurable: true,
    get() {
      if (!made) [copy, made] = [deepCopyValue(shared), true];
      return copy;
    },
    set(v: unknown) {
      [copy, made] = [v, true];
    },
  });
}

/** Parses one document of a rendered template into a SortedDoc; undefined when Helm skips it. */
function toDoc(template: string, text: string): SortedDoc | undefined {
  const read = parseDocument(template, text);
  if (read instanceof Unreadable) {
    // Helm sorts it by its kind: the top-level `kind:` line says it
    const kind = /^kind: *["']?([A-Za-z0-9]+)/m.exec(text)?.[1] ?? '';
    return { chart: chartOfTemplate(template), template, text, object: null, kind, isTest: false, unreadable: read.reason };
  }
  const shared = read;
  const kind = isGoMap(shared) && typeof shared.kind === 'string' ? shared.kind : '';
  const events = hookEvents(shared);
  if (events && !events.every((e) => HOOK_EVENTS.has(e))) return undefined; // Helm: "skipping unknown hook"
  const doc = { chart: chartOfTemplate(template), template, text } as SortedDoc;
  defineCopiedObject(doc, shared);
  if (shared !== null && shared !== undefined) shares.set(doc, shared);
  Object.assign(doc, { kind, isTest: !!events?.some((e) => TEST_EVENTS.has(e)) });
  if (events) doc.hook = true;
  return doc;
}

const byKind =
  (rank: Map<string, number>) =>
  (a: SortedDoc, b: SortedDoc): number => {
    const ra = rank.get(a.kind);
    const rb = rank.get(b.kind);
    if (ra === undefined && rb === undefined) return a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0;
    if (ra === undefined) return 1;
    if (rb === undefined) return -1;
    return ra - rb;
  };

/** Rendered files (template name -> text) into generic documents then hooks, each in install order. */
export function sortManifests(
  files: Map<string, string>,
  helm: Pick<HelmBehaviours, 'major' | 'keepsTrailingWhitespace'> = helmProfile(undefined),
): { generic: SortedDoc[]; hooks: SortedDoc[] } {
  const generic: SortedDoc[] = [];
  const hooks: SortedDoc[] = [];
  const names = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const content = files.get(name)!;
    if (name.slice(name.lastIndexOf('/') + 1).startsWith('_') || content.trim() === '') continue;
    const split = helm.keepsTrailingWhitespace ? splitsKeepingTrailing.of(content, splitKeepingTrailing) : splits.of(content, splitManifests);
    for (const text of split) {
      const doc = toDoc(name, text);
      if (doc) (doc.hook ? hooks : generic).push(doc);
    }
  }
  // Array.prototype.sort is stable, as Go's sort.SliceStable.
  const order = byKind(helm.major === 3 ? HELM3_KIND_RANK : KIND_RANK);
  return { generic: generic.sort(order), hooks: hooks.sort(order) };
}

/** `helm template`'s stdout for these documents (CRDs and generic docs, then hooks). */
export function formatManifests(docs: RenderedDoc[]): string {
  let head = '';
  let tail = '';
  for (const d of docs) {
    const block = `---\n# Source: ${d.template}\n${d.text}\n`;
    if (d.hook) tail += block;
    else head += block;
  }
  return head.trim() + '\n' + tail;
}

/** --show-only: documents whose template path (without the top chart's name) matches a glob. */
export function selectShowOnly(docs: RenderedDoc[], patterns: string[], match: (p: string, s: string) => boolean): RenderedDoc[] {
  const out: RenderedDoc[] = [];
  for (const raw of patterns) {
    const p = raw.replace(/\\/g, '/');
    const hits = docs.filter((d) => match(p, d.template.slice(d.template.indexOf('/') + 1)));
    if (hits.length === 0)
      throw new ChartError(`could not find template ${raw} in chart`, { hint: 'pass a path like templates/deployment.yaml (see the "# Source:" lines)' });
    out.push(...hits);
  }
  return out;
}
