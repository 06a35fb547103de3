// An edit made through the yaml Document API written back with every line it did not change as
// the file had it (pure). The library prints a whole document its own way (list indentation, flow
// spacing, comment spacing, LF): printing the file once as read (`before`) and once edited
// (`after`), the lines `after` shares with `before` (a line diff) are the file's own lines at the
// same place, so only the lines the edit made are the library's. Where printing the file as read
// does not keep its line count (a flow map folded across lines, say) no line can be matched to
// the file's, and `after` is the answer.

/** Lines compared at most (the common head and tail aside): past it, `after` as printed. */
const MAX_DIFF_CELLS = 4_000_000;

export function keepUntouchedLines(original: string, before: string, after: string): string {
  const crlf = original.includes('\r\n');
  const own = original.split('\n');
  const b = before.split('\n');
  const a = after.split('\n');
  if (own.length !== b.length) return crlf ? after.replace(/\n/g, '\r\n') : after;
  const matched = matchLines(b, a);
  if (matched === undefined) return crlf ? after.replace(/\n/g, '\r\n') : after;
  return a.map((line, i) => (matched[i] !== -1 ? own[matched[i]!]! : crlf && i < a.length - 1 ? `${line}\r` : line)).join('\n');
}

/** For each line of `a`, the index of the line of `b` it is in a longest common subsequence, or -1. */
function matchLines(b: string[], a: string[]): number[] | undefined {
  const out = new Array<number>(a.length).fill(-1);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) out[head] = head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) {
    out[a.length - 1 - tail] = b.length - 1 - tail;
    tail++;
  }
  const n = b.length - head - tail;
  const m = a.length - head - tail;
  if (n * m > MAX_DIFF_CELLS) return undefined;
  // lengths of the longest common subsequence of b[i..] and a[j..], row by row from the end
  const w = m + 1;
  const len = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      len[i * w + j] = b[head + i] === a[head + j] ? len[(i + 1) * w + j + 1]! + 1 : Math.max(len[(i + 1) * w + j]!, len[i * w + j + 1]!);
  for (let i = 0, j = 0; i < n && j < m;) {
    if (b[head + i] === a[head + j]) {
      out[head + j] = head + i;
      i++;
      j++;
    } else if (len[(i + 1) * w + j]! >= len[i * w + j + 1]!) i++;
    else j++;
  }
  return out;
}

/** Whether a file writes a block list at its key's indentation (`key:\n- a`) rather than indented: new lines are printed the same way. */
export function indentsSequences(text: string): boolean {
  return !/^( *)[^\s#-][^\n]*:[ \t]*\r?\n\1- /m.test(text);
}
