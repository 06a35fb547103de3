// Compares two `helm template` outputs at the YAML level, document by document in order, and
// masks only what Helm itself makes random: generated passwords and keys in Secrets, PEM
// certificates and keys, sha256 checksums of those, random name suffixes, and the render time. Anything else that
// differs is a disagreement, named by document and path.
import { parseAllDocuments } from 'yaml';
import { goYamlText } from '../../src/sprig/go-yaml-text.js';

export interface Disagreement {
  doc: string;
  path: string;
  ours: unknown;
  helm: unknown;
}

const PEM = /-----BEGIN ([A-Z ]+)-----/g;
const SECRETISH = /password|passwd|secret|token|key|cookie|salt|jwt|uuid|htpasswd|auth|credential|erlang/i;

function pemTypes(s: string): string | undefined {
  const text = /^[A-Za-z0-9+/=\s]+$/.test(s) && s.length > 40 ? Buffer.from(s, 'base64').toString('latin1') : s;
  const types = [...text.matchAll(PEM)].map((m) => m[1]);
  return types.length ? types.join(',') : undefined;
}

/** Whether two differing strings are both what a random or generated value looks like. */
export function bothRandom(a: unknown, b: unknown, path: string, inSecret = false): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const pa = pemTypes(a);
  if (pa !== undefined && pa === pemTypes(b)) return true;
  if (/^[0-9a-f]{64}$/.test(a) && /^[0-9a-f]{64}$/.test(b)) return true;
  // a schedule built from the render time (linkerd's heartbeat `now | date "04"`): the minute ticked
  if (/schedule$/i.test(path) && clockTick(a, b)) return true;
  // the render time (`now | unixEpoch`, Datadog's install_time): two renders a few seconds apart
  if (/^\d{10}$/.test(a) && /^\d{10}$/.test(b) && Math.abs(Number(a) - Number(b)) <= 300) return true;
  if (a.length === b.length && ((inSecret && /^\/(data|stringData)\/[^/]+$/.test(path)) || SECRETISH.test(path.split('/').pop() ?? ''))) return true;
  // a random suffix or infix (randAlphaNum, uuidv4): one differing run of 5+ alphanumerics
  if (a.length === b.length) {
    let i = 0;
    while (a[i] === b[i]) i++;
    let j = a.length - 1;
    while (a[j] === b[j]) j--;
    const ra = a.slice(i, j + 1);
    const rb = b.slice(i, j + 1);
    if (ra.length >= 5 && /^[A-Za-z0-9-]+$/.test(ra) && /^[A-Za-z0-9-]+$/.test(rb)) return true;
    // two random tokens may share their first or last characters (randAlphaNum 5: htzht, habby):
    // the whole alphanumeric token around the run, if 5+ long and mostly different
    let [s, e] = [i, j];
    while (s > 0 && /[A-Za-z0-9]/.test(a[s - 1]) && /[A-Za-z0-9]/.test(b[s - 1])) s--;
    while (e < a.length - 1 && /[A-Za-z0-9]/.test(a[e + 1]) && /[A-Za-z0-9]/.test(b[e + 1])) e++;
    const token = e - s + 1;
    const word = (x: string) => /^[A-Za-z0-9]+$/.test(x) && /[A-Za-z]/.test(x);
    if (token >= 5 && ra.length >= 3 && word(a.slice(s, e + 1)) && word(b.slice(s, e + 1))) return true;
    // a name ending in `-{{ randNumeric N }}` (fission's hook Jobs): a short all-digit last segment
    if (/\/metadata\/name$/.test(path) && e === a.length - 1 && a[s - 1] === '-' && /^\d{1,5}$/.test(a.slice(s)) && /^\d{1,5}$/.test(b.slice(s))) return true;
  }
  // generated content embedded in a larger text (a config file holding a generated password)
  if (a.length === b.length && a.length > 200) {
    let diff = 0;
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) diff++;
    if (diff <= 64) return true;
  }
  // a config file holding several generated keys (Mattermost's config.json salts): every line that
  // differs is itself random, and no other line differs
  const [la, lb] = [a.split('\n'), b.split('\n')];
  if (la.length > 1 && la.length === lb.length) return la.every((l, k) => l === lb[k] || bothRandom(l, lb[k], path, inSecret));
  return false;
}

/** The strings differ only in numbers that are one clock tick apart (21 vs 22, 59 vs 00). */
function clockTick(a: string, b: string): boolean {
  const [na, nb] = [a.split(/(\d+)/), b.split(/(\d+)/)];
  if (na.length !== nb.length) return false;
  let ticks = 0;
  for (let k = 0; k < na.length; k++) {
    if (na[k] === nb[k]) continue;
    if (k % 2 === 0) return false;
    const d = Math.abs(Number(na[k]) - Number(nb[k]));
    if (d !== 1 && d !== 59 && d !== 23) return false;
    ticks++;
  }
  return ticks > 0 && ticks <= 2;
}

/** The documents of a rendered stream as go-yaml (which wrote real Helm's) reads them. */
export function parseDocs(stream: string): unknown[] {
  return parseAllDocuments(goYamlText(stream), { uniqueKeys: false })
    .map((d) => d.toJS({ maxAliasCount: -1 }) as unknown)
    .filter((d) => d !== null && d !== undefined);
}

function docName(d: unknown, i: number): string {
  const o = d as { kind?: string; metadata?: { name?: string } } | null;
  return `#${i} ${o?.kind ?? '?'}/${o?.metadata?.name ?? '?'}`;
}

function walk(a: unknown, b: unknown, path: string, doc: string, out: Disagreement[], inSecret: boolean): void {
  if (a === b) return;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}/${k}`, doc, out, inSecret);
    return;
  }
  if (bothRandom(a, b, path, inSecret)) return;
  out.push({ doc, path, ours: a, helm: b });
}

/** Every disagreement between our output and Helm's (an empty list: identical at the YAML level). */
export function compareRenders(ours: string, helm: string): Disagreement[] {
  const a = parseDocs(ours);
  const b = parseDocs(helm);
  const out: Disagreement[] = [];
  if (a.length !== b.length) out.push({ doc: '(stream)', path: 'documents', ours: a.length, helm: b.length });
  for (let i = 0; i < Math.min(a.length, b.length); i++) walk(a[i], b[i], '', docName(b[i], i), out, (b[i] as { kind?: string }).kind === 'Secret');
  return out;
}

export function formatDisagreements(list: Disagreement[], max = 5): string {
  const cut = (v: unknown) => JSON.stringify(v)?.slice(0, 160);
  return list
    .slice(0, max)
    .map((d) => `${d.doc} ${d.path}: ours ${cut(d.ours)} / helm ${cut(d.helm)}`)
    .join('\n');
}
