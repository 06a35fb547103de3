// A chart's values tree dumped whole into a ConfigMap or Secret key (JupyterHub's hub Secret
// `values.yaml`, BinderHub's) for a script the chart ships beside it (jupyterhub_config.py) to read
// setting by setting, `get_config("singleuser.image.name")`. The dump carries every image of the
// chart, also those only the chart's own pod templates use behind a switch (the proxy's Traefik,
// the dind DaemonSet's docker): the script never reads those, so nothing pulls them from there.
// When the chart's scripts read a dump by quoted keys (at least MIN_KEYS of them name settings
// the dump holds), an image of the dump that no key read reaches (the key, or a section above it)
// is not run-time: its site is dropped with the reason, and the image stays where the chart puts
// it (a pod spec, or a values block the optional search lists with its switch).
import type { RenderedDoc } from '../../helm/engine/render-types.js';
import type { CandidateAudit, Rejection } from '../verdicts/audit.js';
import { parsePath, type PathSegment } from '../field-path.js';
import type { ImageSite } from '../image-site.js';
import { base64Text } from './data-decoding.js';
import { TextMemo } from '../../util/text-memo.js';
import { isRecord } from '../../util/is-record.js';
import { stripMarkers } from '../values/value-markers.js';
import { sharedDocumentObject } from '../../helm/release/manifests.js';
import { podCreators } from '../sites/pod-creators.js';
import { gatedKeys, switchedOff, type GatedKeys } from './script-gates.js';

/** Keys read that must name the dump's settings before its other settings count as unread. */
const MIN_KEYS = 3;
/**
 * A quoted settings key in a script: dotted anywhere (`"singleuser.image.name"`, `'hub.config'`),
 * one word only as a call's argument or a subscript (`get_value("imageBuilderType")`,
 * `values["config"]`): a word alone is as often a constant (`in ["dind", "pink"]`).
 */
const QUOTED_KEY = /["']([A-Za-z_][\w-]*(?:\.[\w-]+)+)["']|[\w)\]][([]\s*["']([A-Za-z_][\w-]*)["']/g;
const DATA_FIELDS = ['data', 'stringData'] as const;

export const UNREAD_DUMP_ENTRY: Rejection = {
  id: 'unread-dump-entry',
  reason:
    "in a values tree a ConfigMap or Secret carries for a script that reads it key by key, and no key the script reads reaches this one: the chart's own templates use it, not a program at run time",
};

export const SWITCHED_OFF_DUMP_ENTRY: Rejection = {
  id: 'switched-off-dump-entry',
  reason:
    'in a values tree a ConfigMap or Secret carries for a script that reads it key by key, and the script reads this one only under a switch the same tree holds off (`if get_config("a.b"):`): nothing pulls it with these values',
};

export const VALUES_DUMP_ENTRY: Rejection = {
  id: 'values-dump-entry',
  reason:
    "in a values tree a ConfigMap or Secret carries whole, whose image blocks the chart's pod templates join to a registry of their own (the dump's blocks, read alone, are images nobody pulls): the chart's templates use it, no script reads it",
};

export const VALUES_COPY_ENTRY: Rejection = {
  id: 'values-copy-entry',
  reason:
    "in a values tree a ConfigMap or Secret carries whole, whose images are those the chart's own pod templates run, in a chart with no program that may start pods (a copy kept for support or analytics): nothing pulls from there",
};

/** The string under a ConfigMap's or Secret's `field` (data, stringData) and key, as rendered. */
function dataString(doc: RenderedDoc, field: string, key: string): string | undefined {
  const o = sharedDocumentObject(doc);
  const d = isRecord(o) ? o[field] : undefined;
  const v = isRecord(d) ? d[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}

// a chart is rendered dozens of times by the optional search, its data texts mostly verbatim:
// each is decoded, scanned and parsed once (kept by its text)
const KEYS_IN = new TextMemo<GatedKeys>(16 * 1024 * 1024);
const SECTIONS = new TextMemo<Sections | undefined>(16 * 1024 * 1024);
const NO_KEYS: GatedKeys = new Map();

/** The quoted keys of one multi-line data text (Secret `data` decoded first), with the switches each is read under. */
function keysIn(value: string, secretData: boolean): GatedKeys {
  return KEYS_IN.of(secretData ? `b\0${value}` : `t\0${value}`, () => {
    const text = secretData ? base64Text(value) : value;
    return text === undefined || !text.includes('\n') ? NO_KEYS : gatedKeys(text, QUOTED_KEY);
  });
}

/**
 * Every quoted settings key (`"singleuser.image.name"`, `get_value("imageBuilderType")`) of the
 * multi-line data texts (its scripts and configs) of each chart of the render: a script reads its
 * own chart's dump.
 */
function keysRead(docs: readonly RenderedDoc[]): Map<string, KeyRead[]> {
  const seen = new Map<string, Map<string, (readonly string[])[]>>();
  for (const doc of docs) {
    const o = sharedDocumentObject(doc);
    if (!isRecord(o) || (o.kind !== 'ConfigMap' && o.kind !== 'Secret')) continue;
    for (const field of DATA_FIELDS) {
      const d = o[field];
      if (!isRecord(d)) continue;
      for (const v of Object.values(d)) {
        if (typeof v !== 'string') continue;
        const keys = seen.get(doc.chart) ?? new Map<string, (readonly string[])[]>();
        for (const [k, gates] of keysIn(v, field === 'data' && o.kind === 'Secret')) keys.set(k, [...(keys.get(k) ?? []), ...gates]);
        seen.set(doc.chart, keys);
      }
    }
  }
  return new Map([...seen].map(([chart, keys]) => [chart, [...keys].map(([k, gates]) => ({ key: k, path: k.split('.'), gates }))]));
}

/** A key a chart's scripts read: its dotted name, path, and the gates of each place it is read. */
interface KeyRead {
  key: string;
  path: PathSegment[];
  gates: readonly (readonly string[])[];
}

/** The setting paths of a dump, each with the text after its `key:` (a scalar's value, else empty). */
type Sections = ReadonlyMap<string, string>;

/** Whether one place a key is read is reached with the dump's values: no gate of it held off there. */
const readThere = (gates: readonly string[], sections: Sections): boolean => !gates.some((g) => switchedOff(sections.get(g)));

/** A mapping key of a block-style YAML line (`  image:`, `  name: quay.io/x`), and its indent. */
const KEY_LINE = /^( *)([A-Za-z_][\w.-]*|"[^"]*"|'[^']*'):(?: |$)/;

/**
 * The dotted paths of the mapping keys of a YAML dump as toYaml writes one (block style, nested by
 * indent): which settings it holds. A line scan, not a parse: every toggled render of the optional
 * search writes the dump anew, and a full parse of each cost a fifth of the search. JSON is no dump here.
 */
function sectionsOf(text: string): Sections | undefined {
  if (/^\s*[[{]/.test(text)) return undefined;
  const out = new Map<string, string>();
  const stack: { indent: number; key: string }[] = [];
  for (const line of text.split('\n')) {
    const m = KEY_LINE.exec(line);
    if (!m) continue;
    const indent = m[1]!.length;
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const key = m[2]!.replace(/^["']|["']$/g, '');
    stack.push({ indent, key });
    out.set(stack.map((e) => e.key).join('.'), line.slice(m[0].length).trim());
  }
  return out;
}

const reaches = (key: readonly PathSegment[], field: readonly PathSegment[]): boolean =>
  key.length <= field.length && key.every((s, i) => String(s) === String(field[i]));

/** The dump a site of one level of data sits in: its document and data key, and the settings it holds. */
function dumpOf(site: ImageSite, docs: readonly RenderedDoc[]): { id: string; sections: Sections } | undefined {
  // a block whose version the chart fills (`{name, tag: null}`) has no composition: read only as
  // one level of plain text (encodings ['yaml'])
  const levels = site.composition?.levels ?? (site.encodings?.length === 1 ? [{ base64: false }] : undefined);
  if (!levels || levels.length !== 1 || (site.site !== 'configmap' && site.site !== 'secret')) return undefined;
  const cut = site.source.fieldPath.indexOf(' > ');
  if (cut < 0) return undefined;
  const [field, key] = parsePath(site.source.fieldPath.slice(0, cut));
  if ((field !== 'data' && field !== 'stringData') || typeof key !== 'string') return undefined;
  const doc = docs.find((d) => {
    if (d.template !== site.source.template) return false;
    const o = sharedDocumentObject(d);
    return isRecord(o) && o.kind === site.source.kind && isRecord(o.metadata) && o.metadata.name === site.source.name;
  });
  const text = doc && dataString(doc, field, key);
  if (text === undefined) return undefined;
  const id = `${site.source.template}\0${site.source.kind}\0${site.source.name}\0${field}\0${key}`;
  const sections = SECTIONS.of(`${levels[0]!.base64 ? 'b' : 't'}\0${text}`, () => {
    const plain = levels[0]!.base64 ? base64Text(text) : text;
    return plain === undefined ? undefined : sectionsOf(plain);
  });
  return sections === undefined ? undefined : { id, sections };
}

/** A reference as written that names no registry host (`agent:0.2.1`, `acme/agent`). */
const hostless = (raw: string): boolean => !raw.includes('/') || !/[.:]|^localhost$/.test(raw.slice(0, raw.indexOf('/')));

/**
 * The dumps that are the values tree the chart's templates read, each with the reason: at least
 * MIN_JOINED of their entries are images a pod spec of the same chart pulls, either joined there to
 * a registry of its own (a host-less `agent:0.2.1` entry, `public.ecr.example/acme/agent:0.2.1` in
 * the pod spec: its blocks, read alone, name nothing anyone pulls), or the very images the pod
 * specs run (Confluence's `confluence-helm-values`, mounted for support tools) in a chart no
 * program of which may start pods: a program that may would read such a tree to start what it names.
 */
function joinedDumps(entries: readonly { site: ImageSite; id: string }[], sites: readonly ImageSite[], docs: readonly RenderedDoc[]): Map<string, Rejection> {
  const pulled = sites.filter((s) => s.site === 'pod-spec');
  const joined = new Map<string, Set<string>>();
  const copied = new Map<string, Set<string>>();
  let creators: Set<string> | undefined;
  const startsPods = (chart: string) => (creators ??= new Set(podCreators(docs).map((c) => c.chart))).has(chart);
  for (const { site, id } of entries) {
    const own = pulled.filter((p) => p.source.chart === site.source.chart);
    // a marker render's raw still carries its markers (values/value-markers.ts)
    const raw = stripMarkers(site.raw);
    // as read: Docker Hub's, with a version the chart fills in (its appVersion) where the block has none
    const tail = `/${site.ref.replace(/^docker\.io\/(library\/)?/, '')}`;
    if (hostless(raw) && own.some((p) => p.ref !== site.ref && p.ref.endsWith(tail))) joined.set(id, (joined.get(id) ?? new Set()).add(tail));
    else if (own.some((p) => p.ref === site.ref) && !startsPods(site.source.chart)) copied.set(id, (copied.get(id) ?? new Set()).add(site.ref));
  }
  const out = new Map<string, Rejection>();
  for (const [id, refs] of copied) if (refs.size >= MIN_JOINED) out.set(id, VALUES_COPY_ENTRY);
  for (const [id, tails] of joined) if (tails.size >= MIN_JOINED) out.set(id, VALUES_DUMP_ENTRY);
  return out;
}

/** Entries of one dump that must be joined by the chart's templates before it counts as their values tree. */
const MIN_JOINED = 2;

/** The sites without those a dump carries that nothing pulls from there; the audit says why. */
export function withoutUnreadDumpEntries(sites: ImageSite[], docs: readonly RenderedDoc[], audit?: CandidateAudit): ImageSite[] {
  if (!sites.some((s) => s.composition?.levels.length === 1 && (s.site === 'configmap' || s.site === 'secret'))) return sites;
  const byChart = keysRead(docs);
  // per dump: the keys read that name its settings, and of those the ones read somewhere with no gate held off
  const dumps = new Map<string, { named: PathSegment[][]; open: PathSegment[][] } | undefined>();
  const entries: { site: ImageSite; id: string }[] = [];
  const dropped = new Map<ImageSite, Rejection>();
  for (const s of sites) {
    const d = dumpOf(s, docs);
    if (!d) continue;
    if (!dumps.has(d.id)) {
      const named = (byChart.get(s.source.chart) ?? []).filter((k) => d.sections.has(k.key));
      const open = named.filter((k) => k.gates.some((g) => readThere(g, d.sections)));
      dumps.set(d.id, named.length >= MIN_KEYS ? { named: named.map((k) => k.path), open: open.map((k) => k.path) } : undefined);
    }
    const read = dumps.get(d.id);
    const reached = (keys: PathSegment[][]) => s.composition!.fields.some((f) => keys.some((k) => reaches(k, f.at)));
    if (read && s.composition && !reached(read.open)) dropped.set(s, reached(read.named) ? SWITCHED_OFF_DUMP_ENTRY : UNREAD_DUMP_ENTRY);
    else if (!read) entries.push({ site: s, id: d.id });
  }
  const joined = joinedDumps(entries, sites, docs);
  for (const { site, id } of entries) if (joined.has(id)) dropped.set(site, joined.get(id)!);
  if (dropped.size === 0) return sites;
  for (const dec of audit?.decisions ?? []) {
    if (!dec.listed) continue;
    const hit = [...dropped].find(([s]) => s.source.fieldPath === dec.source.fieldPath && s.source.template === dec.source.template && s.ref === dec.listed);
    if (!hit) continue;
    delete dec.listed;
    dec.rejected = hit[1];
  }
  return sites.filter((s) => !dropped.has(s));
}
