// The function map Helm gives templates: Sprig's TxtFuncMap minus env/expandenv, plus Helm's
// data functions (toYaml, toYamlPretty, fromYaml, fromYamlArray, toJson, fromJson,
// fromJsonArray, toToml, fromToml, mustToYaml, mustToJson, mustToToml, getHostByName, sha512sum).
// include, tpl, required, fail and lookup are bound by the chart renderer (src/helm).
// Hermetic: time, randomness and UUIDs come from the options.
//
// Other entry points for reuse:
//   index.ts        sprigFuncsInto (the map added to a table), dictionaryTable (that table)
//   semver.ts       parseVersion, compareVersions, parseConstraint, matchesConstraint, Version
//   yaml-emit.ts    marshalYamlV2 (sigs.k8s.io/yaml), marshalYamlV3 (yaml.v3 indent 2)
//   yaml-parse.ts   parseYamlValue, parseYamlAs(text, 'map' | 'array')
//   json.ts         goJsonMarshal, goJsonUnmarshal, jsonTree
//   toml.ts         encodeToml, decodeToml
//   cast.ts         toInt64, toFloat64, strval, toStrings, parseGoInt, ArgTypeError, arg* checks
//   dicts.ts        mergeInto (mergo), deepCopy, mapSet
//   go-time.ts      GoTime (time.Time), go-duration.ts parseDuration/formatDuration
//   throwaway-random.ts  restartThrowawayRandom (the engine, at each disposable render)
import type { GoFunc } from './cast.js';
import { nodeCrypto } from '../util/lazy-builtins.js';
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
import { throwawayRandom, throwawayUuid } from './throwaway-random.js';

export interface SprigOptions {
  /** The clock behind now/ago/date...; defaults to the real one. */
  now?: () => Date;
  /**
   * A uniform source in [0, 1) behind rand*, shuffle and randInt; defaults to crypto randomness.
   * When given, it also drives keys, certificate serials, bcrypt salts and AES IVs, so a seeded
   * render repeats byte for byte (DSA parameters excepted).
   */
  random?: () => number;
  /**
   * The render is thrown away after reading it (image discovery): genPrivateKey, genCA and the
   * certificate functions use one key per key type for the whole process instead of a new one.
   */
  throwawayKeys?: boolean;
  /** The UUID source behind uuidv4; defaults to crypto.randomUUID. */
  uuid?: () => string;
}

export type { GoFunc };

export function sprigFuncs(opts: SprigOptions = {}): Record<string, GoFunc> {
  return sprigFuncsInto(dictionaryTable({}), opts);
}

/**
 * Adds the map's functions to `table` (its own entries stay ahead of them) and returns it: Helm's
 * map is built in one object instead of copied from Sprig's.
 */
export function sprigFuncsInto(table: Record<string, GoFunc>, opts: SprigOptions = {}): Record<string, GoFunc> {
  // throwaway renders draw from a sequence restarted per render (see throwaway-random.ts)
  const throwaway = opts.throwawayKeys && !opts.random;
  const random = opts.random ?? (throwaway ? throwawayRandom : cryptoRandom);
  const now = opts.now ?? (() => new Date());
  // an ArgTypeError names the value it rejected; the template engine finds its position among
  // the call's arguments (template/eval.ts), with no wrapper around every call
  return Object.assign(
    table,
    stringFuncs(random),
    listFuncs(),
    dictFuncs(),
    mathFuncs(random),
    defaultFuncs(),
    typeFuncs(),
    regexFuncs(),
    encodingFuncs(),
    pathFuncs(),
    urlFuncs(),
    dateFuncs(now),
    semverFuncs(),
    // Keys, serials, salts and IVs follow an injected source only (the default is the CSPRNG).
    cryptoFuncs(opts.uuid ?? (throwaway ? throwawayUuid : () => nodeCrypto().randomUUID()), opts.random, opts.throwawayKeys),
    certFuncs(now, opts.random, opts.throwawayKeys),
    // Helm's own versions win over Sprig's (fromJson returns a map with "Error", toYaml...).
    helmDataFuncs(),
  );
}

/**
 * A copy of `first` for a table of a few hundred entries, in V8's dictionary mode: each entry
 * added to an ordinary object makes it a new hidden class, and Helm's ~220 of them, copied from
 * Sprig's map into Helm's, took a template's start 0.69 ms where filling this table takes 0.34
 * (reading it into the template set's Map then costs 0.03 more). Deleting a property that is not
 * the last one is what turns an object into a dictionary; the keys keep their order.
 */
export function dictionaryTable(first: Record<string, GoFunc>): Record<string, GoFunc> {
  const table: Record<string, GoFunc | number> = { ...first, '#a': 0, '#b': 0 };
  delete table['#a'];
  delete table['#b'];
  return table as Record<string, GoFunc>;
}

// From node:crypto, not globalThis.crypto: the Web Crypto modules Node loads for the latter on
// top of node:crypto cost 0.5 ms more at a chart's first random password
function cryptoRandom(): number {
  return nodeCrypto().randomFillSync(new Uint32Array(1))[0]! / 2 ** 32;
}
