// Splitting strings that may hold several references: operator env values such as Strimzi's
// STRIMZI_KAFKA_IMAGES ("3.7.0=quay.io/strimzi/kafka:0.41.0-kafka-3.7.0" lines), comma or space
// separated lists, JSON lists/maps; and container argument vectors ("--flag=image", "--flag image").

/** Every candidate reference inside an env-style value, in order. */
export function splitImageList(value: string): string[] {
  const json = parseJsonStrings(value);
  if (json) return json;
  const out: string[] = [];
  for (const token of value.split(/[\s,;]+/)) {
    const t = unquote(token);
    if (t === '') continue;
    // "version=image" and "name:=image" pairs name the image on the right of the last '='.
    const eq = t.lastIndexOf('=');
    out.push(afterTransport(eq >= 0 ? t.slice(eq + 1) : t));
  }
  return out.filter((t) => t !== '');
}

/**
 * `LABEL:docker://IMAGE` (Gitea's act_runner and Forgejo's runner labels: a job asking for LABEL
 * runs in IMAGE) and `docker://IMAGE` (a GitHub Actions step's container): the reference the
 * program pulls, after the transport. Any other text is returned as it is.
 */
const DOCKER_TRANSPORT = /^(?:[\w.-]+:)?docker:\/\/(?=[^/\s])/;
export function afterTransport(text: string): string {
  if (!text.includes('docker://')) return text;
  const m = DOCKER_TRANSPORT.exec(text.trim());
  return m ? text.trim().slice(m[0].length) : text;
}

function parseJsonStrings(value: string): string[] | undefined {
  const s = value.trim();
  if (!/^[[{]/.test(s)) return undefined;
  try {
    const strings: string[] = [];
    collectStrings(JSON.parse(s) as unknown, strings);
    return strings;
  } catch {
    return undefined;
  }
}

function collectStrings(v: unknown, out: string[]): void {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => collectStrings(x, out));
  else if (v !== null && typeof v === 'object') Object.values(v).forEach((x) => collectStrings(x, out));
}

function unquote(s: string): string {
  return s.replace(/^["'`]+|["'`]+$/g, '');
}

export interface ArgValue {
  /** Flag name without dashes, or undefined for a positional token. */
  flag?: string;
  value: string;
  /** Index of the argument vector entry the value came from. */
  index: number;
}

/** Flag values and positional tokens of an args/command vector (shell strings are split too). */
export function splitArgs(argv: readonly unknown[]): ArgValue[] {
  const tokens: { t: string; index: number }[] = [];
  argv.forEach((a, index) => {
    if (typeof a !== 'string') return;
    const parts = /\s/.test(a.trim()) ? a.trim().split(/\s+/) : [a.trim()];
    for (const p of parts) if (p !== '') tokens.push({ t: unquote(p), index });
  });
  const out: ArgValue[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const { t, index } = tokens[i];
    const flag = /^--?([A-Za-z][\w.-]*)(?:=(.*))?$/.exec(t);
    if (!flag) {
      out.push({ value: t, index });
      continue;
    }
    if (flag[2] !== undefined) {
      out.push({ flag: flag[1], value: unquote(flag[2]), index });
    } else if (i + 1 < tokens.length && !tokens[i + 1].t.startsWith('-')) {
      out.push({ flag: flag[1], value: tokens[i + 1].t, index: tokens[i + 1].index });
      i++;
    }
  }
  return out;
}
