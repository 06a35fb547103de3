// kustomize's patches on parsed documents (yaml nodes, so every scalar keeps how it was written):
// strategic merge (maps merged, null deletes, `$patch: replace|delete`; lists replaced, except
// the lists of built-in kinds kustomize merges by `name`) and JSON 6902 (add, replace, remove),
// and which resources a patch's `target` selects.
import { Document, isMap, isScalar, isSeq, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import { UsageError } from '../../util/errors.js';

export interface Target {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

/** A plain scalar that YAML reads as null. */
export function isNullNode(n: unknown): boolean {
  return n === null || n === undefined || (isScalar(n) && (n.value === null || (n.type === 'PLAIN' && /^(|~|null|Null|NULL)$/.test(String(n.value)))));
}

export function text(doc: Document, path: (string | number)[]): string | undefined {
  const n = doc.getIn(path, true);
  // a value set with setIn is stored as given, not as a Scalar
  if (typeof n === 'string') return n;
  return isScalar(n) && !isNullNode(n) ? String(n.value) : undefined;
}

/** The group of apiVersion `g/v` ('' for the core group's `v1`). */
export function groupOf(apiVersion: string | undefined): string {
  return apiVersion?.includes('/') ? apiVersion.split('/')[0]! : '';
}

/**
 * A target field as kustomize reads it: a regular expression matched whole. Go's regexp runs in
 * linear time and JavaScript's backtracks, so from an untrusted repository a pattern that could
 * backtrack without bound (a quantified group holding a quantifier, a back-reference) or a long
 * one is refused by name, as is one that does not compile.
 */
function anchored(re: string): RegExp {
  const refuse = (why: string) =>
    new UsageError(`patch target ${JSON.stringify(re.slice(0, 80))}: ${why}`, {
      hint: 'write the target as a plain name or a simple pattern (a|b, prefix-.*)',
    });
  if (re.length > 1024) throw refuse('longer than 1024 characters');
  if (/\([^()]*[+*}][^()]*\)\s*[+*{]|\\[1-9]|\(\?[=!<]/.test(re)) throw refuse('a pattern that can take exponential time here');
  try {
    return new RegExp(`^(?:${re})$`);
  } catch (e) {
    throw refuse(`not a regular expression: ${(e as Error).message}`);
  }
}

/** `names`: the names the resource answers to (kustomize matches the current and the original one). */
export function selects(t: Target, doc: Document, names: string[] = [text(doc, ['metadata', 'name']) ?? '']): boolean {
  const api = text(doc, ['apiVersion']);
  if (t.group !== undefined && !anchored(t.group).test(groupOf(api))) return false;
  if (t.version !== undefined && !anchored(t.version).test(api?.split('/').pop() ?? '')) return false;
  if (t.kind !== undefined && !anchored(t.kind).test(text(doc, ['kind']) ?? '')) return false;
  if (t.name !== undefined && !names.some((n) => anchored(t.name!).test(n))) return false;
  if (t.namespace !== undefined && !anchored(t.namespace).test(text(doc, ['metadata', 'namespace']) ?? '')) return false;
  for (const [sel, field] of [
    [t.labelSelector, 'labels'],
    [t.annotationSelector, 'annotations'],
  ] as const) {
    if (sel === undefined) continue;
    for (const term of sel.split(',').map((s) => s.trim())) {
      const m = /^([^!=\s]+)\s*(!=|==|=)?\s*(.*)$/.exec(term);
      if (!m) continue;
      const v = text(doc, ['metadata', field, m[1]!]);
      if (m[2] === undefined ? v === undefined : m[2] === '!=' ? v === m[3] : v !== m[3]) return false;
    }
  }
  return true;
}

// built-in kinds whose lists of named items a strategic merge merges by name (their OpenAPI
// patchMergeKey); a custom resource has no schema for kustomize, and its lists are replaced
const BUILTIN_GROUPS = new Set(['', 'apps', 'batch', 'extensions']);

/** The patch merged into `target` (changed in place where it can be); undefined: `$patch: delete`. */
export function strategicMerge(doc: Document, target: Node | undefined, patch: Node, builtin: boolean): Node | undefined {
  if (isMap(patch)) {
    const directive = patch.get('$patch');
    if (directive === 'delete') return undefined;
    if (directive === 'replace' || !isMap(target)) return clean(doc, patch);
    for (const pair of patch.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (key === '$patch') continue;
      const pv = pair.value as Node;
      if (isNullNode(pv)) {
        target.delete(key);
        continue;
      }
      const merged = strategicMerge(doc, target.get(key, true) as Node | undefined, pv, builtin);
      if (merged === undefined) target.delete(key);
      else target.set(doc.createNode(key), merged);
    }
    return target;
  }
  if (isSeq(patch) && builtin && isSeq(target) && byName(target) && byName(patch)) {
    for (const item of patch.items as YAMLMap[]) {
      const at = (target.items as YAMLMap[]).findIndex((t) => t.get('name') === item.get('name'));
      const merged = strategicMerge(doc, at >= 0 ? (target.items[at] as Node) : undefined, item, builtin);
      if (at >= 0) {
        if (merged === undefined) target.items.splice(at, 1);
        else target.items[at] = merged;
      } else if (merged !== undefined) target.items.push(merged);
    }
    return target;
  }
  return clean(doc, patch);
}

export function isBuiltin(doc: Document): boolean {
  return BUILTIN_GROUPS.has(groupOf(text(doc, ['apiVersion'])));
}

function byName(s: YAMLSeq): boolean {
  return s.items.length > 0 && s.items.every((i) => isMap(i) && i.has('name'));
}

/** A patch's node for a place that has none: its directives and nulls left out. */
function clean(doc: Document, n: Node): Node {
  if (isMap(n)) {
    const out = new YAMLMap();
    for (const p of n.items) {
      const key = isScalar(p.key) ? String(p.key.value) : String(p.key);
      if (key === '$patch' || isNullNode(p.value)) continue;
      out.set(doc.createNode(key), clean(doc, p.value as Node));
    }
    return out;
  }
  if (isSeq(n)) {
    const out = new YAMLSeq();
    for (const i of n.items) out.items.push(clean(doc, i as Node));
    return out;
  }
  return (n as Node & { clone(): Node }).clone() as Node;
}

/** JSON 6902 operations applied to the document, in order. */
export function jsonPatch(doc: Document, ops: YAMLSeq, where: string): void {
  for (const op of ops.items) {
    if (!isMap(op)) throw new UsageError(`${where}: a JSON 6902 operation is a map (op, path, value)`, { hint: 'fix the patch' });
    const kind = String(op.get('op'));
    const path = String(op.get('path') ?? '');
    const parts =
      path === ''
        ? []
        : path
            .split('/')
            .slice(1)
            .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const value = op.get('value', true) as Node | undefined;
    if (kind === 'test') continue;
    if (!['add', 'replace', 'remove'].includes(kind))
      throw new UsageError(`${where}: JSON 6902 op ${kind} is not read (add, replace, remove and test are)`, {
        hint: 'write the change as add/replace/remove, or build with kubectl kustomize and pipe the output to --gitops -',
      });
    const parent = parts.length <= 1 ? doc.contents : doc.getIn(parts.slice(0, -1), true);
    const last = parts[parts.length - 1];
    if (last === undefined) {
      if (kind !== 'remove' && value) doc.contents = clean(doc, value) as typeof doc.contents;
      continue;
    }
    if (isSeq(parent)) {
      const i = last === '-' ? parent.items.length : Number(last);
      if (!Number.isInteger(i) || i < 0 || i > parent.items.length) throw missingPath(where, path);
      if (kind === 'add') parent.items.splice(i, 0, clean(doc, value!));
      else if (i >= parent.items.length) throw missingPath(where, path);
      else if (kind === 'replace') parent.items[i] = clean(doc, value!);
      else parent.items.splice(i, 1);
    } else if (isMap(parent)) {
      if (kind !== 'add' && !parent.has(last)) throw missingPath(where, path);
      if (kind === 'remove') parent.delete(last);
      else parent.set(doc.createNode(last), clean(doc, value!));
    } else throw missingPath(where, path);
  }
}

function missingPath(where: string, path: string): UsageError {
  return new UsageError(`${where}: JSON 6902 path ${path} is not in the target`, { hint: 'fix the patch; kubectl kustomize fails on it too' });
}

/** A string scalar written so YAML reads it back as a string (quoted where it would read as a number, bool or null). */
export function stringNode(v: string): Scalar {
  const s = new Scalar(v);
  if (v.includes('\n')) s.type = 'BLOCK_LITERAL';
  else if (
    v === '' ||
    /^(true|false|yes|no|on|off|y|n|null|~|[-+]?(\.\d+|\d[\d_]*(\.\d*)?)([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/i.test(
      v,
    ) ||
    /^[\s'"!&*%@`#|>{[\]},?:-]/.test(v) ||
    /: |\s#|\s$/.test(v)
  )
    s.type = 'QUOTE_DOUBLE';
  else s.type = 'PLAIN';
  return s;
}
