// An edit made through the yaml Document API written back with every line it did not change as
// the file had it (pure). The library prints a whole document its own way (list indentation, flow
// spacing, comment spacing and place, LF): printing the file once as read (`before`) and once
// edited (`after`), the lines `after` shares with `before` (a line diff) are untouched; each
// `before` line the file has as it is (a second diff) is the file's own line, and a run of
// `before` lines the file wrote otherwise (a comment moved to its own line, a list re-indented),
// when every line of it is untouched, is the file's own run of lines. Only what the edit made is
// the library's, with the file's line ends.

/** Lines compared at most (the common head and tail aside): past it, `after` as printed. */
const MAX_DIFF_CELLS = 4_000_000;

export function keepUntouchedLines(original: string, before: string, after: string): string {
  const crlf = original.includes('\r\n');
  const own = original.split('\n');
  const bare = own.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const b = before.split('\n');
  const a = after.split('\n');
  const printed = (line: string, i: number) => (crlf && i < a.length - 1 ? `${line}\r` : line);
  const untouched = matchLines(b, a);
  const kept = matchLines(bare, b);
  if (untouched === undefined || kept === undefined) return a.map(printed).join('\n');
  // each `before` line: the file's line, or the run of lines between the file's lines around it
  const runOf = new Array<{ from: number; to: number; own: [number, number] } | undefined>(b.length);
  for (let i = 0; i < b.length;) {
    if (kept[i] !== -1) {
      i++;
      continue;
    }
    let j = i;
    while (j < b.length && kept[j] === -1) j++;
    const ownFrom = i === 0 ? 0 : kept[i - 1]! + 1;
    const ownTo = j === b.length ? own.length : kept[j]!;
    const run = { from: i, to: j, own: [ownFrom, ownTo] as [number, number] };
    for (let k = i; k < j; k++) runOf[k] = run;
    i = j;
  }
  const out: string[] = [];
  for (let j = 0; j < a.length; j++) {
    const i = untouched[j]!;
    if (i === -1) out.push(printed(a[j]!, j));
    else if (kept[i] !== -1) out.push(own[kept[i]!]!);
    else {
      const run = runOf[i]!;
      const whole =
        i === run.from &&
        run.to - run.from <= a.length - j &&
        Array.from({ length: run.to - run.from }, (_, k) => untouched[j + k] === run.from + k).every(Boolean);
      if (!whole) out.push(printed(a[j]!, j));
      else {
        out.push(...own.slice(run.own[0], run.own[1]));
        j += run.to - run.from - 1;
      }
    }
  }
  return out.join('\n');
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
