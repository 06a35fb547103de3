// Lexer for Go's text/template. Like Go's it runs ahead of the parser, a text and the action after
// it at a time (Lexer.more), and instead of emitting space tokens each token records whether white
// space preceded it: that is all the parser needs. The parser drops the tokens it has read, so a
// large template's tokens die young instead of outliving the young generation's collections
// (kube-prometheus-stack's 1.7 MB of templates: most of its parse's collection time).

/**
 * A token's kind: a const enum, so the build writes its members as number literals and V8 runs a
 * switch over them as one jump (string kinds were compared case by case, a builtin call each).
 */
export const enum Tok {
  Text,
  LeftDelim,
  RightDelim,
  LeftParen,
  RightParen,
  Pipe,
  Declare,
  Assign,
  /** a lone punctuation character (only ',' is meaningful) */
  Char,
  CharConstant,
  Bool,
  Number,
  String,
  RawString,
  Identifier,
  Field,
  Variable,
  Dot,
  Nil,
  Keyword,
  /** a lexical error: the parser reports it when it reaches it, as Go's lazy lexer does */
  Error,
  Eof,
}

export interface Token {
  type: Tok;
  val: string;
  /** Offset in the template text (UTF-16 index). */
  pos: number;
  /** White space (or a trim marker's space) came right before this token inside an action. */
  space: boolean;
  /** For an error token inside an action: where the action started. */
  actionPos?: number;
}

export const KEYWORDS: ReadonlySet<string> = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);

export class LexError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

/** Go's isSpace (space, tab, CR, LF) of the UTF-16 unit at an index (NaN past the end). */
const isSpaceCode = (k: number): boolean => k === 32 || k === 9 || k === 13 || k === 10;
const isDigitCode = (k: number): boolean => k >= 48 && k <= 57;
function isAlnum(c: string | undefined): boolean {
  if (c === undefined) return false;
  const k = c.charCodeAt(0);
  if (k < 0x80) return (k >= 48 && k <= 57) || (k >= 65 && k <= 90) || (k >= 97 && k <= 122) || k === 95;
  return /[\p{L}\p{Nd}]/u.test(c);
}

function trimRightLength(s: string, end: number, start: number): number {
  let i = end;
  while (i > start && isSpaceCode(s.charCodeAt(i - 1))) i--;
  return i;
}

const NONE = 0;
const PLAIN = 1;
const TRIM = 2;

/**
 * Classes of the ASCII characters that start a token of their own kind inside an action: a const
 * enum, so the build writes its members as number literals and V8 makes the switch over them one
 * jump (cases that are constants of the module are compared one by one).
 */
const enum CharClass {
  Other,
  Assign,
  Colon,
  Pipe,
  Quote,
  BackQuote,
  Apostrophe,
  Dollar,
  LeftParen,
  RightParen,
}
const ACTION_CHAR = new Uint8Array(128);

/** The first character from lastIndex on that is no ASCII letter, digit or underscore. */
const NOT_ASCII_WORD = /[^0-9A-Za-z_]/g;

/** What may follow a field, variable or identifier: white space (isSpaceCode) and .,|:() (1), by character code. */
const TERMINATES = new Uint8Array(128);
for (const c of ' \t\r\n.,|:()') TERMINATES[c.charCodeAt(0)] = 1;
for (const [c, cls] of [
  ['=', CharClass.Assign],
  [':', CharClass.Colon],
  ['|', CharClass.Pipe],
  ['"', CharClass.Quote],
  ['`', CharClass.BackQuote],
  ["'", CharClass.Apostrophe],
  ['$', CharClass.Dollar],
  ['(', CharClass.LeftParen],
  [')', CharClass.RightParen],
] as const)
  ACTION_CHAR[c.charCodeAt(0)] = cls;

export class Lexer {
  private pos = 0;
  /** The tokens lexed and not dropped: more() appends to it; its reader may replace it with its tail. */
  toks: Token[] = [];
  /** Eof (and any Error before it) is in toks: more() adds nothing. */
  done = false;
  private parenDepth = 0;
  private actionPos: number | undefined;
  private readonly ld: string;
  private readonly rd: string;

  constructor(
    private readonly s: string,
    leftDelim = '{{',
    rightDelim = '}}',
  ) {
    this.ld = leftDelim || '{{';
    this.rd = rightDelim || '}}';
    this.rd0 = this.rd.charCodeAt(0);
  }
  private readonly rd0: number;

  /** Lexes the next text and the whole action after it, or ends the tokens (Eof). */
  more(): void {
    if (this.done) return;
    try {
      if (this.pos < this.s.length) {
        this.lexText();
        return;
      }
    } catch (e) {
      if (!(e instanceof LexError)) throw e;
      this.toks.push({ type: Tok.Error, val: e.message, pos: e.pos, space: false, actionPos: this.actionPos });
    }
    this.emit(Tok.Eof, '', this.s.length, false);
    this.done = true;
  }

  private emit(type: Tok, val: string, pos: number, space: boolean): void {
    this.toks.push({ type, val, pos, space });
  }

  private lexText(): void {
    const s = this.s;
    const start = this.pos;
    const at = s.indexOf(this.ld, start);
    if (at < 0) {
      this.emit(Tok.Text, s.slice(start), start, false);
      this.pos = s.length;
      return;
    }
    const afterDelim = at + this.ld.length;
    const trim = s.charCodeAt(afterDelim) === 45 && isSpaceCode(s.charCodeAt(afterDelim + 1));
    const end = trim ? trimRightLength(s, at, start) : at;
    if (end > start) this.emit(Tok.Text, s.slice(start, end), start, false);
    this.pos = afterDelim + (trim ? 2 : 0);
    if (s.startsWith('/*', this.pos)) {
      this.lexComment(at);
      return;
    }
    this.emit(Tok.LeftDelim, this.ld, at, false);
    this.parenDepth = 0;
    this.actionPos = at;
    this.lexInsideAction();
    this.actionPos = undefined;
  }

  private lexComment(delimPos: number): void {
    const close = this.s.indexOf('*/', this.pos + 2);
    if (close < 0) throw new LexError('unclosed comment', delimPos);
    this.pos = close + 2;
    const r = this.atRightDelim();
    if (r === NONE) throw new LexError('comment ends before closing delimiter', delimPos);
    this.pos += this.rd.length + (r === TRIM ? 2 : 0);
    if (r === TRIM) this.skipLeadingSpace();
  }

  /**
   * At a right delimiter: NONE, PLAIN, or TRIM (preceded by " -"). A number, not an object: this
   * runs before every token and space of every action, and the lexer runs cold in a CLI's start.
   */
  private atRightDelim(): number {
    const s = this.s;
    const k = s.charCodeAt(this.pos);
    if (isSpaceCode(k) && s.charCodeAt(this.pos + 1) === 45 && s.startsWith(this.rd, this.pos + 2)) return TRIM;
    if (k === this.rd0 && s.startsWith(this.rd, this.pos)) return PLAIN;
    return NONE;
  }

  private skipLeadingSpace(): void {
    const s = this.s;
    let i = this.pos;
    while (isSpaceCode(s.charCodeAt(i))) i++;
    this.pos = i;
  }

  /**
   * The tokens of an action up to its right delimiter: atRightDelim and the space test written out
   * in the loop, which runs for every character between tokens of every action.
   */
  private lexInsideAction(): void {
    const s = this.s;
    const rd = this.rd;
    let space = false;
    for (;;) {
      const pos = this.pos;
      const k = s.charCodeAt(pos);
      if (k === 32 || k === 9 || k === 13 || k === 10) {
        if (s.charCodeAt(pos + 1) === 45 && s.startsWith(rd, pos + 2)) {
          // " -}}": the right delimiter trimming the text after it
          if (this.parenDepth > 0) throw new LexError('unclosed left paren', pos);
          this.emit(Tok.RightDelim, rd, pos + 1, true);
          this.pos = pos + rd.length + 2;
          this.skipLeadingSpace();
          return;
        }
        this.pos = pos + 1;
        space = true;
        continue;
      }
      if (k === this.rd0 && s.startsWith(rd, pos)) {
        if (this.parenDepth > 0) throw new LexError('unclosed left paren', pos);
        this.emit(Tok.RightDelim, rd, pos, space);
        this.pos = pos + rd.length;
        return;
      }
      if (pos >= s.length) throw new LexError('unclosed action', s.length);
      this.lexActionToken(s[pos]!, k, space);
      space = false;
    }
  }

  /** The token starting with `c` (its UTF-16 unit `k`), told by the character's class (a switch over small numbers is one jump). */
  private lexActionToken(c: string, k: number, space: boolean): void {
    const s = this.s;
    const start = this.pos;
    switch (k < 128 ? (ACTION_CHAR[k] as CharClass) : CharClass.Other) {
      case CharClass.Assign:
        return this.single(Tok.Assign, space);
      case CharClass.Colon:
        if (s[start + 1] !== '=') throw new LexError('expected :=', start);
        this.pos += 2;
        return this.emit(Tok.Declare, ':=', start, space);
      case CharClass.Pipe:
        return this.single(Tok.Pipe, space);
      case CharClass.Quote:
        return this.lexQuote(space);
      case CharClass.BackQuote:
        return this.lexRawQuote(space);
      case CharClass.Apostrophe:
        return this.lexChar(space);
      case CharClass.Dollar:
        return this.lexVariable(space);
      case CharClass.LeftParen:
        this.parenDepth++;
        return this.single(Tok.LeftParen, space);
      case CharClass.RightParen:
        // An unbalanced ")" is left for the parser, which reports it in context like Go.
        this.parenDepth--;
        return this.single(Tok.RightParen, space);
    }
    if (c === '.' && !isDigitCode(s.charCodeAt(start + 1))) return this.lexField(space);
    if (c === '+' || c === '-' || c === '.' || isDigitCode(k)) return this.lexNumber(space);
    if (isAlnum(c)) return this.lexIdentifier(space);
    if (k >= 0x21 && k <= 0x7e) return this.single(Tok.Char, space);
    throw new LexError(`unrecognized character in action: ${goRune(c)}`, start);
  }

  private single(type: Tok, space: boolean): void {
    this.emit(type, this.s[this.pos], this.pos, space);
    this.pos++;
  }

  /**
   * Where the run of letters, digits and underscores from `from` ends: the ASCII ones found by a
   * regular expression (one native scan where testing each character in V8's baseline code took a
   * call and up to seven comparisons), a non-ASCII one tested alone (Go's unicode.IsLetter/IsDigit).
   */
  private scanAlnum(from: number): number {
    const s = this.s;
    let i = from;
    for (;;) {
      NOT_ASCII_WORD.lastIndex = i;
      i = NOT_ASCII_WORD.test(s) ? NOT_ASCII_WORD.lastIndex - 1 : s.length;
      if (i < s.length && s.charCodeAt(i) >= 0x80 && isAlnum(s[i])) i++;
      else return i;
    }
  }

  private checkTerminator(): void {
    const k = this.s.charCodeAt(this.pos);
    if (k !== k || (k < 128 && TERMINATES[k] === 1)) return; // the end (NaN), white space or .,|:()
    if (this.s.startsWith(this.rd, this.pos)) return;
    throw new LexError(`bad character ${goRune(this.s[this.pos]!)}`, this.pos);
  }

  private lexField(space: boolean): void {
    const start = this.pos;
    const end = this.scanAlnum(start + 1);
    this.pos = end;
    if (end === start + 1) {
      this.emit(Tok.Dot, '.', start, space);
      return;
    }
    this.checkTerminator();
    this.emit(Tok.Field, this.s.slice(start, end), start, space);
  }

  private lexVariable(space: boolean): void {
    const start = this.pos;
    const end = this.scanAlnum(start + 1);
    this.pos = end;
    this.checkTerminator();
    this.emit(Tok.Variable, this.s.slice(start, end), start, space);
  }

  private lexIdentifier(space: boolean): void {
    const start = this.pos;
    const end = this.scanAlnum(start);
    this.pos = end;
    this.checkTerminator();
    const word = this.s.slice(start, end);
    if (KEYWORDS.has(word)) this.emit(Tok.Keyword, word, start, space);
    else if (word === 'true' || word === 'false') this.emit(Tok.Bool, word, start, space);
    else if (word === 'nil') this.emit(Tok.Nil, word, start, space);
    else this.emit(Tok.Identifier, word, start, space);
  }

  private lexNumber(space: boolean): void {
    const start = this.pos;
    const m = /^[+-]?(0[xX][0-9a-fA-F_]*\.?[0-9a-fA-F_]*([pP][+-]?[0-9_]+)?|0[oObB][0-9_]+|[0-9_]*\.?[0-9_]*([eE][+-]?[0-9_]+)?)i?/.exec(
      this.s.slice(start, start + 256),
    );
    const text = m ? m[0] : '';
    this.pos = start + text.length;
    if (!/[0-9]/.test(text) || isAlnum(this.s[this.pos])) {
      this.pos = this.scanAlnum(this.pos);
      throw new LexError(`bad number syntax: "${this.s.slice(start, Math.max(this.pos, start + 1))}"`, start);
    }
    this.emit(Tok.Number, text, start, space);
  }

  /** A "string" or 'c' constant: backslash escapes the next character; no newline inside. */
  private lexEscaped(space: boolean, close: string, kind: Tok.String | Tok.CharConstant, what: string): void {
    const s = this.s;
    const start = this.pos;
    let i = start + 1;
    for (;;) {
      const c = s[i];
      if (c === '\\') i += 2;
      else if (c === undefined || c === '\n') throw new LexError(`unterminated ${what}`, start);
      else if (c === close) break;
      else i++;
    }
    this.pos = i + 1;
    this.emit(kind, s.slice(start, i + 1), start, space);
  }

  private lexQuote(space: boolean): void {
    this.lexEscaped(space, '"', Tok.String, 'quoted string');
  }

  private lexRawQuote(space: boolean): void {
    const start = this.pos;
    const close = this.s.indexOf('`', start + 1);
    if (close < 0) throw new LexError('unterminated raw quoted string', start);
    this.pos = close + 1;
    this.emit(Tok.RawString, this.s.slice(start, close + 1), start, space);
  }

  private lexChar(space: boolean): void {
    this.lexEscaped(space, "'", Tok.CharConstant, 'character constant');
  }
}

/** Go's %#U of a rune, used in lexer messages: U+0023 '#'. */
export function goRune(c: string): string {
  const cp = c.codePointAt(0)!;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${c}'`;
}
