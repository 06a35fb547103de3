// A one-pass reader for the plain shape nearly every values file and rendered manifest has: block
// mappings and sequences, plain or quoted scalars (quoted ones folded over lines too), `|`/`|-`
// literal blocks, and flow collections closed on their line (`- {key: a, values: [b, c]}`).
// It gives exactly what the `yaml` library plus toGoValue give (yaml.ts) or gives up (undefined)
// at the first thing outside that shape, and yaml.ts reads the text the full way: anchors, tags,
// flow collections over lines, folded block scalars, several documents, tabs, anything malformed. So
// every error and every rare shape keeps its one home. Why it exists: YAML was a third of a render
// (cert-manager: 150 of 490 ms, most of it the library's four passes over each document cold);
// test/helm/yaml-fast.test.ts holds it equal to the full reader on every shape and on real charts.

import { mapSet } from '../../sprig/dicts.js';
import { resolvePlain } from '../../sprig/yaml-parse.js';
import { flowCollection } from './yaml-fast-flow.js';
import { closingQuote, foldLines, hasComment, keyEnd, MAX_DEPTH, OUT, Outside, plainText, quoted, readKey, unescape } from './yaml-fast-scalars.js';

// eslint-disable-next-line no-control-regex
const UNUSUAL = /[\t\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u2028\u2029\ufeff]/;

/** The first character that is no space, from lastIndex on. */
const NOT_SPACE = /[^ ]/g;

interface Line {
  indent: number;
  /** The text after the indentation; '' for a blank line. */
  body: string;
}

/**
 * What readPlainYaml gives for a text of comments and blank lines only: no document at all, as the
 * full reader reads it (a template whose output is its `# Source:` line, a chart's switched-off CRDs).
 */
export const NO_DOCUMENT = Symbol('no document');

/**
 * The document as a Go value, NO_DOCUMENT for none, or undefined when the text is not of the
 * plain shape.
 */
export function readPlainYaml(text: string): unknown {
  // tabs, CR, other line breaks and control characters: the full reader's rules; but a tab in a
  // comment line (a pasted `#\tnote`) is read here, and a block or quoted scalar that takes such a
  // line as its content gives up
  const tabsInComments = UNUSUAL.test(text);
  if (tabsInComments && UNUSUAL.test(text.replaceAll('\t', ''))) return undefined;
  const lines: Line[] = [];
  const raws = text.split('\n');
  for (let r = 0; r < raws.length; r++) {
    const raw = raws[r]!;
    // the indentation: a manifest's lines are mostly deep, and one native scan for the first other
    // character costs less than a test of each space in V8's baseline code
    let i = 0;
    if (raw.charCodeAt(0) === 32) {
      NOT_SPACE.lastIndex = 1;
      i = NOT_SPACE.test(raw) ? NOT_SPACE.lastIndex - 1 : raw.length;
    }
    const body = raw.slice(i);
    if (tabsInComments && body[0] !== '#' && body.includes('\t')) return undefined;
    lines.push({ indent: i, body });
  }
  const r = new Reader(lines);
  try {
    let first = r.nextContent(true);
    if (first < 0) return NO_DOCUMENT;
    if (lines[first]!.indent === 0 && lines[first]!.body === '---') {
      r.skip();
      first = r.nextContent();
      // `---` and nothing after it: one empty document
      if (first < 0) return null;
    }
    if (lines[first]!.indent !== 0) return undefined;
    const value = r.node(0, -1, 0);
    if (r.nextContent() >= 0) return undefined;
    return value;
  } catch (e) {
    if (e instanceof Outside) return undefined;
    throw e;
  }
}

class Reader {
  private at = 0;
  /** The last answer of nextContent and where it was asked: each line is asked about two or three times. */
  private askedAt = -1;
  private answer = -1;
  constructor(private readonly lines: Line[]) {}

  /** The index of the next line with content (skipping blank and comment lines), or -1. */
  nextContent(atStart = false): number {
    if (this.at === this.askedAt && !atStart) return this.answer;
    const found = this.findContent(atStart);
    if (!atStart) {
      this.askedAt = this.at;
      this.answer = found;
    }
    return found;
  }

  private findContent(atStart: boolean): number {
    while (this.at < this.lines.length) {
      const l = this.lines[this.at]!;
      if (l.body !== '' && l.body[0] !== '#') {
        if (l.indent === 0 && (l.body.startsWith('---') || l.body.startsWith('...') || l.body[0] === '%') && !(atStart && l.body === '---')) {
          // the document's end marker with nothing after it (kiali's configmap ends so)
          if (!atStart && DOCUMENT_END.test(l.body) && this.lines.slice(this.at + 1).every((x) => x.body === '' || x.body[0] === '#')) {
            this.at = this.lines.length;
            return -1;
          }
          // a document marker or directive: several documents, read the full way
          throw OUT;
        }
        return this.at;
      }
      this.at++;
    }
    return -1;
  }

  skip(): void {
    this.at++;
  }

  /** A block node whose first line is the next content line, at `indent`; `parent` is the owner's indentation. */
  node(indent: number, parent: number, depth: number): unknown {
    if (depth > MAX_DEPTH) throw OUT;
    const i = this.nextContent();
    const l = this.lines[i]!;
    if (l.indent !== indent) throw OUT;
    if (isSeqItem(l.body)) return this.seq(indent, depth);
    if (l.body[0] !== '{' && l.body[0] !== '[' && keyEnd(l.body) >= 0) return this.map(indent, parent, depth);
    // a scalar or `{}` on a line of its own (`resources:` then `{}` below it)
    this.at = i + 1;
    return this.inlineValue(l.body, parent);
  }

  private seq(indent: number, depth: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      const i = this.nextContent();
      if (i < 0) return out;
      const l = this.lines[i]!;
      // a line at the dash's column that is no item ends the sequence (`key:` then `- a` then `other:`)
      if (l.indent < indent || (l.indent === indent && !isSeqItem(l.body))) return out;
      if (l.indent > indent) throw OUT;
      let rest = l.body.slice(1);
      let pad = 1;
      while (rest.charCodeAt(0) === 32) {
        rest = rest.slice(1);
        pad++;
      }
      if (rest === '' || rest[0] === '#') {
        // `-` alone: the item is the block below, more indented (or null)
        this.at++;
        out.push(this.blockBelow(indent, depth));
        continue;
      }
      if (isSeqItem(rest)) throw OUT;
      const column = indent + pad;
      if (rest[0] !== '{' && rest[0] !== '[' && keyEnd(rest) >= 0) {
        // `- key: value`: a mapping whose keys sit at the column of the first one
        this.lines[i] = { indent: column, body: rest };
        out.push(this.map(column, indent, depth + 1));
        continue;
      }
      this.at++;
      out.push(this.inlineValue(rest, indent));
    }
  }

  private map(indent: number, parent: number, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (;;) {
      const i = this.nextContent();
      if (i < 0) return out;
      const l = this.lines[i]!;
      if (l.indent < indent) {
        if (l.indent <= parent) return out;
        throw OUT;
      }
      if (l.indent > indent || isSeqItem(l.body)) throw OUT;
      const end = keyEnd(l.body);
      if (end < 0) throw OUT;
      const key = readKey(l.body.slice(0, end));
      let rest = l.body.slice(end + 1);
      const trimmed = rest.trimStart();
      this.at++;
      if (trimmed === '' || trimmed[0] === '#') {
        mapSet(out, key, this.blockBelow(indent, depth, true));
        continue;
      }
      rest = trimmed;
      mapSet(out, key, this.inlineValue(rest, indent));
    }
  }

  /**
   * After `key:` or `-` with nothing on the line: the block more indented below, a sequence at the
   * key's own indentation (`key:` then `- a`), or null.
   */
  private blockBelow(indent: number, depth: number, seqAtSameIndent = false): unknown {
    const i = this.nextContent();
    if (i < 0) return null;
    const l = this.lines[i]!;
    if (l.indent > indent) return this.node(l.indent, indent, depth + 1);
    if (seqAtSameIndent && l.indent === indent && isSeqItem(l.body)) return this.seq(indent, depth + 1);
    return null;
  }

  /** A value that starts on its key's (or dash's) line; `owner` is that line's indentation. */
  private inlineValue(text: string, owner: number): unknown {
    const c = text[0]!;
    let value: unknown;
    if (c === '|') value = this.literal(text, owner);
    else if (c === '"' || c === "'") {
      const close = closingQuote(text, c);
      value = close >= 0 ? quoted(text, close) : this.quotedLines(text, owner);
    } else if (c === '[' || c === '{') value = flowCollection(text);
    // a comment ends a plain scalar: no line of it can follow
    else value = resolvePlain(hasComment(text) ? plainText(text) : this.plainLines(plainText(text), owner));
    // a more indented line below continues a scalar over lines (or is an error): the full way
    const next = this.nextContent();
    if (next >= 0 && this.lines[next]!.indent > owner) throw OUT;
    return value;
  }

  /**
   * A plain scalar continued on more indented lines (a wrapped CRD description): folded, each
   * line trimmed, joined by a space, or by a line break per blank line between. A line that could
   * be anything but text (a key, a comment) is left to the full reader.
   */
  private plainLines(first: string, owner: number): string {
    let out = first;
    let blanks = 0;
    while (this.at < this.lines.length) {
      const l = this.lines[this.at]!;
      if (l.body === '') {
        blanks++;
        this.at++;
        continue;
      }
      // a comment line ends the scalar (what follows it is the next key, or the full reader's)
      if (l.indent <= owner || l.body[0] === '#') break;
      const text = l.body.trimEnd();
      // an indicator first is text here (`[Config, ConfigRef] can be set.`, `--no-password`), as
      // the full reader has it; a key or a comment is not
      if (keyEnd(text) >= 0 || hasComment(text)) throw OUT;
      out += blanks > 0 ? '\n'.repeat(blanks) : ' ';
      out += text;
      blanks = 0;
      this.at++;
    }
    this.at -= blanks;
    return out;
  }

  /**
   * A quoted scalar that goes on past its first line (a wrapped alert description), folded as YAML
   * folds it. Every line of it must be deeper than the owner.
   */
  private quotedLines(first: string, owner: number): string {
    const q = first[0]!;
    const lines = [first.slice(1).trimEnd()];
    for (;;) {
      const l = this.lines[this.at];
      if (!l || (l.body !== '' && l.indent <= owner)) throw OUT;
      // an escaped line break, or an escape the trimming cut (`\ `): the full way
      if (q === '"' && lines[lines.length - 1]!.endsWith('\\')) throw OUT;
      if (l.body.includes('\t')) throw OUT;
      this.at++;
      const close = closingQuote(q + l.body, q) - 1;
      if (close < 0) {
        lines.push(l.body.trimEnd());
        continue;
      }
      const after = l.body.slice(close + 1);
      if (after !== '' && !/^ +(#.*)?$/.test(after)) throw OUT;
      lines.push(l.body.slice(0, close));
      const folded = foldLines(lines);
      return q === "'" ? folded.replaceAll("''", "'") : unescape(folded);
    }
  }

  /** `|`, `|-` or `|+` (clip, strip or keep); the text is the header. */
  private literal(header: string, owner: number): string {
    const chomp = header[1] === '-' ? 'strip' : header[1] === '+' ? 'keep' : 'clip';
    const after = header.slice(chomp === 'clip' ? 1 : 2);
    if (after !== '' && !/^ +(#.*)?$/.test(after)) throw OUT;
    // the block's indentation is its first content line's; blank lines before that are empty
    // lines of it, unless one has more spaces (an error, or go-yaml's leniency: the full way)
    let firstAt = this.at;
    while (firstAt < this.lines.length && this.lines[firstAt]!.body === '') firstAt++;
    const first = this.lines[firstAt];
    if (!first || first.indent <= owner) {
      // nothing deeper than the owner (zammad's `users.acl: |-` with no lines): an empty string,
      // but what keep makes of the blank lines is the full reader's
      if (chomp === 'keep') throw OUT;
      return '';
    }
    const indent = first.indent;
    for (let i = this.at; i < firstAt; i++) if (this.lines[i]!.indent > indent) throw OUT;
    const kept: string[] = [];
    let blanks = 0;
    while (this.at < this.lines.length) {
      const l = this.lines[this.at]!;
      if (l.body === '' && l.indent > indent) {
        // a line of spaces past the block's indentation is content (a templated script's blank
        // line), but as the text's last line, with no line break after it, the full reader's
        if (this.at === this.lines.length - 1) throw OUT;
        for (; blanks > 0; blanks--) kept.push('');
        kept.push(' '.repeat(l.indent - indent));
        this.at++;
        continue;
      }
      if (l.body === '') {
        blanks++;
        this.at++;
        continue;
      }
      if (l.indent < indent) break;
      if (l.body.includes('\t')) throw OUT;
      for (; blanks > 0; blanks--) kept.push('');
      kept.push(' '.repeat(l.indent - indent) + l.body);
      this.at++;
    }
    // the blank lines ran past the block: give them back (they are nobody's content, but keep's)
    this.at -= blanks;
    const body = kept.join('\n');
    // a block to the end of a text with no final line break ends without one (YAML's end of input)
    if (blanks === 0 && this.at === this.lines.length && chomp !== 'strip') return body;
    if (chomp !== 'keep') return chomp === 'strip' ? body : `${body}\n`;
    // keep: the trailing blank lines too, but not the empty piece after the text's last line break,
    // and a last line of spaces with no line break after it is the full reader's
    if (this.at + blanks === this.lines.length && blanks > 0) {
      const last = this.lines[this.lines.length - 1]!;
      if (last.indent > 0) throw OUT;
      blanks--;
    }
    return `${body}\n${'\n'.repeat(blanks)}`;
  }
}

const DOCUMENT_END = /^\.\.\.( *| +#.*)$/;

function isSeqItem(body: string): boolean {
  return body[0] === '-' && (body.length === 1 || body[1] === ' ');
}
