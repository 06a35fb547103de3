// Comparison builtins (funcs.go eq/ne/lt/le/gt/ge): only basic kinds compare, int and float never
// mix ("incompatible types for comparison"), and nil equals only nil.

import { sprintf } from './printf.js';
import { kindOf, typeName, type GoKind } from './value.js';

type Basic = 'bool' | 'int' | 'float' | 'string' | 'nil' | 'other';

const ERR_BAD = 'incompatible types for comparison';
const ERR_BAD_TYPE = 'invalid type for comparison';

const BASIC: Partial<Record<GoKind, Basic>> = { bool: 'bool', int: 'int', float: 'float', string: 'string', invalid: 'nil' };

function basicKind(v: unknown): Basic {
  return BASIC[kindOf(v)] ?? 'other';
}

export function eq(a: unknown, others: unknown[]): boolean {
  if (others.length === 0) throw new Error('missing argument for comparison');
  const k1 = basicKind(a);
  for (const b of others) {
    const k2 = basicKind(b);
    if (k1 !== k2) {
      if (k1 !== 'nil' && k2 !== 'nil') throw new Error(ERR_BAD);
      continue;
    }
    if (k1 === 'nil') return true;
    if (k1 === 'other') {
      // Go: maps, slices and funcs are not comparable; structs compare by identity here.
      if (Array.isArray(b) || (typeof b === 'object' && Object.getPrototypeOf(b) === Object.prototype)) {
        throw new Error(`non-comparable type ${sprintf('%s', [b])}: ${typeName(b)}`);
      }
      if (a === b) return true;
      continue;
    }
    if (a === b) return true;
  }
  return false;
}

export function ne(a: unknown, b: unknown): boolean {
  return !eq(a, [b]);
}

export function lt(a: unknown, b: unknown): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'nil' || k1 === 'other' || k2 === 'nil' || k2 === 'other') throw new Error(ERR_BAD_TYPE);
  if (k1 !== k2) throw new Error(ERR_BAD);
  if (k1 === 'bool') throw new Error(ERR_BAD_TYPE);
  return (a as number) < (b as number);
}

export function le(a: unknown, b: unknown): boolean {
  return lt(a, b) || eq(a, [b]);
}

export function gt(a: unknown, b: unknown): boolean {
  return !le(a, b);
}

export function ge(a: unknown, b: unknown): boolean {
  return !lt(a, b);
}
