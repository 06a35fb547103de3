// The audit of every image-shaped string (images --explain): the verdicts, what discovery decided
// for each candidate as it decided it (CandidateAudit, filled by discoverImages), and the one
// rule that turns a listed site into a verdict, which the images report's sections use too.

import { refStrength, toImageRef } from '../image-ref.js';
import { crdDefaultReason } from '../sites/crd-defaults.js';
import { siteKey, type BuiltinProvenance, type ImageSite, type ImageSource, type SiteKind } from '../image-site.js';
import { onSetting } from '../toggles/off-flag.js';

/**
 * needed: a pod spec pulls it; runtime: a program is told to pull it (env, args, data, custom
 * resources); optional: another setting brings it; doubtful: listed, never counted; rejected:
 * not an image, with the reason.
 */
export type CandidateVerdict = 'needed' | 'runtime' | 'optional' | 'doubtful' | 'rejected';

export const VERDICT_ORDER: readonly CandidateVerdict[] = ['needed', 'runtime', 'optional', 'doubtful', 'rejected'];

/** A site's verdict: `fromOptionalSearch` when only a toggled render, an annotation or a values block found it. */
export function siteVerdict(s: ImageSite, fromOptionalSearch: boolean): Exclude<CandidateVerdict, 'rejected'> {
  if (s.certainty === 'doubtful') return 'doubtful';
  if (fromOptionalSearch || s.switchedOff) return 'optional';
  return s.site === 'pod-spec' ? 'needed' : 'runtime';
}

/** Why a candidate is not an image: a rule's id and its words to a user. */
export interface Rejection {
  id: string;
  reason: string;
}

/** One decision of discovery on one candidate string of a render. */
export interface CandidateDecision {
  raw: string;
  source: ImageSource;
  /** The site-table rule that met it. */
  rule: string;
  /** Listed: the normalised reference of the site kept. */
  listed?: string;
  rejected?: Rejection;
  /**
   * Part of an image whose rest its consumer supplies (a tag with no repository): doubtful, with
   * the reason, unless a listed site (the operator's built-in default) stands at the same place.
   */
  partial?: Rejection;
  /** The decodings on the way to it, outermost first. */
  encodings: readonly string[];
}

/** A string of a rendered document shaped like an image (name:tag, host/path:tag, @digest). */
export interface ShapedString {
  raw: string;
  source: ImageSource;
}

/** What discovery met in one render, filled as it decides (discoverImages({ audit })). */
export interface CandidateAudit {
  decisions: CandidateDecision[];
  /** Every image-shaped string leaf of the documents, decided or not: what `unaccounted` is checked against. */
  shaped: ShapedString[];
  /**
   * The optional search's renders (toggles flipped): their rejections and shaped strings. What they
   * list is the search's to keep or drop (already needed, or optional with its setting).
   */
  toggled?: CandidateAudit;
}

export function newAudit(): CandidateAudit {
  return { decisions: [], shaped: [] };
}

/** Tagged or digested, with or without a host: the shape the audit must give a verdict to. */
export function isImageShaped(raw: string): boolean {
  const ref = toImageRef(raw);
  if (!ref) return false;
  const strength = refStrength(ref);
  return strength === 'tagged' || strength === 'hosted-tagged' || ref.digest !== undefined;
}

/** One line of the audit: a candidate, its verdict and where it came from. */
export interface ExplainedCandidate {
  raw: string;
  /** The normalised reference (listed candidates). */
  ref?: string;
  verdict: CandidateVerdict;
  /** rejected: the rule's words; doubtful: why it is not counted; a built-in default: whose, and where its source says so. */
  reason?: string;
  /** rejected (or a partial image, doubtful): the rule's id. */
  rule?: string;
  /** optional: the setting that brings it. */
  setting?: string;
  /** Met only in the optional search's renders (other settings), not in the render with the given values. */
  otherSettings?: true;
  site?: SiteKind;
  chart: string;
  template: string;
  kind: string;
  name: string;
  /** Inside the document, and through each decoding: `data["values.yaml"] > base64.images`. */
  fieldPath: string;
  /** The decodings on the way, outermost first (base64, json, yaml, lines). */
  encodings: string[];
}

export interface ExplainedChart {
  candidates: ExplainedCandidate[];
  /** Image-shaped strings, or listed sites, that no verdict covers: a discovery bug, named. */
  unaccounted: ShapedString[];
}

const NODE_OS_REASON = "the operator appends the node's OS to this tag (images --node-os OS lists what the nodes pull): listed, not counted";
const DOUBTFUL_REASON = 'shaped like an image where nothing says one is pulled: listed, not counted';
const taggedReason = (t: { operator: string; at: string }) =>
  `a repository ${t.operator} tags itself per resource a user applies (${t.at}): this tag is not what it pulls; values moves the repository; listed, not counted`;
const doubtfulReason = (s: ImageSite): string =>
  s.nodeOsTag ? NODE_OS_REASON : s.taggedByOperator ? taggedReason(s.taggedByOperator) : s.filledAtRunTime ? filledReason(s.filledAtRunTime) : DOUBTFUL_REASON;
const filledReason = (names: readonly string[]) =>
  `the program fills ${names.join(', ')} before it pulls: each value it takes names an image to carry (helm airgap bundle --image REF); listed, not counted`;

/**
 * The audit of one chart: its sites as the report counts them, the rejections discovery recorded,
 * and every image-shaped string or listed decision that neither covers.
 */
export function explainChart(sites: readonly ImageSite[], optional: readonly ImageSite[], audit: CandidateAudit): ExplainedChart {
  const listed = [...sites.map((s) => explained(s, siteVerdict(s, false))), ...optional.map((s) => explained(s, siteVerdict(s, true)))];
  const listedKeys = new Set(sites.map((s) => keyOf(s.source, s.ref)));
  const seen = new Set(audit.decisions.filter((d) => d.listed !== undefined).map((d) => keyOf(d.source, d.raw)));
  const unaccounted: ShapedString[] = [];
  for (const d of audit.decisions) {
    if (d.listed !== undefined && !listedKeys.has(keyOf(d.source, d.listed))) unaccounted.push({ raw: d.raw, source: d.source });
  }
  const rejected = [...partials(audit, [...sites, ...optional]), ...rejections(audit, seen, unaccounted)];
  // the toggled renders repeat the plain one: only what they alone met is theirs
  if (audit.toggled) {
    for (const d of audit.toggled.decisions) if (d.listed !== undefined) seen.add(keyOf(d.source, d.raw));
    rejected.push(...rejections(audit.toggled, seen, unaccounted).map((e): ExplainedCandidate => ({ ...e, otherSettings: true })));
  }
  return { candidates: [...listed, ...rejected], unaccounted };
}

const keyOf = (source: ImageSource, what: string) => `${siteKey(source)}\0${what}`;

/**
 * An operator's default per resource sits at the resource (`spec`): it completes a partial image
 * inside that resource whose tag it took (VictoriaMetrics' VMAgent `spec.image: {tag}`).
 */
function completes(s: ImageSite, d: CandidateDecision): boolean {
  const a = s.source;
  const b = d.source;
  const sameDoc = a.template === b.template && a.kind === b.kind && (a.position ?? a.name) === (b.position ?? b.name);
  return sameDoc && b.fieldPath.startsWith(`${a.fieldPath}.`) && toImageRef(s.ref)?.tag === d.raw;
}

/** The partial images of the plain render no listed site stands for (each place once), doubtful with their reason. */
function partials(audit: CandidateAudit, listed: readonly ImageSite[]): ExplainedCandidate[] {
  const covered = new Set(listed.map((s) => siteKey(s.source)));
  const builtins = listed.filter((s) => s.site === 'builtin');
  const out: ExplainedCandidate[] = [];
  for (const d of audit.decisions) {
    if (!d.partial || covered.has(siteKey(d.source)) || builtins.some((s) => completes(s, d))) continue;
    covered.add(siteKey(d.source));
    out.push({ ...located(d.source), raw: d.raw, verdict: 'doubtful', reason: d.partial.reason, rule: d.partial.id, encodings: [...d.encodings] });
  }
  return out;
}

/** The rejections of one audit not `seen` yet (each place and string once), and its shaped strings no decision covers. */
function rejections(audit: CandidateAudit, seen: Set<string>, unaccounted: ShapedString[]): ExplainedCandidate[] {
  const out: ExplainedCandidate[] = [];
  for (const d of audit.decisions) {
    if (!d.rejected || seen.has(keyOf(d.source, d.raw))) continue;
    seen.add(keyOf(d.source, d.raw));
    out.push({ ...located(d.source), raw: d.raw, verdict: 'rejected', reason: d.rejected.reason, rule: d.rejected.id, encodings: [...d.encodings] });
  }
  // a leaf is covered by any decision at its field (or inside its decoded text)
  const decidedAt = new Set(audit.decisions.map((d) => fieldKey(d.source, d.source.fieldPath.split(' > ')[0]!)));
  for (const s of audit.shaped) if (!decidedAt.has(fieldKey(s.source, s.source.fieldPath))) unaccounted.push(s);
  return out;
}

const fieldKey = (s: ImageSource, fieldPath: string) => siteKey({ ...s, fieldPath });

function explained(s: ImageSite, verdict: Exclude<CandidateVerdict, 'rejected'>): ExplainedCandidate {
  return {
    ...located(s.source),
    raw: s.raw,
    ref: s.ref,
    verdict,
    site: s.site,
    encodings: [...(s.encodings ?? [])],
    ...(verdict === 'doubtful' ? { reason: doubtfulReason(s) } : {}),
    ...(s.builtin ? { reason: builtinReason(s.builtin) } : {}),
    ...(s.crdDefault ? { reason: crdDefaultReason(s.crdDefault) } : {}),
    ...(verdict === 'optional' && (s.toggle ?? s.switchedOff) ? { setting: s.toggle ?? onSetting(s.switchedOff!) } : {}),
  };
}

/** "built-in default of OPERATOR VERSION (FILE:LINE)", with the source read and the setting that overrides it. */
export function builtinReason(b: BuiltinProvenance): string {
  if (b.evidence) return `compiled into ${b.evidence.foundIn} (${b.evidence.detail}); confirmed at its registry, ${b.evidence.digest}${needWords(b)}`;
  const override = b.override ? `; ${b.override} overrides it` : '';
  return `built-in default of ${builtinOrigin(b)}${override}${needWords(b)}`;
}

/** "; needed" or "; optional: pulled only with ...", the need the catalog (or evidence alone) gives it. */
const needWords = (b: BuiltinProvenance): string =>
  b.need === 'optional' ? `; optional: pulled only with ${b.pulledWith ?? 'another setting'}` : b.need === 'needed' ? '; needed' : '';

/** "OPERATOR VERSION (FILE:LINE in SOURCE)"; for a version past the readings, the release whose default stands in. */
export function builtinOrigin(b: BuiltinProvenance): string {
  const assumed = b.assumed ? `, as read at ${b.assumed.read} (${b.version} is a ${b.assumed.why}; the newest releases read all pull it)` : '';
  return `${b.operator}${b.version ? ` ${b.version}` : ''}${assumed} (${b.at} in ${b.read})`;
}

function located(s: ImageSource): Pick<ExplainedCandidate, 'chart' | 'template' | 'kind' | 'name' | 'fieldPath'> {
  return { chart: s.chart, template: s.template, kind: s.kind, name: s.name, fieldPath: s.fieldPath };
}
