// What the values stage reads and gives: a values leaf that can shape an image reference, and a
// chart's template texts by where its values sit.
import type { PathSegment } from '../field-path.js';

export type ImagePart = 'registry' | 'repository' | 'image' | 'tag' | 'digest';

export interface ImageValueLeaf {
  path: string;
  segments: PathSegment[];
  part: ImagePart;
  /** The leaf as a string (numbers as Helm prints them). */
  value: string;
  /** An entry of a list of arguments, written as `FLAG=VALUE` (ValuesPart's flag). */
  flag?: string;
  /** A field of an entry of a list of named entries (an env var's `value`), its `name` written beside it (ValuesPart's entryName). */
  entryName?: string;
}

export interface ChartTemplates {
  /** Where the chart's values sit in the top chart's values ([] for the top chart, [alias] for a subchart). */
  at: PathSegment[];
  texts: readonly string[];
  /** Its templates read a copy of the values filled from defaults files too (values/values-aliases.ts): a key the values leave out may still be a switch. */
  aliased?: true;
  /** The chart's values.schema.json text, if any (its `enum`s list a setting's words). */
  schema?: string;
}
