// The function map Helm gives templates: Sprig's TxtFuncMap minus env/expandenv, plus Helm's
// data functions. Hermetic: time, randomness and UUIDs come from the options.
import { locateArgErrors, type GoFunc } from './cast.js';
import { defaultFuncs } from './defaults.js';
import { dictFuncs } from './dicts.js';
import { listFuncs } from './lists.js';
import { mathFuncs } from './math.js';
import { stringFuncs } from './strings.js';
import { typeFuncs } from './types.js';
import { regexFuncs } from './regex.js';
import { encodingFuncs } from './encoding.js';
import { pathFuncs } from './paths.js';
import { urlFuncs } from './urls.js';
import { dateFuncs } from './dates.js';
import { semverFuncs } from './semver-constraint.js';
import { certFuncs, cryptoFuncs } from './crypto.js';
import { helmDataFuncs } from './helm-data.js';

export interface SprigOptions {
  /** The clock behind now/ago/date...; defaults to the real one. */
  now?: () => Date;
  /** A uniform source in [0, 1) behind rand* and shuffle; defaults to crypto randomness. */
  random?: () => number;
  /** The UUID source behind uuidv4; defaults to crypto.randomUUID. */
  uuid?: () => string;
}

export type { GoFunc };

export function sprigFuncs(opts: SprigOptions = {}): Record<string, GoFunc> {
  const random = opts.random ?? cryptoRandom;
  const now = opts.now ?? (() => new Date());
  const all: Record<string, GoFunc> = {
    ...stringFuncs(random),
    ...listFuncs(),
    ...dictFuncs(),
    ...mathFuncs(random),
    ...defaultFuncs(),
    ...typeFuncs(),
    ...regexFuncs(),
    ...encodingFuncs(),
    ...pathFuncs(),
    ...urlFuncs(),
    ...dateFuncs(now),
    ...semverFuncs(),
    // Keys, serials, salts and IVs follow an injected source only (the default is the CSPRNG).
    ...cryptoFuncs(opts.uuid ?? (() => globalThis.crypto.randomUUID()), opts.random),
    ...certFuncs(now, opts.random),
    // Helm's own versions win over Sprig's (fromJson returns a map with "Error", toYaml...).
    ...helmDataFuncs(),
  };
  for (const k of Object.keys(all)) all[k] = locateArgErrors(all[k]!);
  return all;
}

function cryptoRandom(): number {
  const a = new Uint32Array(1);
  globalThis.crypto.getRandomValues(a);
  return a[0]! / 2 ** 32;
}
