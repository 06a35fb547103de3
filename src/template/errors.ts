// Errors in Go's words: parse errors read "template: NAME:LINE: ..." and execution errors
// "template: NAME:LINE:COL: executing "NAME" at <NODE>: ...", exactly as Helm prints them.
import { AirgapError, type AirgapErrorOptions } from '../util/errors.js';
import { nodeString, type AnyNode, type Tree } from './ast.js';
import { goQuote } from './value.js';

export class TemplateError extends AirgapError {
  constructor(
    message: string,
    /** The template file the error is in ("mychart/templates/x.yaml"), when known. */
    readonly template?: string,
    readonly line?: number,
    readonly column?: number,
    opts: AirgapErrorOptions = {},
  ) {
    super(message, {
      code: 'ERR_TEMPLATE',
      hint: 'fix the template or the values it reads; the position is LINE:COLUMN in the named file',
      ...opts,
    });
  }
}

/** 1-based line of a text offset. */
export function lineOf(text: string, pos: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

const utf8 = new TextEncoder();

/** Go's ErrorContext column: the byte offset within the line (0-based, like Go). */
export function columnOf(text: string, pos: number): number {
  const nl = text.lastIndexOf('\n', pos - 1);
  const lineStart = nl < 0 ? 0 : nl + 1;
  const seg = text.slice(lineStart, pos);
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(seg) ? seg.length : utf8.encode(seg).length;
}

export function parseError(tree: { parseName: string; text: string }, pos: number, message: string): TemplateError {
  const line = lineOf(tree.text, pos);
  return new TemplateError(`template: ${tree.parseName}:${line}: ${message}`, tree.parseName, line);
}

export function execError(tree: Tree, node: AnyNode | null, message: string, cause?: unknown): TemplateError {
  const opts = cause === undefined ? {} : { cause };
  if (!node) return new TemplateError(`template: ${tree.name}: ${message}`, tree.parseName, undefined, undefined, opts);
  const line = lineOf(tree.text, node.pos);
  const col = columnOf(tree.text, node.pos);
  const msg = `template: ${tree.parseName}:${line}:${col}: executing ${goQuote(tree.name)} at <${nodeString(node)}>: ${message}`;
  return new TemplateError(msg, tree.parseName, line, col, opts);
}

/**
 * An argument had the wrong type for the function's Go signature: Go reports these without the
 * "error calling NAME:" prefix ("wrong type for value; expected string; got int"). Any error with
 * code 'ERR_TEMPLATE_ARG' is treated so; a numeric `argIndex` (0 = first argument) puts the
 * error's context on that argument, as Go does.
 */
export class TemplateArgError extends TemplateError {
  override readonly code = 'ERR_TEMPLATE_ARG';
  argIndex?: number;
}

/**
 * The JavaScript stack ran out (runaway template recursion). Checked without a regular
 * expression, which itself cannot be compiled that close to the limit; an error whose message
 * carries the overflow (a function that wrapped it) counts too.
 */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof Error && typeof e.message === 'string' && e.message.includes('Maximum call stack size exceeded');
}
