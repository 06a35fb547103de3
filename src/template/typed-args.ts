// Go's argument checks for functions that declare parameter types (GoSignature.goArgs), from
// exec.go's evalArg/validateType: literals must match the kind ("expected string; found 1"),
// int literals convert to float64 parameters, values must have the type ("wrong type for value;
// expected string; got float64") and nil only fits slices, maps and interfaces.
import { nodeString, type ArgNode } from './ast.js';
import { isMap, typeName } from './value.js';

export type GoType = 'interface {}' | 'string' | 'int' | 'int64' | 'float64' | 'bool' | '[]interface {}' | 'map[string]interface {}';

const NILABLE = new Set<GoType>(['interface {}', '[]interface {}', 'map[string]interface {}']);

export type Checked = { ok: true; value: unknown } | { ok: false; error: string };

const ok = (value: unknown): Checked => ({ ok: true, value });
const bad = (error: string): Checked => ({ ok: false, error });

function hasType(v: unknown, t: GoType): boolean {
  switch (t) {
    case 'interface {}':
      return true;
    case 'string':
      return typeof v === 'string';
    case 'int':
    case 'int64':
      return typeof v === 'bigint';
    case 'float64':
      return typeof v === 'number';
    case 'bool':
      return typeof v === 'boolean';
    case '[]interface {}':
      return Array.isArray(v);
    case 'map[string]interface {}':
      return isMap(v);
  }
}

/** validateType: why a computed value cannot be passed for a parameter of type `t` (undefined: it can; no value becomes nil). */
export function valueTypeError(v: unknown, t: GoType): string | undefined {
  if (v === undefined) return NILABLE.has(t) ? undefined : `invalid value; expected ${t}`;
  if (hasType(v, t)) return undefined;
  return `wrong type for value; expected ${t}; got ${v === null ? 'interface {}' : typeName(v)}`;
}

/** A literal (bool, number, string, nil) written for a parameter of type `t`. */
export function checkLiteral(n: ArgNode, t: GoType): Checked {
  if (n.kind === 'nil') return NILABLE.has(t) ? ok(null) : bad(`cannot assign nil to ${t}`);
  const lit = n.kind === 'bool' ? n.value : n.kind === 'number' ? n.value : n.kind === 'string' ? n.text : undefined;
  switch (t) {
    case 'interface {}':
      return ok(lit);
    case 'bool':
      return n.kind === 'bool' ? ok(lit) : bad(`expected bool; found ${nodeString(n)}`);
    case 'string':
      return n.kind === 'string' ? ok(lit) : bad(`expected string; found ${nodeString(n)}`);
    case 'int':
    case 'int64':
      if (typeof lit === 'bigint') return ok(lit);
      if (typeof lit === 'number' && Number.isInteger(lit)) return ok(BigInt(lit));
      return bad(`expected integer; found ${nodeString(n)}`);
    case 'float64':
      return n.kind === 'number' ? ok(Number(lit)) : bad(`expected float; found ${nodeString(n)}`);
    default:
      return bad(`can't handle ${nodeString(n)} for arg of type ${t}`);
  }
}
