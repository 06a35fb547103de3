// One YAML document of a GitOps tree read field by field: object fields as the text written
// (a version "1.20" stays "1.20"), values maps as Helm reads YAML (helm/values/yaml.ts), and every
// error naming FILE:LINE of the field with a next: step.
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { toGoValue } from '../../helm/values/yaml.js';
import type { Values } from '../../helm/engine/render-types.js';
import { AliasBudget } from '../../sprig/yaml-parse.js';
import { UsageError } from '../../util/errors.js';

export type Path = (string | number)[];

export const GITOPS_HINT = 'see docs/airgap-yaml.md (GitOps and helmfile inputs)';

export function gitopsError(message: string, hint = GITOPS_HINT): UsageError {
  return new UsageError(message, { code: 'ERR_GITOPS', hint });
}

export class ObjectNode {
  constructor(
    readonly file: string,
    readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    /** Its place in the file's stream of documents (for an in-place edit). */
    readonly index = 0,
    /** false for a generated document (an ApplicationSet's element): its lines are not the file's, `file` says where. */
    private readonly withLines = true,
  ) {}

  node(path: Path): Node | undefined {
    if (path.length === 0) return (this.doc.contents as Node | null) ?? undefined;
    return this.doc.getIn(path, true) as Node | undefined;
  }

  /** "file:line" of the field (or of the nearest parent that exists). */
  at(path: Path): string {
    if (!this.withLines) return this.file;
    for (let n = path.length; n >= 0; n--) {
      const off = this.node(path.slice(0, n))?.range?.[0];
      if (off !== undefined) return `${this.file}:${this.lines.linePos(off).line}`;
    }
    return this.file;
  }

  /** "file:line" of a node found by walking the document. */
  atNode(n: Node): string {
    if (!this.withLines) return this.file;
    const off = n.range?.[0];
    return off === undefined ? this.file : `${this.file}:${this.lines.linePos(off).line}`;
  }

  fail(path: Path, message: string, hint?: string): never {
    throw gitopsError(`${this.at(path)}: ${message}`, hint);
  }

  has(path: Path): boolean {
    const n = this.node(path);
    return n !== undefined && !(isScalar(n) && (n.value === null || n.value === '~' || n.value === 'null'));
  }

  /** A scalar field as written, or undefined when absent. */
  str(path: Path, what = path.join('.')): string | undefined {
    const n = this.node(path);
    if (n === undefined || !this.has(path)) return undefined;
    if (!isScalar(n)) this.fail(path, `${what} must be a string`);
    return String(n.value);
  }

  bool(path: Path): boolean {
    const v = this.str(path);
    return v !== undefined && /^(true|yes|on)$/i.test(v);
  }

  /** A list field's length (0 when absent); anything but a list is an error. */
  count(path: Path, what = path.join('.')): number {
    if (!this.has(path)) return 0;
    const n = this.node(path);
    if (!isSeq(n)) this.fail(path, `${what} must be a list`);
    return n.items.length;
  }

  /** A map field's keys (none when absent). */
  keys(path: Path, what = path.join('.')): string[] {
    if (!this.has(path)) return [];
    const n = this.node(path);
    if (!isMap(n)) this.fail(path, `${what} must be a mapping`);
    return n.items.map((p) => String(isScalar(p.key) ? p.key.value : p.key));
  }

  isMap(path: Path): boolean {
    return isMap(this.node(path));
  }

  /** Every key of the map at `path` is one of `known`: an unknown field is a typo or a feature not read. */
  knownKeys(path: Path, known: readonly string[], what: string): void {
    for (const k of this.keys(path, what)) {
      if (!known.includes(k)) this.fail([...path, k], `unknown field "${k}" in ${what}`, `known fields: ${known.join(', ')}; fix the name (${GITOPS_HINT})`);
    }
  }

  /** A values map as Helm reads YAML (go-yaml v2 scalars); {} when absent. */
  values(path: Path, what = path.join('.')): Values {
    if (!this.has(path)) return {};
    const n = this.node(path);
    if (!isMap(n)) this.fail(path, `${what} must be a mapping`);
    return toGoValue(n, this.doc, { budget: new AliasBudget(this.file), depth: 0 }) as Values;
  }

  /** Any value as Helm reads it (for ApplicationSet elements). */
  goValue(path: Path): unknown {
    const n = this.node(path);
    return n === undefined ? undefined : toGoValue(n, this.doc, { budget: new AliasBudget(this.file), depth: 0 });
  }
}
