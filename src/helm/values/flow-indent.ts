// go-yaml (Helm) reads a flow collection whose continuation lines sit at or left of the block
// key that opened it (Istio 1.x: `- apiGroups: [` then `  "a",` under the dash); the `yaml`
// parser refuses it as BAD_INDENT. Inside a flow collection leading whitespace means nothing
// (scalars fold across lines), so indenting those lines past their opener reads the same values.

import { parseAllDocuments } from 'yaml';

const FLOW_IN_BLOCK = /^Flow (sequence|map) in block collection must be sufficiently indented/;
const PARSE = { schema: 'failsafe', uniqueKeys: false, merge: false, strict: false } as const;

/**
 * The stream as the `yaml` parser can read what go-yaml reads: `text` itself, or (when only its
 * flow collections are indented left of their key) the text with those lines indented.
 */
export function goYamlText(text: string): string {
  const docs = parseAllDocuments(text, PARSE);
  const list = Array.isArray(docs) ? docs : [];
  if (!list.some((d) => d.errors.some((e) => e.code === 'BAD_INDENT' && FLOW_IN_BLOCK.test(e.message)))) return text;
  const fixed = indentFlowContinuations(text);
  const again = parseAllDocuments(fixed, PARSE);
  return (Array.isArray(again) ? again : []).every((d) => d.errors.length === 0) ? fixed : text;
}

/** Where a value may start in block context: line start, after `- ` or `key: `. */
const VALUE_START = /(^|[-:])\s*$/;

/** The text with every continuation line of an open flow collection indented past its opener. */
export function indentFlowContinuations(text: string): string {
  const lines = text.split('\n');
  let depth = 0;
  let pad = '';
  let quote: string | undefined;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    if (depth > 0) lines[n] = pad + line;
    else pad = ' '.repeat(line.length - line.trimStart().length + 2);
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (quote === '"' && c === '\\') i++;
        else if (quote === "'" && c === "'" && line[i + 1] === "'") i++;
        else if (c === quote) quote = undefined;
        continue;
      }
      if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) break;
      const opensHere = depth > 0 ? /[\s,[{:]$|^$/.test(line.slice(0, i)) : VALUE_START.test(line.slice(0, i));
      if ((c === '"' || c === "'") && opensHere) quote = c;
      else if ((c === '[' || c === '{') && opensHere) depth++;
      else if ((c === ']' || c === '}') && depth > 0) depth--;
    }
    // a quoted scalar left open in block context is not followed: only flow context matters here
    if (depth === 0) quote = undefined;
  }
  return lines.join('\n');
}
