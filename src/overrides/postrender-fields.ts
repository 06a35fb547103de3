// The post-renderer's reach to fields no image site of the document is: a field a resource leaves
// out (a CRD's default it would take, an operator's override that is a field of its resource), an
// operator's setting for its compiled-in defaults (env/args of its container), and the fields of
// data a reference is joined from. The fields are added to the document's text
// (postrender-inject.ts), and the document is read back with discovery before the edit is kept.
import { discoverImages } from '../discover/discover-images.js';
import { formatPath } from '../discover/field-path.js';
import type { ImageSite } from '../discover/image-site.js';
import { toImageRef } from '../discover/image-ref.js';
import { getIn } from '../discover/values/index.js';
import { builtinImages } from '../discover/operators/index.js';
import { toGoValue } from '../helm/values/yaml.js';
import { notMoved, type MovedImage, type NotMovedImage } from './image-accounting.js';
import { applyToCopy, insertFields, insertInto, type Additions } from './postrender-inject.js';
import type { DocPlan } from './postrender-plan.js';
import { asSources, CONTAINER, placeOf, type StreamSites } from './postrender-stream.js';
import type { PostrenderChange } from './postrender.js';
import { isScalar, type Document, type Scalar } from 'yaml';
import { parsePath } from '../discover/field-path.js';
import { fieldPathToSet, overrideValue } from '../discover/operators/index.js';
import { OPERATOR_DEFAULTS } from '../discover/operators/index.js';
import { isRecord } from '../util/is-record.js';
import { setWhole } from './postrender-plan.js';
import { planComposedFields, type ComposedSite } from './composed-fields.js';
import { DataFieldError, setDataFields } from './data-fields.js';
import type { Placement } from './placement.js';

/** Where the post-render sends images, and (a bundle's lock) which ones it may. */
export interface FieldRoute {
  to: Placement;
  allowed?: ReadonlySet<string>;
}

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
  /** The name of the list item a number of `at` makes (a list the resource does not have yet). */
  item?: string;
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

/**
 * An operator this document runs pulls defaults compiled into it: where the operator has a
 * setting for one (an env var, a flag), set it to the target in its container.
 */
export function setOperatorDefaults(
  text: string,
  plan: DocPlan,
  builtin: readonly ImageSite[],
  o: FieldRoute,
  { changes, warnings, moved }: Found,
  fields: FieldSet[],
  object: unknown,
): void {
  // per container and list, one insertion: a second into an env list the first creates would make two
  const groups = new Map<string, { path: (string | number)[]; kind: 'env' | 'args'; sites: ImageSite[] }>();
  for (const site of builtin) {
    const b = site.builtin!;
    if (!o.to.moves(site.ref) || (o.allowed && !o.allowed.has(site.ref))) continue;
    const inContainer = CONTAINER.test(site.source.fieldPath);
    if (b.overrideField && (!inContainer || (!b.overrideEnv && !b.overrideFlag))) {
      const said = `${plan.name}: ${site.source.fieldPath}: ${site.ref} (built-in default of ${b.operator})`;
      if (inContainer) {
        // the resources of the stream that leave the field out get it (reconciledFields); later ones need it too
        const kinds = (OPERATOR_DEFAULTS.find((e) => e.operator === b.operator)?.resources ?? []).map((r) => r.kind).join(' or ');
        warnings.push(
          `${said} left as it is for resources made later (its setting is field ${b.overrideField} of each ${kinds || 'resource it reconciles'}: set it there)`,
        );
      } else if (/(^|\.)(tag|version)$/i.test(b.overrideField))
        warnings.push(`${said} left as it is (its setting, ${b.overrideField}, holds only the tag: mirror its registry on the nodes)`);
      else {
        const to = o.to.mapRef(site.ref);
        const at = isRecord(object) ? fieldPathToSet(object, b.overrideField) : undefined;
        // a registry the resource holds already, which the operator joins into this default
        // (HwameiStor's spec.drbd.shipper.registry): set in place, as a site's field is
        const held = at && b.overrideTakes === 'registry' ? plan.doc.getIn(at.at, true) : undefined;
        if (isScalar(held) && typeof held.value === 'string') {
          const value = overrideValue(to, b.overrideTakes, site.ref);
          setWhole(plan, held, at!.at, value);
          changes.push({ document: plan.name, fieldPath: formatPath(at!.at), from: held.value, to: value });
          moved.push({ source: site.ref, target: to, by: `${o.to.by(site.ref)}, ${formatPath(at!.at)} set`, where: `${plan.name} ${formatPath(at!.at)}` });
        } else if (at) fields.push({ site, ...at, value: overrideValue(to, b.overrideTakes, site.ref), to, what: `built-in default of ${b.operator}` });
        else warnings.push(`${said} left as it is (the list item its setting ${b.overrideField} names is not in the resource: set it there)`);
      }
      continue;
    }
    if (!b.overrideEnv && !b.overrideFlag && !b.overrideField && inContainer) {
      // no setting reaches it (Shulker's Minecraft images, pulled for resources made later): said,
      // as a field's default for later resources is, not passed over in silence; values counts it
      const host = toImageRef(site.ref)?.domain ?? 'its registry';
      warnings.push(
        `${plan.name}: ${site.source.fieldPath}: ${site.ref} (built-in default of ${b.operator}) left as it is (${b.operator} has no setting for it: make ${b.pulledBy ?? "the nodes' container runtime"} pull ${host} from the target, a registry mirror)`,
      );
      continue;
    }
    if ((!b.overrideEnv && !b.overrideFlag) || !inContainer) continue;
    // an operator that honours the setting only with a digest (Grafana's RELATED_IMAGE_GRAFANA) gets none without one
    if (b.overrideTakes === 'digest' && !o.to.mapRef(site.ref).includes('@sha256:')) {
      warnings.push(
        `${plan.name}: ${site.source.fieldPath}: ${site.ref} (built-in default of ${b.operator}) left as it is (its setting takes a reference pinned by digest: --pin-digests)`,
      );
      continue;
    }
    const kind = b.overrideEnv ? 'env' : 'args';
    const key = `${site.source.fieldPath}\0${kind}`;
    const g = groups.get(key) ?? { path: parsePath(site.source.fieldPath), kind, sites: [] };
    g.sites.push(site);
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    const value = (s: ImageSite) => overrideValue(o.to.mapRef(s.ref), s.builtin!.overrideTakes, s.ref);
    const add: Additions =
      g.kind === 'env'
        ? { env: g.sites.map((s) => ({ name: s.builtin!.overrideEnv!, value: value(s) })) }
        : { args: g.sites.map((s) => `${s.builtin!.overrideFlag}=${value(s)}`) };
    const ins = insertInto(text, plan.doc, g.path, add);
    for (const site of g.sites) {
      const b = site.builtin!;
      const setting = b.overrideEnv ? `env ${b.overrideEnv}` : `flag ${b.overrideFlag}`;
      if (!ins) {
        warnings.push(
          `${plan.name}: ${site.source.fieldPath}: ${site.ref} (built-in default of ${b.operator}) left as it is (no block env/args list to add ${setting} to: set it through values)`,
        );
        continue;
      }
      changes.push({ document: plan.name, fieldPath: `${site.source.fieldPath} ${setting}`, from: site.ref, to: value(site) });
      moved.push({
        source: site.ref,
        target: o.to.mapRef(site.ref),
        by: `${o.to.by(site.ref)}, ${setting} of ${b.operator} set`,
        where: `${plan.name} ${site.source.fieldPath}`,
      });
    }
    if (ins) plan.inserts.push(ins);
  }
}

/** A site inside data whose fields the post-renderer sets: `to` where it goes, absent when it stays. */
export interface InData {
  site: ImageSite;
  where: string;
  to?: string;
}

/**
 * Sets the fields of data the references were joined from (composed-fields.ts decides which,
 * data-fields.ts edits the text), then reads the document again as discovery does: a container
 * whose references do not come out exactly at their targets is left as it was, its images named.
 */
export function setDataSites(doc: Document, plan: DocPlan, sites: readonly InData[], at: { chart: string; object: unknown }, f: Found, o: FieldRoute): void {
  const container = (s: ImageSite) => s.source.fieldPath.split(' > ')[0]!;
  const input: ComposedSite[] = sites.map((s) => ({ container: container(s.site), composition: s.site.composition!, ref: s.site.ref, to: s.to }));
  const { sets, refused } = planComposedFields(input);
  const failed = new Map<string, string>();
  const wholes = new Map<string, { node: Scalar; path: (string | number)[]; value: string }>();
  for (const [key, groups] of sets) {
    const path = parsePath(key);
    const node = doc.getIn(path, true);
    if (!isScalar(node) || typeof node.value !== 'string') {
      failed.set(key, 'not a single string field');
      continue;
    }
    try {
      // from what an edit of the whole field made already (a reference a script's line names, in
      // the same base64 as the dump's entries): else that edit would be lost under this one
      const start = plan.scalars.get(node.range?.[0] ?? -1)?.whole ?? node.value;
      wholes.set(key, { node, path, value: groups.reduce((v, g) => setDataFields(v, g.levels, g.sets), start) });
    } catch (e) {
      if (!(e instanceof DataFieldError)) throw e;
      failed.set(key, e.message);
    }
  }
  // what discovery reads from the document so rewritten must be each target, exactly
  const copy = doc.clone();
  for (const w of wholes.values()) copy.setIn(w.path, w.value);
  const after = discoverImages([{ chart: at.chart, template: plan.name, text: '', object: toGoValue(copy.contents, copy) }], { everyEntry: true });
  sites.forEach((s, i) => {
    if (!s.to || refused.has(i) || failed.has(input[i]!.container)) return;
    const want = toImageRef(s.to)?.normalized ?? s.to;
    const read = after.filter((x) => x.source.fieldPath === s.site.source.fieldPath);
    if (!read.some((x) => x.ref === want))
      failed.set(input[i]!.container, `the rewritten fields read as ${read.map((x) => x.ref).join(', ') || 'no image'}, not ${want}`);
  });
  for (const [key, w] of wholes) if (!failed.has(key)) setWhole(plan, w.node, w.path, w.value);
  sites.forEach((s, i) => {
    if (!s.to) return;
    const why = refused.get(i) ?? failed.get(input[i]!.container);
    const field = s.site.source.fieldPath;
    if (why) {
      const detail = `a field it is joined from cannot be set: ${why}`;
      f.warnings.push(`${plan.name}: ${field}: ${s.site.raw} left as it is (${detail})`);
      f.left.push(notMoved(s.site.ref, 'out-of-reach', { detail, where: s.where }));
      return;
    }
    f.changes.push({ document: plan.name, fieldPath: field, from: s.site.raw, to: s.to });
    f.moved.push({ source: s.site.ref, target: s.to, by: o.to.by(s.site.ref), where: s.where });
  });
}
