// The post-renderer's reach to a field a resource leaves out: a CRD's default it would take, an
// operator's override that is a field of its resource. The fields are added to the document's
// text (postrender-inject.ts insertFields), and the document is read back with discovery over the
// whole stream before the edit is kept.
import { discoverImages } from '../discover/discover-images.js';
import { formatPath } from '../discover/field-path.js';
import type { ImageSite } from '../discover/image-site.js';
import { toImageRef } from '../discover/image-ref.js';
import { getIn } from '../discover/value-markers.js';
import { builtinImages } from '../discover/builtin-images.js';
import { toGoValue } from '../helm/values/yaml.js';
import { notMoved, type MovedImage, type NotMovedImage } from './image-accounting.js';
import { applyToCopy, insertFields } from './postrender-inject.js';
import type { DocPlan } from './postrender-plan.js';
import { asSources, placeOf, type StreamSites } from './postrender-stream.js';
import type { PostrenderChange } from './postrender.js';

/** What a post-render found so far: its edits, warnings, and every image moved or not. */
export interface Found {
  changes: PostrenderChange[];
  warnings: string[];
  moved: MovedImage[];
  left: NotMovedImage[];
}

/** A string field the post-renderer adds to a resource: what it moves (`site`, to `to`) and why the field. */
export interface FieldSet {
  site: ImageSite;
  at: (string | number)[];
  value: string;
  to: string;
  what: string;
}

/**
 * Adds the fields (postrender-inject.ts insertFields), then reads the document back as discovery
 * does, with the stream's CRDs and operators: each image must come out at its target at that
 * field, and no CRD default or built-in default of the resource may still name the image; else
 * the document is left as it was, the image named with why.
 */
export function setResourceFields(text: string, plan: DocPlan, fields: readonly FieldSet[], at: { i: number; stream: StreamSites }, f: Found): void {
  const { insertions, refused } = insertFields(text, plan.doc, fields);
  const copy = plan.doc.clone();
  for (const ins of insertions) applyToCopy(copy, ins);
  const rendered = at.stream.rendered.map((r, n) => (n === at.i ? { ...r, object: toGoValue(copy.contents, copy) } : r));
  const here = (s: ImageSite) => placeOf(s) === at.stream.places[at.i];
  const all = discoverImages(rendered);
  const mine = all.filter(here);
  const still = [...mine.filter((s) => s.crdDefault), ...builtinImages(rendered, asSources(all, at.stream.to)).sites.filter(here)];
  const failed = new Map<number, string>();
  fields.forEach((x, n) => {
    if (refused.has(n)) return;
    const want = toImageRef(x.to)?.normalized ?? x.to;
    const back = x.site.builtin ? getIn(rendered[at.i]!.object, x.at) === x.value : mine.some((s) => s.source.fieldPath === formatPath(x.at) && s.ref === want);
    if (!back) failed.set(n, `the resource does not read back as ${want} there`);
    else if (still.some((s) => s.ref === x.site.ref && sameSource(s, x.site))) failed.set(n, `the resource still pulls ${x.site.ref}`);
  });
  const bad = new Set([...refused.keys(), ...failed.keys()]);
  // an insertion holds several fields: it goes in only when every one of them came out right
  for (const ins of insertions) if (!(ins.add as { fields: FieldSet[] }).fields.some((x) => bad.has(fields.indexOf(x)))) plan.inserts.push(ins);
  const inserted = new Set(plan.inserts.flatMap((ins) => ('fields' in ins.add ? ins.add.fields : [])));
  fields.forEach((x, n) => {
    const field = formatPath(x.at);
    const where = `${plan.name} ${field}`;
    if (!inserted.has(x)) {
      const why = refused.get(n) ?? failed.get(n) ?? 'another field added with it could not be';
      const detail = `${x.what}; ${field} cannot be added: ${why}`;
      f.warnings.push(`${plan.name}: ${field}: ${x.site.ref} left as it is (${detail})`);
      f.left.push(notMoved(x.site.ref, x.site.builtin ? 'builtin' : 'out-of-reach', { detail, where }));
      return;
    }
    f.changes.push({ document: plan.name, fieldPath: field, from: x.site.ref, to: x.value });
    f.moved.push({ source: x.site.ref, target: x.to, by: `${at.stream.to.by(x.site.ref)}, ${field} set`, where });
  });
}

const sameSource = (a: ImageSite, b: ImageSite): boolean =>
  a.source.template === b.source.template &&
  a.source.position === b.source.position &&
  (a.builtin ? a.builtin.at === b.builtin?.at : a.source.fieldPath === b.source.fieldPath);
