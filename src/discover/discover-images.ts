// discoverImages: walks every rendered document once, asks each rule of the site table what it
// sees at each node, and keeps a candidate only where the reference grammar and the site agree.

import type { RenderedDoc } from '../helm/engine/render-types.js';
import type { ImageSite, ImageSource } from './image-site.js';
import { filledReference } from './sites/runtime-placeholders.js';
import { EMPTY_TAG, FORMAT_ERROR, NOT_AN_IMAGE, NO_APP_VERSION, TAG_ONLY, UNNAMED_PLACE, emptyTagName, isFormatError, notAnImage } from './sites/not-images.js';
import { isImageShaped, type CandidateAudit, type Rejection } from './verdicts/audit.js';
import { formatPath, type PathSegment } from './field-path.js';
import { refStrength, toImageRef } from './image-ref.js';
import { NOT_AN_IMAGE_WORD, isBuiltinApiVersion, type Candidate, type DocInfo, type SiteRule, type WalkNode } from './sites/site-rules.js';
import { SITE_TABLE } from './sites/site-table.js';
import { annotationSites, type ChartAnnotations } from './sites/annotation-images.js';
import { TextMemo } from '../util/text-memo.js';
import { crdDefaultSites, crdFileDocs } from './sites/crd-defaults.js';
import { sharedDocumentObject } from '../helm/release/manifests.js';
import { withoutUnreadDumpEntries } from './decoders/unread-dump-entries.js';
import { unselectedAt } from './decoders/selected-alternatives.js';

export interface DiscoverOptions {
  /** Chart.yaml annotations per chart (artifacthub.io/images, Bitnami's images). */
  charts?: readonly ChartAnnotations[];
  /** Replaces the site table (tests, experiments). */
  rules?: readonly SiteRule[];
  /**
   * Seen on every raw string before it is parsed: returns the string to parse. The values-path
   * search uses it to strip its markers (see values/value-markers.ts).
   */
  clean?: (raw: string) => string;
  /**
   * Each document's object is its text parsed (a renderer's output, not a built object): what the
   * site table finds in a document is then kept by its text, for a chart rendered many times.
   */
  parsedFromText?: boolean;
  /** Filled with every decision on a candidate and every image-shaped string met (images --explain). */
  audit?: CandidateAudit;
  /**
   * CustomResourceDefinitions Helm installs apart from the render (a chart's crds/ folder): their
   * schema defaults reach the render's resources as the render's own CRDs' do.
   */
  crds?: readonly RenderedDoc[];
  /**
   * Every site a document holds, also a values dump's entries no script reads: what a rewritten
   * field reads as, checked on one document apart from the scripts of the others (a dump's own
   * snippets' keys alone would count as all the keys read, and drop the rest).
   */
  everyEntry?: boolean;
}

/** Every image occurrence in the documents: certain ones and doubtful ones, in document order. */
export function discoverImages(docs: readonly RenderedDoc[], o: DiscoverOptions = {}): ImageSite[] {
  const rules = o.rules ?? SITE_TABLE;
  const sites: ImageSite[] = [];
  const positions = new Map<string, number>();
  for (const doc of docs) {
    const position = positions.get(doc.template) ?? 0;
    positions.set(doc.template, position + 1);
    if (o.parsedFromText && !o.rules && !o.audit) sites.push(...memoDocSites(doc, position, o.clean));
    else sites.push(...docSites(doc, position, rules, o.clean, o.audit));
  }
  // a field a resource leaves out that its CRD's schema defaults to an image: the resource pulls it
  if (!o.rules) sites.push(...crdDefaultSites(docs, o.crds?.length ? [...docs, ...o.crds] : docs, o.parsedFromText));
  // a crds/ CRD's image default no rendered resource brings: optional, as a rendered CRD's is
  if (!o.rules && o.crds?.length) {
    const rule = SITE_TABLE.filter((r) => r.id === 'crd-image-default');
    for (const { doc, position } of crdFileDocs(o.crds))
      sites.push(...(o.parsedFromText && !o.audit ? memoDocSites(doc, position, o.clean, rule) : docSites(doc, position, rule, o.clean, o.audit)));
  }
  for (const chart of o.charts ?? []) sites.push(...annotationSites(chart));
  // a values tree a script reads key by key: what it never reads is not pulled from there
  return dedupe(o.rules || o.everyEntry ? sites : withoutUnreadDumpEntries(sites, docs, o.audit));
}

function docSites(doc: RenderedDoc, position: number, rules: readonly SiteRule[], clean: DiscoverOptions['clean'], audit?: CandidateAudit): ImageSite[] {
  const sites: ImageSite[] = [];
  const info = toDocInfo(doc, position);
  if (!info) return sites;
  const active = rules.filter((r) => r.docs(info));
  const under = active.length > 0 && active.every((r) => r.leafUnder !== undefined && r.leafUnder === active[0]!.leafUnder) ? active[0]!.leafUnder : undefined;
  if (under !== undefined) walkLeavesUnder(doc.object, [], under, (node) => collect(node, active, clean, sites, audit), info, undefined);
  else if (active.length > 0) walk(doc.object, [], (node) => collect(node, active, clean, sites, audit), info);
  if (audit) auditShapes(info, audit, clean);
  return sites;
}

const CRD_TEXT = NOT_AN_IMAGE.find((r) => r.id === 'crd-schema')!;

/**
 * Every image-shaped string leaf of the document, for the audit's count of strings left without
 * a verdict. No rule reads a CustomResourceDefinition (its strings are its schema's prose and
 * examples): its shaped strings are rejected here, by the same rule as a CRD a ConfigMap carries.
 */
function auditShapes(info: DocInfo, audit: CandidateAudit, clean: DiscoverOptions['clean']): void {
  const crd = info.kind === 'CustomResourceDefinition';
  walk(
    info.doc.object,
    [],
    (n) => {
      if (typeof n.value !== 'string') return;
      const raw = (clean ? clean(n.value) : n.value).trim();
      if (!isImageShaped(raw)) return;
      const source = sourceOf({ raw, path: n.path, hint: 'loose' }, info);
      audit.shaped.push({ raw, source });
      if (crd) audit.decisions.push({ raw, source, rule: 'none', rejected: { id: CRD_TEXT.id, reason: CRD_TEXT.reason }, encodings: [] });
    },
    info,
  );
}

// A chart is rendered dozens of times with other values (the optional search) and most documents
// come out verbatim: the site table's findings for a rendered document are kept by its text and
// where it sits. Each caller gets copies of the sites.
const DOC_SITES = new TextMemo<Map<string, ImageSite[]>>(32 * 1024 * 1024);
const CLEANERS = new WeakMap<NonNullable<DiscoverOptions['clean']>, number>();
let nextCleaner = 1;

function memoDocSites(doc: RenderedDoc, position: number, clean: DiscoverOptions['clean'], rules: readonly SiteRule[] = SITE_TABLE): ImageSite[] {
  let cleaner = 0;
  if (clean) {
    cleaner = CLEANERS.get(clean) ?? 0;
    if (cleaner === 0) CLEANERS.set(clean, (cleaner = nextCleaner++));
  }
  const key = `${rules === SITE_TABLE ? '' : rules.map((r) => r.id).join(',')}\0${cleaner}\0${position}\0${doc.template}\0${doc.chart}\0${doc.appVersion ?? ''}\0${doc.hook ? 1 : 0}`;
  let byPlace = DOC_SITES.get(doc.text);
  if (!byPlace) DOC_SITES.set(doc.text, (byPlace = new Map()));
  let sites = byPlace.get(key);
  if (!sites) byPlace.set(key, (sites = docSites(readOnly(doc), position, rules, clean)));
  return sites.map((s) => ({ ...s, valuesPaths: [...s.valuesPaths] }));
}

/**
 * The document with the renderer's parse of its text as its object, not a copy of it: the site
 * rules only read what they walk, and a document here is its text parsed (parsedFromText).
 */
function readOnly(doc: RenderedDoc): RenderedDoc {
  const object = sharedDocumentObject(doc);
  return {
    chart: doc.chart,
    template: doc.template,
    text: doc.text,
    object,
    ...(doc.unreadable !== undefined ? { unreadable: doc.unreadable } : {}),
    ...(doc.hook !== undefined ? { hook: doc.hook } : {}),
    ...(doc.appVersion !== undefined ? { appVersion: doc.appVersion } : {}),
  };
}

function toDocInfo(doc: RenderedDoc, position: number): DocInfo | undefined {
  const o = doc.object;
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return undefined;
  const r = o as Record<string, unknown>;
  const apiVersion = typeof r.apiVersion === 'string' ? r.apiVersion : '';
  const kind = typeof r.kind === 'string' ? r.kind : '';
  const meta = r.metadata as Record<string, unknown> | undefined;
  const name = meta && typeof meta.name === 'string' ? meta.name : '';
  const annotations = meta?.annotations as Record<string, unknown> | undefined;
  const hook = annotations && typeof annotations['helm.sh/hook'] === 'string' ? annotations['helm.sh/hook'] : undefined;
  return { doc, apiVersion, kind, name, custom: apiVersion !== '' && !isBuiltinApiVersion(apiVersion), position, ...(hook ? { hook } : {}) };
}

// The walk and the rules' loop run once per node and rule of every document of every render, mostly
// before V8 optimises them: indexed loops, not for-of over Object.entries or the rules' answers,
// whose iterators and entry pairs were an eighth of what an optional search of gpu-operator
// allocated (52 -> 45 MB; a run's scavenges lower V8's limit for a full collection).
function walk(value: unknown, path: PathSegment[], visit: (n: WalkNode) => void, info: DocInfo, parent?: unknown): void {
  visit({ info, path, value, parent });
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) walk(value[i], [...path, i], visit, info, value);
  } else if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    for (let i = 0; i < keys.length; i++) walk(o[keys[i]!], [...path, keys[i]!], visit, info, value);
  }
}

/**
 * The string leaves whose key, or whose parent's key, is `key`, in the order walk() visits them:
 * `path` is one array pushed and popped on the way, copied only for a leaf visited.
 */
function walkLeavesUnder(value: unknown, path: PathSegment[], key: string, visit: (n: WalkNode) => void, info: DocInfo, parent: unknown): void {
  if (typeof value === 'string') {
    if (path[path.length - 1] === key || path[path.length - 2] === key) visit({ info, path: [...path], value, parent });
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walkLeavesUnder(value[i], path, key, visit, info, value);
      path.pop();
    }
  } else if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    for (let i = 0; i < keys.length; i++) {
      path.push(keys[i]!);
      walkLeavesUnder(o[keys[i]!], path, key, visit, info, value);
      path.pop();
    }
  }
}

function collect(node: WalkNode, rules: readonly SiteRule[], clean: DiscoverOptions['clean'], out: ImageSite[], audit?: CandidateAudit): void {
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!;
    const found = rule.find(node);
    for (let i = 0; i < found.length; i++) {
      const site = judge(found[i]!, rule, node.info, clean, audit);
      if (site) out.push(site);
    }
  }
}

function judge(slotted: Candidate, rule: SiteRule, info: DocInfo, clean: DiscoverOptions['clean'], audit?: CandidateAudit): ImageSite | undefined {
  if (slotted.tagOnly) {
    if (audit) decide(audit, clean ? clean(slotted.raw) : slotted.raw, slotted, rule, info, { partial: TAG_ONLY });
    return undefined;
  }
  const c = slotted.versionSlot ? withAppVersion(slotted, info) : slotted;
  if (!c) {
    if (audit) decide(audit, clean ? clean(slotted.raw) : slotted.raw, slotted, rule, info, { rejected: NO_APP_VERSION });
    return undefined;
  }
  const raw = clean ? clean(c.raw) : c.raw;
  if (raw === '') return undefined;
  if (isFormatError(raw)) {
    if (audit) decide(audit, raw.trim(), c, rule, info, { rejected: FORMAT_ERROR });
    return undefined;
  }
  const filled = filledReference(raw);
  // a placeholder first: `:__IMAGE_TAG__` is a tag to the grammar, no tag to a registry
  const ref = filled?.ref ?? toImageRef(raw);
  const strength = ref ? refStrength(ref) : 'invalid';
  // A bare `true` or `always` under an image-ish name is a setting, not an image.
  if (strength === 'bare' && c.hint !== 'plain' && c.hint !== 'loose' && NOT_AN_IMAGE_WORD.test(raw.trim())) return undefined;
  const verdict = rule.accept[c.hint][strength];
  if (verdict === 'skip') {
    // a name whose tag value the chart left unset (`acme/x:`) is no reference, but reads as one
    if (audit && !ref && emptyTagName(raw.trim(), c.hint)) decide(audit, raw.trim(), c, rule, info, { rejected: EMPTY_TAG });
    // the audit's reason: what the string is, where a rule knows (a CRD's prose), else the place
    else if (audit && isImageShaped(raw)) {
      const not = notAnImage({ ...c, raw }, ref, info);
      decide(audit, raw, c, rule, info, { rejected: not ? { id: not.id, reason: not.reason } : UNNAMED_PLACE });
    }
    return undefined;
  }
  // a pod spec pulls whatever it names; elsewhere an image-shaped string may be something else,
  // or one of the alternatives a resource's own field does not select (a MeshConfig's sidecar drivers)
  const unselected = c.unselected ?? (c.suffix === undefined && rule.site !== 'pod-spec' ? unselectedAt(info.doc.object, c.path) : undefined);
  const not = rule.site === 'pod-spec' ? undefined : notAnImage({ ...c, raw, ...(unselected ? { unselected } : {}) }, ref, info);
  if (not) {
    if (audit) decide(audit, raw, c, rule, info, { rejected: { id: not.id, reason: not.reason } });
    return undefined;
  }
  if (audit) decide(audit, raw, c, rule, info, { listed: ref ? ref.normalized : raw });
  return {
    ref: ref ? ref.normalized : raw,
    raw: c.raw,
    certainty: verdict,
    site: typeof rule.site === 'function' ? rule.site(info) : rule.site,
    source: sourceOf(c, info),
    valuesPaths: [],
    ...(c.off ? { switchedOff: formatPath(c.off) } : {}),
    ...(c.setting ? { toggle: c.setting } : {}),
    ...(c.encodings?.length ? { encodings: c.encodings } : {}),
    ...(c.composition ? { composition: c.composition } : {}),
    // a reference the program completes (`:v1_${DB_VERSION}`): no registry has it as written
    ...(filled && ref === filled.ref ? { certainty: 'doubtful' as const, filledAtRunTime: filled.names } : {}),
  };
}

/** What judge decided for a candidate, for the audit (only when one is asked for: plain discovery pays nothing). */
function decide(
  audit: CandidateAudit,
  raw: string,
  c: Candidate,
  rule: SiteRule,
  info: DocInfo,
  more: { listed: string } | { rejected: Rejection } | { partial: Rejection },
): void {
  audit.decisions.push({ raw, source: sourceOf(c, info), rule: rule.id, encodings: c.encodings ?? [], ...more });
}

function sourceOf(c: Candidate, info: DocInfo): ImageSource {
  return {
    chart: info.doc.chart,
    template: info.doc.template,
    kind: info.kind,
    name: info.name,
    fieldPath: formatPath(c.path) + (c.suffix ?? ''),
    ...(info.position !== undefined ? { position: info.position } : {}),
    ...(info.hook ? { hook: info.hook } : {}),
  };
}

/** A name with an empty version, tagged with its chart's appVersion; none known, no image. */
function withAppVersion(c: Candidate, info: DocInfo): Candidate | undefined {
  const v = info.doc.appVersion;
  return v ? { ...c, raw: `${c.raw}:${v}` } : undefined;
}

const siteKey = (s: ImageSite): string => `${s.source.template}\0${s.source.kind}\0${s.source.name}\0${s.source.fieldPath}\0${s.ref}`;

/**
 * One site per (document, field, reference): a certain reading wins over a doubtful one of the
 * same field, so the catch-all rule never repeats what a named rule found.
 */
function dedupe(sites: ImageSite[]): ImageSite[] {
  const keys = sites.map(siteKey);
  const certain = new Set(keys.filter((_, i) => sites[i].certainty === 'certain'));
  const seen = new Set<string>();
  const out: ImageSite[] = [];
  for (let i = 0; i < sites.length; i++) {
    const s = sites[i];
    if (seen.has(keys[i]) || (s.certainty === 'doubtful' && certain.has(keys[i]))) continue;
    seen.add(keys[i]);
    out.push(s);
  }
  return out;
}
