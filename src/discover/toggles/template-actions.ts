// The actions of a template text (`{{ ... }}`, delimiters kept, one per line), for the scans that
// look for template syntax only: variables, `set`, dict arguments, `.Values` paths. Charts ship
// CRDs as templates, mostly literal YAML (cert-manager's templates are 1.05 MB, 0.95 MB of it one
// CRD file with a handful of actions), and a pattern run over every character of them cost more
// than a render. Kept per text: every discovery of a chart scans the same texts.

import { TextMemo } from '../../util/text-memo.js';

const ACTIONS = new TextMemo<string>(32 * 1024 * 1024);

/**
 * The text's actions in order. An action ends at the first `}}` (Go's lexer would skip one inside
 * a quoted string; the scans look for syntax, not strings, and lose at most that action's tail).
 */
export function templateActions(text: string): string {
  return ACTIONS.of(text, (t) => {
    const parts: string[] = [];
    for (let at = t.indexOf('{{'); at >= 0;) {
      const end = t.indexOf('}}', at + 2);
      parts.push(end < 0 ? t.slice(at) : t.slice(at, end + 2));
      at = end < 0 ? -1 : t.indexOf('{{', end + 2);
    }
    return parts.join('\n');
  });
}
