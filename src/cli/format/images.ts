// The printed forms of an images report: text (images grouped with where they were found),
// --plain (one line per image, image first), yaml, and a `skopeo sync --src yaml` document.

import { stringify } from 'yaml';
import type { ImageSite } from '../../discover/image-site.js';
import { toImageRef } from '../../discover/image-ref.js';
import { referenceProblem } from '../../oci/reference.js';
import { formatCheck } from '../../app/images/check.js';
import type { ImagesReport } from '../../app/images/images.js';
import type { ImageEntry } from '../../app/images/report.js';
import type { CatalogDifference } from '../../discover/evidence/index.js';
import { crdDefaultReason } from '../../discover/sites/index.js';
import { builtinReason, type CandidateVerdict, type ExplainedCandidate } from '../../discover/verdicts/index.js';

const where = (s: ImageSite): string => {
  // a default completed from the operator's config file sits in that file's ConfigMap, which runs nothing
  if (s.builtin)
    return `builtin: ${builtinReason(s.builtin)}; ${s.source.kind === 'ConfigMap' ? 'configured by' : 'run by'} ${s.source.template} ${s.source.kind}/${s.source.name}`;
  if (s.crdDefault) return `${s.site}: ${s.source.template} ${s.source.kind}/${s.source.name} ${s.source.fieldPath}: ${crdDefaultReason(s.crdDefault)}`;
  const obj = s.source.kind === 'Chart' || s.source.kind === 'Values' ? s.source.template : `${s.source.template} ${s.source.kind}/${s.source.name}`;
  return `${s.site}: ${obj} ${s.source.fieldPath}`;
};

/**
 * A CRD's own default with no resource of its kind in the release is pulled by resources made
 * later, which no post-renderer of this chart sees (nor Helm's crds/ folder, which it installs
 * unrendered): the route is the field in those resources, or a mirror on the nodes.
 */
function hardcodedRoute(e: ImageEntry): string {
  if (e.sites.every((s) => s.source.kind === 'CustomResourceDefinition'))
    return "a CRD's default: resources made later pull it unless they set the field, or the nodes mirror its registry";
  return 'hard-coded: values cannot move it, postrender or kustomize can';
}

/** A reference the program completes before it pulls: what fills it, and how its real tags are carried. */
function filledWords(e: ImageEntry): string {
  const names = [...new Set(e.sites.flatMap((s) => s.filledAtRunTime ?? []))];
  return names.length ? `the program fills ${names.join(', ')} before it pulls: carry each tag it makes with bundle --image REF` : '';
}

function entryLines(e: ImageEntry): string[] {
  const said = e.sites.find((s) => s.toggleAsks)?.toggleAsks;
  const asks = e.sites.some((s) => s.toggleAsksMore) ? `, with the other values the chart asks for then${said ? ` (it says: ${said})` : ''}` : '';
  const extra = [
    e.toggles.length ? `when ${e.toggles.join(' or ')}${asks}` : '',
    e.valuesPaths.length ? `values: ${e.valuesPaths.join(', ')}` : '',
    e.hardcoded ? hardcodedRoute(e) : '',
    filledWords(e),
  ].filter(Boolean);
  return [`  ${e.ref}${extra.length ? `  (${extra.join('; ')})` : ''}`, ...e.sites.map((s) => `      ${where(s)}`)];
}

export function formatImagesText(r: ImagesReport): string[] {
  const lines = [`charts: ${r.charts.map((c) => `${c.name} ${c.version}`).join(', ')}`];
  const section = (title: string, es: ImageEntry[]) => (es.length ? [``, `${title}:`, ...es.flatMap(entryLines)] : []);
  lines.push(
    ...section(
      'default (pod specs)',
      r.images.filter((e) => e.need === 'default'),
    ),
  );
  lines.push(
    ...section(
      "runtime (env, args, ConfigMaps, Secrets, custom resources, operators' built-in defaults)",
      r.images.filter((e) => e.need === 'runtime'),
    ),
  );
  lines.push(
    ...section(
      'extra (named by the spec)',
      r.images.filter((e) => e.need === 'extra'),
    ),
  );
  lines.push(
    ...section(
      'optional, included',
      r.images.filter((e) => e.need === 'optional'),
    ),
  );
  lines.push(...section('optional (other values)', r.optional));
  // a doubtful string the reference grammar refuses is no image any runtime pulls as it is (the
  // kubelet reports InvalidImageName): its reason says which part the values must fix
  const doubtfulLines = (e: ImageEntry): string[] => {
    const [head, ...rest] = entryLines(e);
    const problem = referenceProblem(e.ref);
    return problem === undefined ? [head!, ...rest] : [head!, `      not a reference: ${problem}; no runtime pulls it as it is`, ...rest];
  };
  if (r.doubtful.length) lines.push('', 'doubtful (look like images; not counted):', ...r.doubtful.flatMap(doubtfulLines));
  if (r.hardcoded.length)
    lines.push('', `hard-coded: ${r.hardcoded.length} image(s) no value controls (helm airgap postrender or --format kustomize moves them)`);
  if (r.check) lines.push('', ...formatCheck(r.check));
  lines.push(...warningLines(r));
  return lines;
}

/** Operators whose compiled-in defaults are not listed, each with its next step. */
function warningLines(r: ImagesReport): string[] {
  return [...r.warnings.flatMap((w) => ['', `warning: ${w.message}`, `  next: ${w.next}`]), ...unverifiedLines(r), ...scanLines(r)];
}

/** Controllers that can make workloads whose compiled-in images nothing accounts for. */
function unverifiedLines(r: ImagesReport): string[] {
  const u = r.unverifiedControllers ?? [];
  if (u.length === 0) return [];
  return [
    '',
    `unverified controllers (${u.length}: their compiled-in images are not all accounted for):`,
    ...u.flatMap((c) => [`  ${c.controller} (${c.template}, running ${c.image}): ${c.reason}`, `    next: ${c.next}`]),
  ];
}

/** What reading each controller image cost (--scan-images, bundle). */
function scanLines(r: ImagesReport): string[] {
  if (!r.scans?.length) return [];
  return [
    ...(r.catalogDifferences ?? []).flatMap(differenceLines),
    '',
    'scanned controller images:',
    ...r.scans.map(
      (s) =>
        `  ${s.image}${s.entrypoint ? `:${s.entrypoint}` : ''}: ${s.found.length} compiled-in image(s) confirmed, ${s.seconds} s, ${s.bytes} bytes read${s.unread ? `; ${s.unread}` : ''}`,
    ),
  ];
}

/** A catalog entry and its controller's program disagree: each difference a warning, neither side preferred. */
function differenceLines(d: CatalogDifference): string[] {
  const who = `${d.controller} (${d.operator}, read in ${d.programs.join(', ')})`;
  const said = [
    ...d.notInCatalog.map((e) => `its program holds ${e}, which the catalog entry does not list: listed as builtin from the program`),
    ...d.otherwise.map(
      (o) => `the catalog entry lists ${o.catalog}, its program holds ${o.evidence} (another ${o.differs} of the same image): both are listed`,
    ),
    ...d.notInProgram.map((c) => `the catalog entry lists ${c}, which its program does not hold whole: listed from the catalog`),
  ];
  return said.flatMap((w) => [
    '',
    `warning: catalog and evidence differ for ${who}: ${w}`,
    `  next: check the operator's source at its version and correct the catalog entry (${d.operator}), or carry what it pulls: \`helm airgap bundle --image REF\``,
  ]);
}

/**
 * One line per image: "REF<TAB>NEED<TAB>WHERE", needed ones first; with --optional the optional
 * ones the text lists follow, NEED "optional" and WHERE the toggle that brings each.
 */
export function formatImagesPlain(r: ImagesReport): string[] {
  return [
    ...r.images.map((e) => `${e.ref}\t${e.need}\t${e.sites[0] ? where(e.sites[0]) : ''}`),
    ...r.optional.map((e) => `${e.ref}\toptional\t${e.toggles.length ? `when ${e.toggles.join(' or ')}` : e.sites[0] ? where(e.sites[0]) : ''}`),
  ];
}

export function formatImagesYaml(r: ImagesReport): string {
  return stringify(JSON.parse(JSON.stringify(r)) as unknown);
}

/** skopeo sync --src yaml: registry -> images -> repository -> [tag or digest]. */
export function formatSkopeoSync(r: ImagesReport): string {
  const doc: Record<string, { images: Record<string, string[]> }> = {};
  for (const e of r.images) {
    const ref = toImageRef(e.ref);
    if (!ref) continue;
    const reg = (doc[ref.domain] ??= { images: {} });
    const list = (reg.images[ref.path] ??= []);
    // A digest pins the content; skopeo sync takes either a tag or a digest per entry.
    const sel = ref.digest ?? ref.tag ?? 'latest';
    if (!list.includes(sel)) list.push(sel);
  }
  return stringify(doc);
}

const VERDICT_TITLES: Readonly<Record<Exclude<CandidateVerdict, 'rejected'>, string>> = {
  needed: 'needed (a pod spec pulls it)',
  runtime: 'runtime (a program is told to pull it: env, args, data, custom resources)',
  optional: 'optional (another setting brings it)',
  doubtful: 'doubtful (shaped like an image where nothing says it is pulled; not counted)',
};

const place = (e: ExplainedCandidate): string => {
  const obj = e.kind === 'Chart' || e.kind === 'Values' ? e.template : `${e.template} ${e.kind}/${e.name}`;
  return `${obj} ${e.fieldPath}${e.encodings.length ? ` (via ${e.encodings.join(' > ')})` : ''}`;
};

/**
 * --explain: the candidates grouped by verdict, one line each (the reference, the setting that
 * brings an optional one, where it came from); rejected ones grouped under their rule's reason.
 */
export function formatExplainText(r: ImagesReport): string[] {
  const x = r.explain;
  if (!x) return formatImagesText(r);
  const { counts } = x;
  const lines = [
    `charts: ${r.charts.map((c) => `${c.name} ${c.version}`).join(', ')}`,
    `audited ${counts.total} candidate(s): ${counts.needed} needed, ${counts.runtime} runtime, ${counts.optional} optional, ${counts.doubtful} doubtful, ${counts.rejected} rejected` +
      (x.unaccounted.length ? `; ${x.unaccounted.length} WITHOUT A VERDICT` : ''),
  ];
  for (const [verdict, title] of Object.entries(VERDICT_TITLES) as [CandidateVerdict, string][]) {
    const es = x.candidates.filter((e) => e.verdict === verdict);
    if (es.length)
      lines.push(
        '',
        `${title}:`,
        ...es.map(
          (e) =>
            `  ${e.ref ?? e.raw}${e.setting ? `  when ${e.setting}` : ''}  <- ${e.site ? `${e.site}: ` : ''}${place(e)}${(e.site === 'builtin' || e.rule) && e.reason ? `: ${e.reason}` : ''}`,
        ),
      );
  }
  const rejected = x.candidates.filter((e) => e.verdict === 'rejected');
  for (const rule of [...new Set(rejected.map((e) => e.rule))]) {
    const es = rejected.filter((e) => e.rule === rule);
    lines.push('', `rejected, ${rule}: ${es[0]!.reason}:`, ...es.map((e) => `  ${e.raw}  <- ${place(e)}${e.otherSettings ? '  (with other settings)' : ''}`));
  }
  if (x.unaccounted.length)
    lines.push(
      '',
      'without a verdict (a gap in discovery: please report it with the chart):',
      ...x.unaccounted.map((u) => `  ${u.raw}  <- ${u.source.template} ${u.source.kind}/${u.source.name} ${u.source.fieldPath}`),
    );
  if (r.check) lines.push('', ...formatCheck(r.check));
  lines.push(...warningLines(r));
  return lines;
}
