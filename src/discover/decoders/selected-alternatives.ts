// Alternatives a configuration carries beside the field that picks one: OSM's MeshConfig
// `sidecarClass: pipy` beside `sidecarDrivers: [{sidecarName: pipy, sidecarImage}, {sidecarName:
// envoy, sidecarImage, sidecarWindowsImage}]` (flomesh-io/osm-edge charts/osm/values.yaml; its
// configurator's GetSidecarImage and GetSidecarWindowsImage take the driver whose sidecarName
// equals the class), a map of variants keyed by name beside the name in use, or platform variants
// keyed by operating system beside the OS the program runs for (`nodeOS: linux` beside `images:
// {linux, windows}`). The program runs the selected entry alone: the others' images are not
// run-time images of this configuration, and a user who picks another changes the selector,
// which the same reading follows.
import type { PathSegment } from '../field-path.js';
import { isRecord } from '../../util/is-record.js';
import type { Rejection } from '../verdicts/audit.js';

export const UNSELECTED_ALTERNATIVE: Rejection = {
  id: 'unselected-alternative',
  reason:
    'one of the alternatives a configuration carries (a list of drivers, a platform variant) that another field of the same configuration does not select: the program runs the selected one only',
};

/** The keys an entry of a list of alternatives is named by, in the order read. */
const ENTRY_NAME_KEYS = ['name', 'type', 'kind', 'id', 'driver', 'runtime', 'os', 'platform'] as const;

const CONTAINERS = /containers$/i;

/** Names of operating systems a platform variant is keyed by. */
const OS_WORDS = /^(linux|windows|darwin|freebsd)$/i;
/** A selector of a platform variant, by its key (`os`, `nodeOS`, `osType`, `platform`, `targetPlatform`). */
const OS_SELECTOR = /(^|[a-z_-])(os|OS|Os|platform|Platform)([A-Z_-]|type|Type|$)/;

/** The alternatives a configuration block holds and the one its selector picks. */
export interface Alternatives {
  /** The key of the list or map of alternatives. */
  key: string;
  /** The list indexes or map keys not selected. */
  unselected: ReadonlySet<PathSegment>;
  /** The selector's key and the value it holds (`driver: containerd`), for the reason. */
  selector: string;
}

/** A key naming an entry by a word of its own (OSM's `sidecarName`, `driverType`): the word before it. */
const OWN_NAME_KEY = /^([a-z][a-z0-9]*)(Name|Type|Kind|Class|Id)$/;

/** An entry's name and the key holding it: its first naming key holding a word. */
function entryName(entry: unknown): { name: string; key: string } | undefined {
  if (!isRecord(entry)) return undefined;
  const keys = [...ENTRY_NAME_KEYS, ...Object.keys(entry).filter((k) => OWN_NAME_KEY.test(k))];
  for (const k of keys) {
    const v = entry[k];
    if (typeof v === 'string' && v.trim() !== '') return { name: v.trim(), key: k };
  }
  return undefined;
}

/** `drivers` → `driver`, `runtimeClasses` → `runtimeclass`: the word a selector of the list is named for. */
const stem = (key: string): string => key.toLowerCase().replace(/(es|s)$/, '');
/** The first word of a camelCase key: `sidecar` of `sidecarDrivers`. */
const firstWord = (key: string): string => /^[a-z][a-z0-9]*/.exec(key)?.[0] ?? '';

/**
 * The selector's key names the list (`driver`, `driverName` for `drivers`), or shares its
 * first word with the list or with the key naming its entries (OSM's `sidecarClass` beside
 * `sidecarDrivers` of `sidecarName`s), or picks an OS for OS-keyed variants.
 */
function names(selector: string, key: string, entries: readonly string[], nameKey: string | undefined): boolean {
  // a default (`defaultDriver`, `default_runtime`) is what a resource gets when it asks for none:
  // the others stay a resource's to ask for
  if (selector === key || /^default/i.test(selector)) return false;
  const s = stem(key);
  if (s.length >= 3 && selector.toLowerCase().includes(s)) return true;
  const word = firstWord(selector);
  const own = nameKey ? OWN_NAME_KEY.exec(nameKey)?.[1] : undefined;
  if (word.length >= 3 && word !== selector && (word === firstWord(key) || word === own)) return true;
  return entries.every((e) => OS_WORDS.test(e)) && OS_SELECTOR.test(selector);
}

/**
 * The alternatives of one block of decoded configuration, if a scalar key beside a list (or map)
 * of at least two named entries holding blocks names exactly one of them; undefined where none
 * does (a list no field picks from is every entry's).
 */
export function selectedAlternatives(o: Record<string, unknown>): Alternatives | undefined {
  for (const [key, v] of Object.entries(o)) {
    // a pod's containers all run, whatever names one of them
    if (CONTAINERS.test(key)) continue;
    const read = Array.isArray(v) ? v.map((e, i) => [i, entryName(e)] as const) : [];
    const nameKey = read[0]?.[1]?.key;
    const entries: (readonly [PathSegment, string | undefined])[] = Array.isArray(v)
      ? read.map(([i, e]) => [i, e?.key === nameKey ? e?.name : undefined] as const)
      : isRecord(v) && (Object.values(v).every(isRecord) || Object.keys(v).every((k) => OS_WORDS.test(k)))
        ? Object.keys(v).map((k) => [k, k] as const)
        : [];
    if (entries.length < 2 || entries.some(([, n]) => n === undefined)) continue;
    // names as the program compares them: OSM's EqualFold
    const named = entries.map(([, n]) => n!.toLowerCase());
    if (new Set(named).size !== named.length) continue;
    for (const [selector, value] of Object.entries(o)) {
      if (typeof value !== 'string' || !names(selector, key, named, nameKey)) continue;
      const chosen = entries.filter(([, n]) => n!.toLowerCase() === value.trim().toLowerCase());
      if (chosen.length !== 1) continue;
      return { key, unselected: new Set(entries.filter((e) => e !== chosen[0]).map(([at]) => at)), selector: `${selector}: ${value.trim()}` };
    }
  }
  return undefined;
}

/**
 * The selector that leaves the value at `segments` of a tree out (an entry of alternatives no
 * field beside them picks, at any depth above it), or undefined: the same reading over a values
 * tree, for blocks no render used.
 */
export function unselectedAt(root: unknown, segments: readonly PathSegment[]): string | undefined {
  let o = root;
  for (let d = 0; d + 1 < segments.length && isRecord(o); d++) {
    const alt = selectedAlternatives(o);
    if (alt?.key === segments[d] && alt.unselected.has(segments[d + 1]!)) return alt.selector;
    o = o[segments[d] as string];
    if (Array.isArray(o) && d + 1 < segments.length) {
      o = o[segments[d + 1] as number];
      d++;
    }
  }
  return undefined;
}
