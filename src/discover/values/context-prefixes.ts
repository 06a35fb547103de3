// A registry or prefix an image helper reads from its context when it is handed `.Values` or a
// block of it (`{{ include "x.image" .Values.images }}`, the helper gluing `{{ .prefix }}` to a name:
// hpe-storage/co-deployments#188's `registryPrefix: "quay.io/"` before `hpestorage/csi-driver`):
// left empty, or only in a comment, no marker shows it, and the template text names it `.prefix`,
// never `.Values.images.prefix`, so neither the empty-value nor the absent-value scan finds it.
// The helper's reads are joined to the path handed in, and probed with a stand-in host like an
// empty registry (the caller), which says where it stands and whether the name is glued to it. Pure.
import { formatPath, type PathSegment } from '../field-path.js';
import type { ChartTemplates, ImageValueLeaf } from './types.js';
import { getIn } from './value-markers.js';
import { parentIsMapOrAbsent } from './absent-values.js';
import { TextMemo } from '../../util/text-memo.js';

/** `include "NAME" .Values.a.b` (or `template`): the helper's name and the values path handed in as its context. */
const CONTEXT_CALL = /\b(?:include|template)\s+"([^"]+)"\s+\(?\s*\$?\.Values((?:\.[A-Za-z_]\w*)*)(?=\s*[)|}-]|\s+-?\}\})/g;
/** An action's text, with a comment skipped. */
const ACTION = /\{\{-?\s*(?:\/\*[\s\S]*?\*\/\s*)?([\s\S]*?)\s*-?\}\}/g;
const OPENS = /^(?:if|with|range|define|block)\b/;
/** A read of the context's own fields (`.prefix`, `.images.registry`): not `$.`, not a field of a result. */
const CONTEXT_READ = /(?<![\w$.)\]])((?:\.[A-Za-z_]\w*)+)/g;
/** A key naming a registry or a prefix put before names; not how they are pulled. */
const PREFIX_KEY = /(registry|prefix)$/i;
const NOT_PREFIX = /pull|secret|credential|password|username|config|url$/i;
const BUILTIN_OBJECTS = new Set(['Values', 'Release', 'Chart', 'Capabilities', 'Template', 'Files', 'Subcharts']);

const DEFINES = new TextMemo<[string, string[][]][]>(16 * 1024 * 1024);

/** Per helper defined in the text, the context paths its own actions read (outside nested `define`s). */
function helperReads(text: string): [string, string[][]][] {
  return DEFINES.of(text, (t) => {
    const out: [string, string[][]][] = [];
    let current: { name: string; reads: string[][]; depth: number } | undefined;
    let depth = 0;
    for (const m of t.matchAll(ACTION)) {
      const a = m[1]!;
      const define = /^define\s+"([^"]+)"/.exec(a);
      if (define && !current) {
        current = { name: define[1]!, reads: [], depth };
        depth++;
        continue;
      }
      if (OPENS.test(a)) depth++;
      else if (/^end\b/.test(a)) {
        depth--;
        if (current && depth === current.depth) {
          out.push([current.name, current.reads]);
          current = undefined;
        }
        continue;
      }
      if (!current) continue;
      // string literals hold no reads
      for (const r of a.replace(/"(?:[^"\\]|\\.)*"|`[^`]*`/g, '""').matchAll(CONTEXT_READ)) {
        const keys = r[1]!.slice(1).split('.');
        if (!BUILTIN_OBJECTS.has(keys[0]!)) current.reads.push(keys);
      }
    }
    return out;
  });
}

const CALLS = new TextMemo<[string, string[]][]>(16 * 1024 * 1024);

function contextCalls(text: string): [string, string[]][] {
  return CALLS.of(text, (t) => [...t.matchAll(CONTEXT_CALL)].map((m): [string, string[]] => [m[1]!, m[2] ? m[2].slice(1).split('.') : []]));
}

/**
 * Values paths a helper handed `.Values` (or a block of it) reads as a registry or prefix, left
 * empty, null or absent: each as a registry leaf to probe. `skip`: paths probed already.
 */
export function contextPrefixValues(
  charts: readonly ChartTemplates[],
  values: Record<string, unknown>,
  skip: ReadonlySet<string> = new Set(),
): ImageValueLeaf[] {
  const reads = new Map<string, string[][]>();
  for (const c of charts) for (const text of c.texts) for (const [name, r] of helperReads(text)) reads.set(name, [...(reads.get(name) ?? []), ...r]);
  if (reads.size === 0) return [];
  const out = new Map<string, ImageValueLeaf>();
  for (const c of charts)
    for (const text of c.texts)
      for (const [name, base] of contextCalls(text))
        for (const keys of reads.get(name) ?? []) {
          const last = keys[keys.length - 1]!;
          if (!PREFIX_KEY.test(last) || NOT_PREFIX.test(last)) continue;
          const segments: PathSegment[] = [...c.at, ...base, ...keys];
          const v = getIn(values, segments);
          const path = formatPath(segments);
          if ((v !== undefined && v !== null && v !== '') || !parentIsMapOrAbsent(values, segments) || skip.has(path) || out.has(path)) continue;
          out.set(path, { path, segments, part: 'registry', value: '' });
        }
  return [...out.values()];
}
