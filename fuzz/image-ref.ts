// Fuzz target: the image reference grammar (src/oci/reference.ts) and discovery's view of it
// (src/discover/image-ref.ts). References are built from the grammar's parts (hosts, ports, IPv6,
// path components and separators, tags, digests of every length) and then, most of the time,
// damaged. Properties: parsing returns or throws InvalidReferenceError, nothing else; a parsed
// reference formats and parses back to itself; toImageRef never throws and its normalised form
// is a fixed point.
import { isDeepStrictEqual } from 'node:util';
import { formatReference, parseReference } from '../src/oci/reference.js';
import { toImageRef } from '../src/discover/image-ref.js';
import { InvalidReferenceError } from '../src/util/errors.js';
import { mutateText } from './mutate.js';
import { chance, int, pick, some, type Rng } from './rng.js';
import { PropertyViolation, type FuzzTarget } from './runner.js';

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const chars = (r: Rng, set: string, lo: number, hi: number) => some(r, lo, hi, () => pick(r, [...set])).join('');

function host(r: Rng): string {
  switch (int(r, 0, 6)) {
    case 0:
      return 'localhost';
    case 1:
      return `[${pick(r, ['::1', 'fe80::1', '2001:db8::5', 'zz::1', ''])}]`;
    case 2:
      return some(r, 1, 4, () => chars(r, ALNUM + '-', 1, 8)).join('.');
    case 3:
      return pick(r, [
        'docker.io',
        'index.docker.io',
        'registry-1.docker.io',
        'Docker.IO',
        'quay.io',
        'ghcr.io',
        '123456789012.dkr.ecr.us-east-1.amazonaws.com',
        'public.ecr.aws',
      ]);
    case 4:
      return chars(r, 'ABCxyz', 1, 6);
    default:
      return `${chars(r, ALNUM, 1, 10)}.${pick(r, ['io', 'com', 'local', 'internal'])}`;
  }
}

function component(r: Rng): string {
  const parts = some(r, 1, 3, () => chars(r, ALNUM, 1, 12));
  return parts.reduce((a, b) => a + pick(r, ['.', '_', '__', '-', '--', '---']) + b);
}

function digest(r: Rng): string {
  switch (int(r, 0, 4)) {
    case 0:
      return `sha256:${chars(r, HEX, 64, 64)}`;
    case 1:
      return `sha512:${chars(r, HEX, 128, 128)}`;
    case 2:
      return `sha256:${chars(r, HEX, 60, 68)}`;
    case 3:
      return `${pick(r, ['sha256', 'blake3', 'multihash+base58', 'SHA256', ''])}:${chars(r, HEX + 'XYZ=_-', 0, 70)}`;
    default:
      return `sha256:${chars(r, HEX.toUpperCase(), 64, 64)}`;
  }
}

function reference(r: Rng): string {
  let s = '';
  if (chance(r, 0.6)) s += host(r) + (chance(r, 0.3) ? `:${pick(r, ['5000', '443', '0', '65535', '65536', '99999999999', '', 'x'])}` : '') + '/';
  s += some(r, 1, 4, () => component(r)).join('/');
  if (chance(r, 0.02)) s = s.repeat(int(r, 2, 20));
  // names near the 255-character limit, before and after docker.io/library/ is added
  if (chance(r, 0.03)) s = `${chance(r, 0.5) ? 'x/' : ''}${'n'.repeat(int(r, 220, 260))}`;
  if (chance(r, 0.6)) s += `:${chance(r, 0.9) ? chars(r, ALNUM + 'ABC_.-', 1, 20) : chars(r, ALNUM, 120, 140)}`;
  if (chance(r, 0.4)) s += `@${digest(r)}`;
  if (chance(r, 0.05)) s = ` ${s}\n`;
  return s;
}

const GRAMMAR = [':', '/', '@', '.', '_', '-', '[', ']', 'A', 'sha256:', 'localhost', '5000'];

export const imageRefTarget: FuzzTarget<string> = {
  name: 'image-ref',
  fullCount: 100_000,
  timeoutMs: 1000,
  generate: (r) => {
    const s = reference(r);
    return chance(r, 0.6) ? mutateText(r, s, GRAMMAR) : s;
  },
  run(s) {
    const ref = toImageRef(s);
    if (ref !== undefined) {
      const again = toImageRef(ref.normalized);
      if (again?.normalized !== ref.normalized) throw new PropertyViolation(`toImageRef is not a fixed point: ${ref.normalized} -> ${again?.normalized}`);
    }
    const parsed = parseReference(s);
    const text = formatReference(parsed);
    let back;
    try {
      back = parseReference(text);
    } catch (e) {
      throw new PropertyViolation(`formats to ${JSON.stringify(text)}, which does not parse: ${(e as Error).message}`);
    }
    if (!isDeepStrictEqual(back, parsed)) throw new PropertyViolation(`round trip changed ${JSON.stringify(parsed)} into ${JSON.stringify(back)}`);
  },
  isDomain: (e) => e instanceof InvalidReferenceError,
  describe: (s) => JSON.stringify(s),
};
