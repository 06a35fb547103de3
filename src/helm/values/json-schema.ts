// A small JSON Schema validator for the draft-07 keywords charts use in values.schema.json
// (type, enum, const, properties, required, additional/patternProperties, items, min/max*,
// pattern, multipleOf, allOf/anyOf/oneOf/not, if/then/else, local $ref, dependencies...).
// Values are Go values: int64 is bigint, float64 is number (an integral float is an integer,
// as JSON Schema says). Errors are Helm 4's shape: "at '/a/b': got string, want integer".

import { isGoMap } from './yaml.js';
import { ChartError } from '../../util/errors.js';
import { isShared } from './shared-defaults.js';

type Schema = Record<string, unknown> | boolean;
export interface SchemaViolation {
  path: string;
  message: string;
}

function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'bigint') return 'integer';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

function typeMatches(v: unknown, t: string): boolean {
  const actual = jsonType(v);
  return actual === t || (t === 'number' && actual === 'integer');
}

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));
const isNum = (v: unknown): boolean => typeof v === 'number' || typeof v === 'bigint';
const quoteList = (l: unknown[]): string =>
  l.map((x) => (typeof x === 'string' ? `'${x}'` : JSON.stringify(x, (_k, y) => (typeof y === 'bigint' ? Number(y) : y)))).join(', ');

function deepEqual(a: unknown, b: unknown): boolean {
  if (isNum(a) && isNum(b)) return num(a) === num(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isGoMap(a) && isGoMap(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return a === b || (a == null && b == null);
}

const patternCache = new Map<string, RegExp | null>();

/** ECMAScript regex for a schema pattern; null when the (RE2/ECMA) pattern does not compile here. */
function compilePattern(p: string): RegExp | null {
  let re = patternCache.get(p);
  if (re === undefined) {
    try {
      re = new RegExp(p, 'u');
    } catch {
      re = null;
    }
    patternCache.set(p, re);
  }
  return re;
}

type CompiledPatterns = readonly (readonly [RegExp, unknown])[];
const NO_PATTERNS: CompiledPatterns = [];
const patternsOf = new WeakMap<object, CompiledPatterns>();

/** patternProperties as regular expressions, once per schema object (they are checked for every object value). */
function compiledPatterns(patternProperties: Record<string, unknown>): CompiledPatterns {
  let found = patternsOf.get(patternProperties);
  if (!found) {
    found = Object.entries(patternProperties).flatMap(([p, sub]) => {
      const re = compilePattern(p);
      return re ? [[re, sub] as const] : []; // a pattern JavaScript cannot compile is not enforced
    });
    patternsOf.set(patternProperties, found);
  }
  return found;
}

export class SchemaCycleError extends ChartError {
  constructor(ref: string, path: string) {
    super(`values.schema.json: at '${path || '/'}': ${ref} resolves to itself (a reference cycle)`, {
      code: 'ERR_SCHEMA_CYCLE',
      hint: 'break the $ref cycle in values.schema.json (Helm 4 refuses it too)',
    });
  }
}

export class SchemaValidator {
  /**
   * `refSiblings`: whether keywords beside a `$ref` apply. Helm 4's validator (draft 2019-09 on)
   * applies them; Helm 3's (gojsonschema, drafts 4-7) follows the `$ref` alone, as those drafts say.
   */
  constructor(
    private readonly root: Schema,
    private readonly refSiblings = true,
  ) {}

  validate(v: unknown): SchemaViolation[] {
    const out: SchemaViolation[] = [];
    this.check(this.root, v, '', out);
    return out;
  }

  /** Each $ref's target, looked up once: a validator is kept per schema and a chart's refs are followed on every render. */
  private readonly resolved = new Map<string, Schema>();

  private resolve(ref: string): Schema {
    let found = this.resolved.get(ref);
    if (found === undefined) this.resolved.set(ref, (found = this.lookUp(ref)));
    return found;
  }

  private lookUp(ref: string): Schema {
    if (!ref.startsWith('#')) return true; // remote refs are not fetched: accept
    let cur: unknown = this.root;
    for (const raw of ref.slice(1).split('/').filter(Boolean)) {
      const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      cur = isGoMap(cur) || Array.isArray(cur) ? (cur as Record<string, unknown>)[part] : undefined;
    }
    return cur === undefined ? true : (cur as Schema);
  }

  /** $refs being followed for the value now checked: a ref reached again before any value step is a cycle. */
  private following: string[] = [];

  private checkRef(ref: string, v: unknown, path: string, out: SchemaViolation[]): void {
    const key = `${path}\0${ref}`;
    if (this.following.includes(key)) {
      // Helm 4 refuses the schema ("causing reference cycle"); Helm 3 overflows its stack
      throw new SchemaCycleError(ref, path);
    }
    this.following.push(key);
    try {
      this.check(this.resolve(ref), v, path, out);
    } finally {
      this.following.pop();
    }
  }

  /**
   * Shared (frozen) tables of values found valid against a schema: a chart's defaults are shared
   * by its renders (helm/values/shared-defaults.ts), so the table checked in one render is the
   * same table in the next. Kept only for checks that no $ref being followed could end in a cycle.
   */
  private readonly validShared = new WeakMap<object, WeakSet<object>>();

  private check(s: Schema, v: unknown, path: string, out: SchemaViolation[]): void {
    if (s === true || s === undefined || s === null) return;
    if (s === false) return void out.push({ path, message: 'not allowed' });
    if (this.following.length === 0 && v !== null && typeof v === 'object' && isShared(v)) {
      let valid = this.validShared.get(v);
      if (valid?.has(s)) return;
      const before = out.length;
      this.checkOnce(s, v, path, out);
      if (out.length === before) {
        if (!valid) this.validShared.set(v, (valid = new WeakSet()));
        valid.add(s);
      }
      return;
    }
    this.checkOnce(s, v, path, out);
  }

  private checkOnce(s: Exclude<Schema, boolean | null | undefined>, v: unknown, path: string, out: SchemaViolation[]): void {
    if (typeof s.$ref === 'string') {
      this.checkRef(s.$ref, v, path, out);
      if (!this.refSiblings) return;
    }
    this.checkType(s, v, path, out);
    this.checkCombinators(s, v, path, out);
    if (isNum(v)) this.checkNumber(s, num(v), path, out);
    if (typeof v === 'string') this.checkString(s, v, path, out);
    if (Array.isArray(v)) this.checkArray(s, v, path, out);
    if (isGoMap(v)) this.checkObject(s, v, path, out);
  }

  private checkType(s: Record<string, unknown>, v: unknown, path: string, out: SchemaViolation[]): void {
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => typeMatches(v, t)))
        out.push({ path, message: `got ${jsonType(v) === 'integer' ? 'number' : jsonType(v)}, want ${types.join(' or ')}` });
    }
    if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, v))) out.push({ path, message: `value must be one of ${quoteList(s.enum)}` });
    if ('const' in s && !deepEqual(s.const, v)) out.push({ path, message: `value must be ${quoteList([s.const])}` });
  }

  private passes(sub: Schema, v: unknown, path: string): boolean {
    const o: SchemaViolation[] = [];
    this.check(sub, v, path, o);
    return o.length === 0;
  }

  // The keyword checks below run for every value on every render of a chart (discovery renders
  // one dozens of times): no closures or lists made per value, each keyword looked at only when present.
  private checkCombinators(s: Record<string, unknown>, v: unknown, path: string, out: SchemaViolation[]): void {
    if (Array.isArray(s.allOf)) for (const sub of s.allOf) this.check(sub as Schema, v, path, out);
    if (Array.isArray(s.anyOf)) {
      let any = false;
      for (const x of s.anyOf) if ((any = this.passes(x as Schema, v, path))) break;
      if (!any) out.push({ path, message: 'anyOf failed' });
    }
    if (Array.isArray(s.oneOf)) {
      let n = 0;
      for (const x of s.oneOf) if (this.passes(x as Schema, v, path)) n++;
      if (n !== 1) out.push({ path, message: n === 0 ? 'oneOf failed, none matched' : 'oneOf failed, more than one matched' });
    }
    if (s.not !== undefined && this.passes(s.not as Schema, v, path)) out.push({ path, message: 'not failed' });
    if (s.if !== undefined) {
      const branch = this.passes(s.if as Schema, v, path) ? s.then : s.else;
      if (branch !== undefined) this.check(branch as Schema, v, path, out);
    }
  }

  private checkNumber(s: Record<string, unknown>, n: number, path: string, out: SchemaViolation[]): void {
    const bad = (k: string) => out.push({ path, message: `${k}: got ${n}, want ${s[k]}` });
    if (typeof s.minimum === 'number' && !(n >= s.minimum)) bad('minimum');
    if (typeof s.maximum === 'number' && !(n <= s.maximum)) bad('maximum');
    if (typeof s.exclusiveMinimum === 'number' && !(n > s.exclusiveMinimum)) bad('exclusiveMinimum');
    if (typeof s.exclusiveMaximum === 'number' && !(n < s.exclusiveMaximum)) bad('exclusiveMaximum');
    if (typeof s.multipleOf === 'number' && !(Math.abs(n / s.multipleOf - Math.round(n / s.multipleOf)) < 1e-9)) bad('multipleOf');
    if (s.exclusiveMinimum === true && typeof s.minimum === 'number' && n <= s.minimum)
      out.push({ path, message: `exclusiveMinimum: got ${n}, want ${s.minimum}` });
    if (s.exclusiveMaximum === true && typeof s.maximum === 'number' && n >= s.maximum)
      out.push({ path, message: `exclusiveMaximum: got ${n}, want ${s.maximum}` });
  }

  private checkString(s: Record<string, unknown>, v: string, path: string, out: SchemaViolation[]): void {
    if (typeof s.minLength === 'number' || typeof s.maxLength === 'number') {
      const len = Array.from(v).length;
      if (typeof s.minLength === 'number' && len < s.minLength) out.push({ path, message: `minLength: got ${len}, want ${s.minLength}` });
      if (typeof s.maxLength === 'number' && len > s.maxLength) out.push({ path, message: `maxLength: got ${len}, want ${s.maxLength}` });
    }
    if (typeof s.pattern === 'string') {
      const re = compilePattern(s.pattern); // a pattern JavaScript cannot compile is not enforced
      if (re && !re.test(v)) out.push({ path, message: `'${v}' does not match pattern '${s.pattern}'` });
    }
  }

  private checkArray(s: Record<string, unknown>, v: unknown[], path: string, out: SchemaViolation[]): void {
    if (typeof s.minItems === 'number' && v.length < s.minItems) out.push({ path, message: `minItems: got ${v.length}, want ${s.minItems}` });
    if (typeof s.maxItems === 'number' && v.length > s.maxItems) out.push({ path, message: `maxItems: got ${v.length}, want ${s.maxItems}` });
    if (s.uniqueItems === true && v.some((x, i) => v.slice(i + 1).some((y) => deepEqual(x, y)))) out.push({ path, message: 'items must be unique' });
    if (Array.isArray(s.prefixItems)) {
      (s.prefixItems as Schema[]).forEach((sub, i) => i < v.length && this.check(sub, v[i], `${path}/${i}`, out));
    }
    if (Array.isArray(s.items)) {
      v.forEach((x, i) => {
        const sub = i < (s.items as Schema[]).length ? (s.items as Schema[])[i] : (s.additionalItems as Schema | undefined);
        if (sub !== undefined) this.check(sub, x, `${path}/${i}`, out);
      });
    } else if (s.items !== undefined) {
      const skip = Array.isArray(s.prefixItems) ? s.prefixItems.length : 0; // 2020-12: items covers the rest
      v.forEach((x, i) => i >= skip && this.check(s.items as Schema, x, `${path}/${i}`, out));
    }
    if (s.contains !== undefined && !v.some((x) => this.validateAt(s.contains as Schema, x))) out.push({ path, message: 'no items match contains schema' });
  }

  private validateAt(s: Schema, v: unknown): boolean {
    const o: SchemaViolation[] = [];
    this.check(s, v, '', o);
    return o.length === 0;
  }

  private checkObject(s: Record<string, unknown>, v: Record<string, unknown>, path: string, out: SchemaViolation[]): void {
    const keys = Object.keys(v);
    const props = isGoMap(s.properties) ? s.properties : undefined;
    const patterns = isGoMap(s.patternProperties) ? compiledPatterns(s.patternProperties) : NO_PATTERNS;
    const dependencies = isGoMap(s.dependencies) ? s.dependencies : undefined;
    const dependentRequired = isGoMap(s.dependentRequired) ? s.dependentRequired : undefined;
    const missing = (Array.isArray(s.required) ? (s.required as string[]) : []).filter((k) => !(k in v));
    if (missing.length) out.push({ path, message: `missing propert${missing.length > 1 ? 'ies' : 'y'} ${missing.map((k) => `'${k}'`).join(', ')}` });
    if (typeof s.minProperties === 'number' && keys.length < s.minProperties)
      out.push({ path, message: `minProperties: got ${keys.length}, want ${s.minProperties}` });
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties)
      out.push({ path, message: `maxProperties: got ${keys.length}, want ${s.maxProperties}` });
    const extra: string[] = [];
    for (const k of keys) {
      const p = `${path}/${k.includes('~') || k.includes('/') ? k.replace(/~/g, '~0').replace(/\//g, '~1') : k}`;
      let matched = false;
      if (props !== undefined && Object.prototype.hasOwnProperty.call(props, k)) {
        matched = true;
        this.check(props[k] as Schema, v[k], p, out);
      }
      for (const [re, sub] of patterns) {
        if (re.test(k)) {
          matched = true;
          this.check(sub as Schema, v[k], p, out);
        }
      }
      if (!matched && s.additionalProperties !== undefined) {
        if (s.additionalProperties === false) extra.push(k);
        else this.check(s.additionalProperties as Schema, v[k], p, out);
      }
      if (s.propertyNames !== undefined) this.check(s.propertyNames as Schema, k, p, out);
      const dep = dependencies !== undefined ? dependencies[k] : undefined;
      if (Array.isArray(dep)) {
        const miss = (dep as string[]).filter((d) => !(d in v));
        if (miss.length) out.push({ path, message: `properties ${miss.map((d) => `'${d}'`).join(', ')} required, if '${k}' exists` });
      } else if (dep !== undefined) this.check(dep as Schema, v, path, out);
      const required = dependentRequired !== undefined ? dependentRequired[k] : undefined;
      const miss = Array.isArray(required) ? (required as string[]).filter((d) => !(d in v)) : [];
      if (miss.length) out.push({ path, message: `properties ${miss.map((d) => `'${d}'`).join(', ')} required, if '${k}' exists` });
    }
    if (extra.length) out.push({ path, message: `additional properties ${extra.map((k) => `'${k}'`).join(', ')} not allowed` });
  }
}

/** Keywords whose value every draft types the same way: what Helm 4's compiler checks a schema for. */
const KEYWORD_TYPES = new Map<string, [(v: unknown) => boolean, string]>([
  ['examples', [Array.isArray, 'array']],
  ['enum', [Array.isArray, 'array']],
  ['required', [(v) => Array.isArray(v) && v.every((x) => typeof x === 'string'), 'array']],
  ['type', [(v) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')), 'string or array']],
  ['properties', [isGoMap, 'object']],
  ['patternProperties', [isGoMap, 'object']],
  ['pattern', [(v) => typeof v === 'string', 'string']],
]);
/** Where subschemas sit: a map of them, one, or a list (`items` is one or a list). */
const SUBSCHEMA_AT = new Map<string, 'map' | 'one' | 'list'>([
  ...['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'].map((k) => [k, 'map'] as const),
  ...[
    'additionalProperties',
    'items',
    'additionalItems',
    'not',
    'if',
    'then',
    'else',
    'contains',
    'propertyNames',
    'unevaluatedItems',
    'unevaluatedProperties',
  ].map((k) => [k, 'one'] as const),
  ...['allOf', 'anyOf', 'oneOf', 'prefixItems'].map((k) => [k, 'list'] as const),
]);

/**
 * Where a schema breaks its own metaschema on a keyword every draft types alike (`examples: "x"`
 * where an array belongs): Helm 4 compiles values.schema.json against its metaschema and refuses
 * the chart ("is not valid against metaschema"); Helm 3 never looks. Paths are JSON pointers.
 */
export function metaschemaProblems(schema: unknown): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  walkSchema(schema, '', 0, out);
  return out;
}

const pointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

function walkSchema(schema: unknown, at: string, depth: number, out: SchemaViolation[]): void {
  if (depth > 64 || !isGoMap(schema)) return;
  for (const k of Object.keys(schema)) {
    const v = schema[k];
    const typed = KEYWORD_TYPES.get(k);
    if (typed && !typed[0](v)) out.push({ path: `${at}/${k}`, message: `got ${jsonType(v)}, want ${typed[1]}` });
    const where = SUBSCHEMA_AT.get(k);
    if (where === undefined) continue;
    if (where === 'map' && isGoMap(v)) for (const name of Object.keys(v)) walkSchema(v[name], `${at}/${k}/${pointer(name)}`, depth + 1, out);
    else if (where !== 'map' && Array.isArray(v)) v.forEach((sub, i) => walkSchema(sub, `${at}/${k}/${i}`, depth + 1, out));
    else if (where === 'one') walkSchema(v, `${at}/${k}`, depth + 1, out);
  }
}
