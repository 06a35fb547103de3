// The post-renderer's core: a manifest stream in, the same stream out with every certain image
// pointed at the target. Discovery decides what is an image (the same site table as `images` and
// `bundle`); this module only edits the source text of those scalars, so comments, quoting,
// separators, `# Source:` headers and Helm's annotations survive byte for byte. Every result is
// re-parsed and compared with the intended objects before it is handed out.

import { isMap, isScalar, parseAllDocuments, type Document } from 'yaml';
import { goYamlText } from '../sprig/go-yaml-text.js';
import { parsePath } from '../discover/field-path.js';
import { isTestHook, type ImageSite } from '../discover/image-site.js';
import { accounting, notMoved, type ImageAccounting, type MovedImage, type NotMovedImage, type NotMovedReason } from './image-accounting.js';
import { toGoValue } from '../helm/values/yaml.js';
import { addEdit, addEncodedEdit, type DocPlan } from './postrender-plan.js';
import { AirgapError } from '../util/errors.js';
import { copiesFollow, mapPlacement, targetPlacement, withPins, type Placement } from './placement.js';
import { sourcesAmong } from '../discover/sites/index.js';
import type { MappingNaming, MappingTarget } from './image-mapping.js';
import type { ImageMap } from '../bundle/image-map.js';
import { applySplices, replaceTokens, scalarSource, type Splice } from './postrender-splice.js';
import { applyToCopy } from './postrender-inject.js';
import { streamSites, type LockedCrdDefault, type StreamSites } from './postrender-stream.js';
import { setDataSites, setOperatorDefaults, setResourceFields, type FieldSet, type Found, type InData } from './postrender-fields.js';
import { crdDefaultReason } from '../discover/sites/index.js';
import type { RenderedDoc } from '../helm/engine/render-types.js';
import { scalarText } from './data-fields.js';

export class PostrenderError extends AirgapError {
  constructor(message: string, hint: string) {
    super(message, { code: 'ERR_POSTRENDER', hint });
  }
}

/** Where images go: a target registry (every image, by naming) or a map (only the images it names). */
export type PostrenderOptions = ({ target: MappingTarget; naming?: MappingNaming } | { map: ImageMap }) & {
  /** Normalised references that may be rewritten (a bundle's lock); absent: every certain image. */
  allowed?: ReadonlySet<string>;
  /** Pin each image to its digest: the map's, the chart's own, or `locked`'s (source reference → digest). */
  pinDigests?: boolean;
  locked?: ReadonlyMap<string, string>;
  /**
   * Fields a bundle's lock says a resource leaves to its CRD's default (a site with `crdDefault`):
   * set where the stream has the resource and not the CRD (a chart's crds/ folder reaches no
   * post-renderer).
   */
  crdDefaults?: readonly LockedCrdDefault[];
};

interface Route {
  to: Placement;
  allowed?: ReadonlySet<string>;
  pin?: boolean;
}

function routeOf(o: PostrenderOptions): Route {
  const pinned = (to: Placement) => (o.pinDigests ? withPins(to) : to);
  if ('map' in o)
    return {
      to: pinned(mapPlacement(o.map, 'map', o.locked)),
      allowed: o.allowed,
      pin: o.pinDigests,
    };
  return { to: pinned(targetPlacement(o.target, o.naming ?? 'full', '', o.locked)), allowed: o.allowed, pin: o.pinDigests };
}

export interface PostrenderChange {
  /** `# Source:` of the document (or its position, "document 3"). */
  document: string;
  fieldPath: string;
  from: string;
  to: string;
}

export interface PostrenderResult {
  output: string;
  changes: PostrenderChange[];
  /** Images left as they were, each with why (not in the lock, doubtful, not a plain scalar). */
  warnings: string[];
  /** Every certain image: moved (where, by what) or not (why). */
  accounting: ImageAccounting;
}

const PARSE = { schema: 'failsafe', uniqueKeys: false, merge: false, strict: false } as const;

export function postrenderManifests(given: string, o: PostrenderOptions): PostrenderResult {
  // what Helm printed, as our parser reads it (same values; only flow-collection indentation moves)
  const text = goYamlText(given);
  const docs = parseStream(text, 'stdin');
  const changes: PostrenderChange[] = [];
  const warnings: string[] = [];
  const route = routeOf(o);
  const moved: MovedImage[] = [];
  const left: NotMovedImage[] = [];
  const stream = streamSites(
    docs.map((doc, i): RenderedDoc => {
      const name = documentName(doc, i);
      const chart = name.includes('/templates/') ? name.slice(0, name.lastIndexOf('/templates/')) : '';
      return { chart, template: name, text: '', object: toGoValue(doc.contents, doc) };
    }),
    o.crdDefaults ?? [],
    route.to,
  );
  // a copy in the chart's own in-cluster registry of an image the stream names follows that image
  const routed = { ...route, to: copiesFollow(route.to, sourcesAmong(stream.sites.flat())) };
  const plans = docs.map((doc, i) => planDocument(text, doc, i, routed, { changes, warnings, moved, left }, stream));
  const modes = plans.map(() => 'literal' as 'literal' | 'quoted');
  let output = render(text, plans, modes);
  const bad = mismatches(output, plans);
  if (bad.length > 0) {
    for (const i of bad) modes[i] = 'quoted';
    output = render(text, plans, modes);
    const still = mismatches(output, plans);
    if (still.length > 0) {
      throw new PostrenderError(
        `${plans[still[0]].name}: rewriting the images would change other content`,
        'report this manifest to helm-airgap; use values overrides meanwhile',
      );
    }
  }
  // the documents left as they were go out as Helm printed them, not as re-indented to be read
  const printed = text === given ? [] : asPrinted(given, text, docs, plans);
  if (printed.length > 0) output = render(text, plans, modes, printed);
  return { output, changes, warnings, accounting: accounting(moved, left) };
}

/** A document marker line (go-yaml ends a document there even inside quotes, so goYamlText keeps it). */
const MARKER = /^---(?=[ \t]|\r?$)/gm;

/**
 * Splices that put back Helm's text of each part between document markers whose documents no
 * edit touches, where goYamlText re-indented the stream to read it: the same markers in both
 * texts, or none (the whole output then as re-indented, as before).
 */
function asPrinted(given: string, text: string, docs: readonly Document[], plans: readonly DocPlan[]): Splice[] {
  const cuts = (t: string) => [0, ...[...t.matchAll(MARKER)].map((m) => m.index), t.length];
  const [g, r] = [cuts(given), cuts(text)];
  if (g.length !== r.length || g.some((at, j) => given.slice(at, at + 3) !== text.slice(r[j]!, r[j]! + 3))) return [];
  const touched = new Set<number>();
  docs.forEach((d, i) => {
    if (plans[i]!.scalars.size === 0 && plans[i]!.inserts.length === 0) return;
    touched.add(r.findLastIndex((at, j) => j < r.length - 1 && at <= (d.range?.[0] ?? 0)));
  });
  const out: Splice[] = [];
  for (let j = 0; j < r.length - 1; j++) {
    const before = given.slice(g[j], g[j + 1]);
    if (!touched.has(j) && before !== text.slice(r[j], r[j + 1])) out.push({ start: r[j]!, end: r[j + 1]!, text: before });
  }
  return out;
}

function parseStream(text: string, what: string): Document[] {
  const parsed = parseAllDocuments(text, PARSE);
  const docs = Array.isArray(parsed) ? parsed : [];
  docs.forEach((doc, i) => {
    const err = doc.errors[0];
    if (!err) return;
    const line = err.linePos?.[0].line;
    const reason = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new PostrenderError(
      `${what}: ${documentName(doc, i)}${line ? ` (line ${line})` : ''}: cannot parse YAML: ${reason}`,
      'the post-renderer needs the manifests Helm rendered; check the chart renders with helm template',
    );
  });
  return docs;
}

/** The `# Source:` header Helm writes after each `---`, else Helm 4's filename annotation. */
function documentName(doc: Document, i: number): string {
  const comments = [doc.commentBefore, (doc.contents as { commentBefore?: string | null } | null)?.commentBefore].filter(Boolean).join('\n');
  const m = /^\s*Source: (.+)$/m.exec(comments);
  if (m) return m[1].trim();
  const file = doc.getIn(['metadata', 'annotations', 'postrenderer.helm.sh/postrender-filename']);
  return typeof file === 'string' ? file : `document ${i + 1}`;
}

function planDocument(text: string, doc: Document, i: number, o: Route, found: Found, stream: StreamSites): DocPlan {
  const { changes, warnings, moved, left } = found;
  const name = documentName(doc, i);
  const object = stream.rendered[i]!.object;
  const plan: DocPlan = { name, doc, scalars: new Map(), inserts: [] };
  const chart = stream.rendered[i]!.chart;
  const sites = stream.sites[i]!;
  const fields: FieldSet[] = [];
  setOperatorDefaults(text, plan, stream.builtin[i]!, o, found, fields, object);
  const inData: InData[] = [];
  for (const site of sites) {
    const why = skipReason(site, o);
    const where = `${name} ${site.source.fieldPath}`;
    // a reference joined from fields of data: those fields are set (below), once all are known
    const joined = (site.composition?.fields.length ?? 0) > 1;
    if (joined && site.certainty === 'certain' && why !== undefined) inData.push({ site, where });
    if (why === 'target') {
      left.push(notMoved(site.ref, 'at-target', { where }));
      continue;
    }
    if (why) {
      warnings.push(`${name}: ${site.source.fieldPath}: ${site.raw} left as it is (${why})`);
      // a switched-off component's image, or a CRD's default, is pulled only once someone turns it on
      // or makes such a resource: named in the warning, not counted as pulled from outside
      if (site.certainty === 'certain' && !site.switchedOff) left.push(notMoved(site.ref, leftReason(site, why), { where }));
      continue;
    }
    const to = o.to.mapRef(site.ref);
    // a field the resource leaves to its CRD's default: set in the resource, which then pulls the target
    if (site.crdDefault && doc.getIn(parsePath(site.source.fieldPath), true) === undefined) {
      fields.push({ site, at: parsePath(site.source.fieldPath), value: to, to, what: crdDefaultReason(site.crdDefault) });
      continue;
    }
    const edited = !joined && addEdit(doc, plan, site, to);
    if (!edited && site.composition) {
      inData.push({ site, where, to });
      continue;
    }
    if (!edited && !joined && addEncodedEdit(doc, plan, site, to)) {
      changes.push({ document: name, fieldPath: site.source.fieldPath, from: site.raw, to });
      moved.push({ source: site.ref, target: to, by: o.to.by(site.ref), where });
      continue;
    }
    if (!edited) {
      warnings.push(`${name}: ${site.source.fieldPath}: ${site.raw} left as it is (not a single string field; set it through values)`);
      left.push(notMoved(site.ref, 'out-of-reach', { detail: 'not a single string field; set it through values', where }));
      continue;
    }
    changes.push({ document: name, fieldPath: site.source.fieldPath, from: site.raw, to });
    moved.push({ source: site.ref, target: to, by: o.to.by(site.ref), where });
    if (o.pin && !o.to.digest(site.ref)) warnings.push(`${name}: ${site.source.fieldPath}: ${site.raw} not pinned (digest unknown: not in the map or lock)`);
    else if (o.pin && isMap(doc.getIn(parsePath(site.source.fieldPath.split(' > ')[0]), true)))
      warnings.push(`${name}: ${site.source.fieldPath}: ${site.raw} not pinned (a {repository, tag} block: only its name fields are rewritten)`);
  }
  if (inData.length > 0) setDataSites(doc, plan, inData, { chart, object }, { changes, warnings, moved, left }, o);
  if (fields.length > 0) setResourceFields(text, plan, fields, { i, stream }, found);
  return plan;
}

function skipReason(site: ImageSite, o: Route): string | undefined {
  // already rewritten (a second run, or a chart already pointing at the mirror): leave it
  if (o.to.placed(site.ref) && o.to.moves(site.ref)) return 'target';
  // at a map's destination, whatever tag or digest it is spelled with there (a second run, the
  // output of `kubectl kustomize` on an overlay `kustomize --map` wrote, a chart set by `values`)
  if (o.to.arrived(site.ref) && !o.to.moves(site.ref)) return 'target';
  if (site.certainty !== 'certain') return 'doubtful: not certainly an image';
  if (!o.to.moves(site.ref)) return 'not in the map';
  if (o.allowed && !o.allowed.has(site.ref)) return 'not in the lock';
  return undefined;
}

/** A test hook's image is pulled by `helm test` only, not by the install. */
function leftReason(site: ImageSite, why: string): NotMovedReason {
  if (isTestHook(site.source)) return 'test-only';
  return why === 'not in the lock' ? 'not-in-lock' : 'not-in-map';
}

function render(text: string, plans: readonly DocPlan[], modes: readonly ('literal' | 'quoted')[], printed: readonly Splice[] = []): string {
  const splices: Splice[] = [...printed];
  plans.forEach((p, i) => {
    for (const s of p.scalars.values()) {
      const source = text.slice(s.start, s.end);
      if (s.whole === undefined) splices.push({ start: s.start, end: s.end, text: scalarSource(source, s.value, s.edits, modes[i]) });
      else {
        const value = replaceTokens(s.whole, s.edits);
        const tail = /\s*$/.exec(source)?.[0] ?? '';
        const written = modes[i] === 'literal' ? scalarText({ type: s.type }, source, value) : JSON.stringify(value);
        splices.push({ start: s.start, end: s.end, text: /\s$/.test(written) ? written : written + tail });
      }
    }
    splices.push(...p.inserts.map((x) => x.splice));
  });
  return applySplices(text, splices);
}

/** Indexes of documents whose re-parsed value is not exactly the intended one. */
function mismatches(output: string, plans: readonly DocPlan[]): number[] {
  const docs = parseAllDocuments(output, PARSE);
  const list = Array.isArray(docs) ? docs : [];
  const bad: number[] = [];
  plans.forEach((p, i) => {
    if (p.scalars.size === 0 && p.inserts.length === 0) return;
    const doc = list[i];
    if (!doc || doc.errors.length > 0 || JSON.stringify(toGoValue(doc.contents, doc)) !== JSON.stringify(expected(p))) bad.push(i);
  });
  return list.length === plans.length ? bad : plans.map((_, i) => i);
}

/** The document's value with the new strings set in a copy of its tree (aliases of an edited anchor follow it). */
function expected(p: DocPlan): unknown {
  const copy = p.doc.clone();
  for (const s of p.scalars.values()) {
    const node = copy.getIn(s.path, true);
    if (isScalar(node)) node.value = s.whole === undefined ? scalarSource(s.value, s.value, s.edits, 'literal') : replaceTokens(s.whole, s.edits);
  }
  for (const x of p.inserts) applyToCopy(copy, x);
  return toGoValue(copy.contents, copy);
}
