// Helm's data functions (pkg/engine/funcs.go): YAML, JSON and TOML in and out. Parse errors
// do not fail the render: they come back under an "Error" key (or as the only list item).
import { argString, type GoFunc } from './cast.js';
import { goJsonMarshal, goJsonUnmarshal } from './json.js';
import { decodeToml, encodeToml } from './toml.js';
import { marshalYamlV2, marshalYamlV3 } from './yaml-emit.js';
import { parseYamlAs } from './yaml-parse.js';
import { nilMap, nilSlice } from '../template/value.js';

const trimNl = (s: string): string => (s.endsWith('\n') ? s.slice(0, -1) : s);

function orEmpty(f: () => string): string {
  try {
    return f();
  } catch {
    return '';
  }
}

function orErrorKey(f: () => unknown): Record<string, unknown> {
  try {
    return f() as Record<string, unknown>;
  } catch (e) {
    return { Error: (e as Error).message };
  }
}

function orErrorItem(f: () => unknown): unknown[] {
  try {
    return f() as unknown[];
  } catch (e) {
    return [(e as Error).message];
  }
}

/** json.Unmarshal into a typed Go target, with encoding/json's type error. */
function jsonAs(s: string, want: 'map' | 'array'): unknown {
  const v = goJsonUnmarshal(s);
  // null unmarshalled into a map or slice sets it to nil
  if (v === null) return want === 'map' ? nilMap() : nilSlice();
  const kind = Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v;
  if ((want === 'map') !== (kind === 'object') || (want === 'array' && kind !== 'array')) {
    const target = want === 'map' ? 'map[string]interface {}' : '[]interface {}';
    throw new Error(`json: cannot unmarshal ${kind} into Go value of type ${target}`);
  }
  return v;
}

export function helmDataFuncs(): Record<string, GoFunc> {
  return {
    // Helm trims the one trailing newline yaml.Marshal writes.
    toYaml: (v) => orEmpty(() => trimNl(marshalYamlV2(v))),
    mustToYaml: (v) => trimNl(marshalYamlV2(v)),
    toYamlPretty: (v) => orEmpty(() => trimNl(marshalYamlV3(v))),
    fromYaml: (s) => {
      const text = argString(s); // Go's call error for a non-string, before any parsing
      return orErrorKey(() => parseYamlAs(text, 'map'));
    },
    fromYamlArray: (s) => {
      const text = argString(s); // Go's call error for a non-string, before any parsing
      return orErrorItem(() => parseYamlAs(text, 'array'));
    },
    toJson: (v) => orEmpty(() => goJsonMarshal(v)),
    mustToJson: (v) => goJsonMarshal(v),
    fromJson: (s) => {
      const text = argString(s); // Go's call error for a non-string, before any parsing
      return orErrorKey(() => jsonAs(text, 'map'));
    },
    fromJsonArray: (s) => {
      const text = argString(s); // Go's call error for a non-string, before any parsing
      return orErrorItem(() => jsonAs(text, 'array'));
    },
    toToml: (v) => {
      try {
        return encodeToml(v);
      } catch (e) {
        return (e as Error).message;
      }
    },
    mustToToml: (v) => encodeToml(v),
    fromToml: (s) => {
      const text = argString(s); // Go's call error for a non-string, before any parsing
      return orErrorKey(() => decodeToml(text));
    },
    // `helm template` has no DNS unless --enable-dns.
    getHostByName: () => '',
  };
}
