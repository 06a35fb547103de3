// .helmignore as Helm applies it when loading a chart folder: one Go filepath.Match glob per
// line; a pattern without `/` matches the base name, a leading `/` anchors it at the chart root,
// a trailing `/` matches directories only, `!` negates. Helm's quirk is kept: a negated rule
// that does NOT match ignores the path. `**` is unsupported (Helm refuses it; we skip the line).
// Helm always adds `templates/.?*` so dotfiles in templates/ are never templates.

import { goPathMatch } from './glob-match.js';

interface IgnoreRule {
  pattern: string;
  negate: boolean;
  dirOnly: boolean;
  baseName: boolean;
}

export class IgnoreRules {
  private constructor(private readonly rules: IgnoreRule[]) {}

  static parse(text: string): IgnoreRules {
    const rules: IgnoreRule[] = [];
    for (const line of [...text.split(/\r?\n/), 'templates/.?*']) {
      const rule = parseRule(line);
      if (rule) rules.push(rule);
    }
    return new IgnoreRules(rules);
  }

  /** `path` is relative to the chart root with `/` separators. */
  ignores(path: string, isDir: boolean): boolean {
    if (path === '' || path === '.' || path === './') return false;
    for (const r of this.rules) {
      const subject = r.baseName ? path.slice(path.lastIndexOf('/') + 1) : path;
      const matched = goPathMatch(r.pattern, subject);
      if (r.negate) {
        if (r.dirOnly && !isDir) return true;
        if (!matched) return true;
        continue;
      }
      if (r.dirOnly && !isDir) continue;
      if (matched) return true;
    }
    return false;
  }
}

function parseRule(raw: string): IgnoreRule | undefined {
  let line = raw.trim();
  if (line === '' || line.startsWith('#') || line.includes('**')) return undefined;
  const negate = line.startsWith('!');
  if (negate) line = line.slice(1);
  const dirOnly = line.endsWith('/');
  if (dirOnly) line = line.slice(0, -1);
  if (line.startsWith('/')) return { pattern: line.slice(1), negate, dirOnly, baseName: false };
  return { pattern: line, negate, dirOnly, baseName: !line.includes('/') };
}
