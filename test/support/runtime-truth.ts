// Reads a run-time truth file (scripts/corpus/truth/NAME.runtime.txt, copied into a corpus as
// NAME-VERSION.runtime.txt): the images an operator pulls at run time, written by reading the
// operator's own source. The format is described in scripts/corpus/truth/README.md.
import { toImageRef } from '../../src/discover/image-ref.js';

export interface TruthLine {
  /** As the operator composes it. */
  raw: string;
  /** registry/repository:tag[@digest], as `images -o json` writes refs (a tagless one gets :latest, as a runtime pulls it). */
  ref: string;
  /** FILE:LINE in the operator's source where the name is read or built. */
  where: string;
  /** How the name reaches the operator (env X, flag --x, ConfigMap key, CR field, built-in default). */
  how: string;
  /** The chart's render names it in no form: `images` cannot see it. */
  builtin: boolean;
  /**
   * `builtin optional`: compiled in, and pulled only for an opt-in feature or a second resource kind
   * the chart's defaults leave out (the catalog default's `need: optional`): listed, optional or needed.
   */
  optional: boolean;
  /** 1-based line of the truth file. */
  line: number;
}

export interface RuntimeTruth {
  sources: string[];
  lines: TruthLine[];
  /**
   * `# with: NAME`: the chart (by name, as the truth files are named) that deploys the operator
   * reconciling this chart's resources; the check renders both in one command, as they are installed.
   */
  with: string[];
  /** `# node-os: OS`: the nodes' OS the truth was written for (images --node-os). */
  nodeOs: string[];
  /**
   * `# none: FILE:LINE why`: the source read says the operator pulls nothing at run time with the
   * chart's defaults (no image line then): `images` must list no run-time image for the chart.
   */
  none: { where: string; why: string; line: number }[];
}

const SOURCE = /^#\s*source:\s*(github\.com\/[^/\s]+\/[^@\s]+@\S+)\s*$/;
const WHERE = /^[^\s:][^\s]*:\d+$/;

/** Throws naming the file and line on anything that is not the format. */
export function readRuntimeTruth(text: string, file: string): RuntimeTruth {
  const out: RuntimeTruth = { sources: [], lines: [], with: [], nodeOs: [], none: [] };
  const fail = (n: number, why: string): never => {
    throw new Error(`${file}:${n}: ${why}; next: see scripts/corpus/truth/README.md for the format`);
  };
  text.split('\n').forEach((l, i) => {
    const n = i + 1;
    if (!l.trim()) return;
    if (l.startsWith('#')) {
      if (/^#\s*source:/.test(l))
        out.sources.push(SOURCE.exec(l)?.[1] ?? fail(n, `a source line is "# source: github.com/OWNER/REPO@TAG-or-COMMIT", got "${l}"`));
      if (/^#\s*with:/.test(l)) out.with.push(/^#\s*with:\s*([\w.-]+)\s*$/.exec(l)?.[1] ?? fail(n, `a with line is "# with: CHART-NAME", got "${l}"`));
      if (/^#\s*node-os:/.test(l)) out.nodeOs.push(/^#\s*node-os:\s*([\w.-]+)\s*$/.exec(l)?.[1] ?? fail(n, `a node-os line is "# node-os: OS", got "${l}"`));
      if (/^#\s*none:/.test(l)) {
        const m = /^#\s*none:\s*(\S+)\s+(\S.*)$/.exec(l);
        if (!m || !WHERE.test(m[1]!)) fail(n, `a none line is "# none: FILE:LINE why nothing is pulled", got "${l}"`);
        out.none.push({ where: m![1]!, why: m![2]!, line: n });
      }
      return;
    }
    const cols = l.split('\t');
    if (cols.length < 3 || cols.length > 4) fail(n, `want REFERENCE<TAB>FILE:LINE<TAB>how[<TAB>builtin[ optional]], got ${cols.length} column(s)`);
    const [raw, where, how, flag] = cols;
    const ref = toImageRef(raw);
    if (!ref) fail(n, `"${raw}" is not an image reference`);
    if (!WHERE.test(where)) fail(n, `"${where}" is not FILE:LINE`);
    if (!how.trim()) fail(n, 'the third column (how the name reaches the operator) is empty');
    if (flag !== undefined && flag !== 'builtin' && flag !== 'builtin optional')
      fail(n, `the fourth column is "builtin", "builtin optional" or absent, got "${flag}"`);
    out.lines.push({ raw, ref: ref!.normalized, where, how, builtin: flag !== undefined, optional: flag === 'builtin optional', line: n });
  });
  if (out.sources.length === 0) fail(1, 'no "# source: github.com/OWNER/REPO@TAG-or-COMMIT" line');
  if (out.lines.length === 0 && out.none.length === 0) fail(1, 'no image line (nor a "# none: FILE:LINE why" line)');
  if (out.lines.length > 0 && out.none.length > 0) fail(out.none[0]!.line, 'a "# none:" line with image lines: the operator pulls something, or nothing');
  return out;
}
