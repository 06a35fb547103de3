// Sprig's defaults family (defaults.go): default/empty/coalesce/all/any/ternary and the JSON
// functions. Helm replaces fromJson with its own map-returning version (helm-data.ts).
import { argBool, argString, empty, type GoFunc } from './cast.js';
import { goJsonMarshal, goJsonUnmarshal } from './json.js';

const raw = { escapeHtml: false };
const pretty = { indent: '  ' };

/** The non-must JSON encoders swallow errors and print "" (Sprig ignores the error). */
const quiet = (f: () => string): string => {
  try {
    return f();
  } catch {
    return '';
  }
};

export function defaultFuncs(): Record<string, GoFunc> {
  return {
    // `default` checks only the first given value: `default "x" .a .b` ignores .b.
    default: (d, ...given) => (given.length === 0 || empty(given[0]) ? d : given[0]),
    empty: (v) => empty(v),
    coalesce: (...v) => v.find((x) => !empty(x)) ?? null,
    all: (...v) => v.every((x) => !empty(x)),
    any: (...v) => v.some((x) => !empty(x)),
    ternary: (vt, vf, cond) => (argBool(cond) ? vt : vf),
    fromJson: (s) => {
      try {
        return goJsonUnmarshal(argString(s));
      } catch {
        return null;
      }
    },
    mustFromJson: (s) => goJsonUnmarshal(argString(s)),
    toJson: (v) => quiet(() => goJsonMarshal(v)),
    mustToJson: (v) => goJsonMarshal(v),
    toPrettyJson: (v) => quiet(() => goJsonMarshal(v, pretty)),
    mustToPrettyJson: (v) => goJsonMarshal(v, pretty),
    // toRawJson panics on error in Sprig; the panic surfaces as the call's error.
    toRawJson: (v) => goJsonMarshal(v, raw),
    mustToRawJson: (v) => goJsonMarshal(v, raw),
  };
}
