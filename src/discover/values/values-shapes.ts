// Image settings a chart declares outside values.yaml: StackRox's secured-cluster chart ships an
// empty values.yaml and reads `internal/config-shape.yaml` and `internal/defaults/*.yaml` with
// `.Files.Get` / `.Files.Glob`, merging them under the user's values (`image.registry`,
// `image.main.registry`). No marker reaches a key values.yaml lacks, so every image read as
// hard-coded. The YAML files a template names are read for registry and repository keys, which
// are probed like the absent ones a template names (values/absent-values.ts): a probe that reaches no
// site attaches nothing. Pure.

import { parseAllDocuments } from 'yaml';
import { formatPath, type PathSegment } from '../field-path.js';
import { NAME_KEY, type ImageValueLeaf } from './image-values.js';
import { isRecord } from '../../util/is-record.js';
import { getIn } from './value-markers.js';
import { parentIsMapOrAbsent } from './absent-values.js';
import { templateActions } from '../toggles/template-actions.js';

/** A file of the chart that is no template: its path in the chart, its size, and its text (decoded when read). */
export interface ChartDataFile {
  name: string;
  size: number;
  text(): string;
}

const MAX_FILE = 256 * 1024;
const MAX_DEPTH = 12;
const MAX_LEAVES = 200;
const FILES_CALL = /\.Files\.(?:Get|Glob)\s+"([^"]+)"/g;
/** A registry or repository key with a word on its line: a CRD's schema, the other YAML such files hold, has none. */
const IMAGE_LEAF_LINE = /^[ \t]*(?:registry|repository|[a-z]\w*Repository)[ \t]*:[ \t]*[^\s#]/m;

/** The YAML files (outside templates/, crds/ and charts/) a template names in `.Files.Get` or `.Files.Glob`. */
export function filesTemplatesRead(texts: readonly string[], files: readonly ChartDataFile[]): ChartDataFile[] {
  const named = new Set<string>();
  for (const t of texts.map(templateActions)) if (t.includes('.Files.')) for (const m of t.matchAll(FILES_CALL)) named.add(m[1]!);
  if (named.size === 0) return [];
  const globs = [...named].filter((n) => /[*?[]/.test(n)).map(globRegExp);
  return files.filter(
    (f) =>
      /\.ya?ml$/.test(f.name) && !/^(crds|charts|templates)\//.test(f.name) && f.size <= MAX_FILE && (named.has(f.name) || globs.some((g) => g.test(f.name))),
  );
}

/** Registry and repository keys those files spell that the values leave absent, as leaves to probe. */
export function shapeImageValues(files: readonly ChartDataFile[], at: readonly PathSegment[], values: Record<string, unknown>): ImageValueLeaf[] {
  const out = new Map<string, ImageValueLeaf>();
  const visit = (node: unknown, keys: string[]) => {
    if (out.size >= MAX_LEAVES || keys.length > MAX_DEPTH || !isRecord(node)) return;
    for (const [k, v] of Object.entries(node)) {
      const path = [...keys, k];
      if (isRecord(v)) visit(v, path);
      else if (v === null || typeof v === 'string') {
        const part = /^registry$/i.test(k) ? 'registry' : NAME_KEY.test(k) ? 'repository' : undefined;
        const segments = [...at, ...path];
        if (!part || getIn(values, segments) !== undefined || !parentIsMapOrAbsent(values, segments)) continue;
        const p = formatPath(segments);
        if (!out.has(p)) out.set(p, { path: p, segments, part, value: '' });
      }
    }
  };
  for (const f of files) {
    const text = f.text();
    if (IMAGE_LEAF_LINE.test(text)) for (const doc of documents(text)) visit(doc, []);
  }
  return [...out.values()];
}

/** The file's documents, a template action in it read as a plain word (the defaults files are templates themselves). */
function documents(text: string): unknown[] {
  try {
    return parseAllDocuments(text.replace(/\{\{[\s\S]*?\}\}/g, 'x'))
      .filter((d) => d.errors.length === 0)
      .map((d) => d.toJS({ maxAliasCount: 100 }) as unknown);
  } catch {
    return [];
  }
}

/** Helm's `.Files.Glob` pattern (gobwas/glob with `/` as separator): `*` within a folder, `**` across. */
function globRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*\*|\*|\?/g, (m) => (m === '**' ? '.*' : m === '*' ? '[^/]*' : '[^/]'));
  return new RegExp(`^${body}$`);
}
