// A post-render's plan for one document (postrender.ts): the string fields it edits, each edit
// taken from discovery's site, and the settings it adds to an operator's container.
import { isMap, isScalar, type Document, type Scalar } from 'yaml';
import { parsePath } from '../discover/field-path.js';
import type { ImageSite } from '../discover/image-site.js';
import { imageName } from './kustomize.js';
import { replaceTokens, type Replacement } from './postrender-splice.js';
import type { Insertion } from './postrender-inject.js';

export interface ScalarEdit {
  start: number;
  end: number;
  value: string;
  edits: Replacement[];
  path: (string | number)[];
  /** Fields set inside the string (a config a ConfigMap carries): its whole new value, before `edits`. */
  whole?: string;
  type?: Scalar['type'];
}

export interface DocPlan {
  name: string;
  doc: Document;
  scalars: Map<number, ScalarEdit>;
  /** Operator settings added to a container: its built-in default pointed at the target. */
  inserts: Insertion[];
}

export function setWhole(plan: DocPlan, node: Scalar, path: (string | number)[], whole: string): void {
  const [start, end] = node.range!;
  const cur = plan.scalars.get(start) ?? { start, end, value: node.value as string, edits: [], path };
  plan.scalars.set(start, { ...cur, whole, type: node.type });
}

export function addEdit(doc: Document, plan: DocPlan, site: ImageSite, to: string): boolean {
  const path = parsePath(site.source.fieldPath.split(' > ')[0]);
  const node = doc.getIn(path, true);
  if (isMap(node) && !site.source.fieldPath.includes(' > ')) return addBlockEdits(doc, plan, path, to, imageName(site.raw));
  if (!isScalar(node) || typeof node.value !== 'string') return false;
  if (node.value.includes(site.raw)) return addScalarEdit(plan, node, path, { from: site.raw, to });
  // a repository the consumer joins with a tag from another field (STEM_IMAGE + STEM_VERSION, --x-image
  // + --x-tag): the field ends in the name, the target keeps the tag, so the name alone changes; in
  // a file of key=value lines the name is its key's value (STEM-image-name + STEM-image-tag)
  const name = imageName(site.raw);
  const toName = imageName(to);
  const inLines = site.encodings?.at(-1) === 'lines';
  if (name === site.raw || !(node.value.endsWith(name) || inLines) || to.slice(toName.length) !== site.raw.slice(name.length)) return false;
  return addScalarEdit(plan, node, path, { from: name, to: toName });
}

/**
 * A reference inside a base64 field that no field setter reaches (KubeFlex's hook templates in a
 * Secret: YAML carrying its operator's own `{{.HookName}}` markers): the text is decoded, the
 * reference replaced as a whole token, and the field set to the text encoded again; a second
 * reference of the same field edits what the first left.
 */
export function addEncodedEdit(doc: Document, plan: DocPlan, site: ImageSite, to: string): boolean {
  if (site.encodings?.[0] !== 'base64') return false;
  const path = parsePath(site.source.fieldPath.split(' > ')[0]);
  const node = doc.getIn(path, true);
  if (!isScalar(node) || typeof node.value !== 'string') return false;
  const edit = { from: site.raw, to };
  const encoded = plan.scalars.get(node.range?.[0] ?? -1)?.whole ?? (node.value as string);
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  // not base64 as Kubernetes reads it (decoding drops what is not of the alphabet): left alone
  if (Buffer.from(text, 'utf8').toString('base64') !== encoded.replace(/\s+/g, '')) return false;
  const next = replaceTokens(text, [edit]);
  if (next === text || !node.range) return false;
  setWhole(plan, node, path, Buffer.from(next, 'utf8').toString('base64'));
  return true;
}

export function addScalarEdit(plan: DocPlan, node: Scalar, path: (string | number)[], edit: Replacement): boolean {
  if (!node.range || typeof node.value !== 'string') return false;
  // an edit that meets no whole occurrence would leave the field as it is while the image is
  // counted moved: not an edit, so the caller reports the image left where it is
  if (edit.from !== edit.to && replaceTokens(node.value, [edit]) === node.value) return false;
  const [start, end] = node.range;
  const cur = plan.scalars.get(start) ?? { start, end, value: node.value, edits: [], path };
  if (!cur.edits.some((e) => e.from === edit.from)) cur.edits.push(edit);
  plan.scalars.set(start, cur);
  return true;
}

/**
 * A {registry?, repository, tag, digest} block (Prometheus, Thanos... custom resources): the
 * name fields change, tag and digest stay. With a registry field the host goes there. A block of
 * other names (llmaz's BackendRuntime {image, version}, joined by its operator) has its name in
 * the field that holds the reference's name (`rawName`) whole.
 */
function addBlockEdits(doc: Document, plan: DocPlan, path: (string | number)[], to: string, rawName: string): boolean {
  const child = (k: string): Scalar | undefined => {
    const n = doc.getIn([...path, k], true);
    return isScalar(n) && typeof n.value === 'string' && n.value !== '' ? n : undefined;
  };
  const block = doc.getIn(path, true);
  const others = isMap(block) ? block.items.map((it) => (isScalar(it.key) ? String(it.key.value) : '')) : [];
  const repoKey = ['repository', 'baseImage'].find((k) => child(k)) ?? others.find((k) => k !== 'registry' && child(k)?.value === rawName);
  if (!repoKey) return false;
  const name = imageName(to);
  const registry = child('registry');
  const repo = child(repoKey) as Scalar;
  if (!registry) return addScalarEdit(plan, repo, [...path, repoKey], { from: repo.value as string, to: name });
  const host = name.slice(0, name.indexOf('/'));
  return (
    addScalarEdit(plan, registry, [...path, 'registry'], { from: registry.value as string, to: host }) &&
    addScalarEdit(plan, repo, [...path, repoKey], { from: repo.value as string, to: name.slice(host.length + 1) })
  );
}
