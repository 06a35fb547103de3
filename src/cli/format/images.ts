// The printed forms of an images report: text (images grouped with where they were found),
// --plain (one line per image, image first), yaml, and a `skopeo sync --src yaml` document.

import { stringify } from 'yaml';
import type { ImageSite } from '../../discover/image-site.js';
import { toImageRef } from '../../discover/image-ref.js';
import { formatCheck } from '../../app/images/check.js';
import type { ImagesReport } from '../../app/images/images.js';
import type { ImageEntry } from '../../app/images/report.js';

const where = (s: ImageSite): string => {
  const obj = s.source.kind === 'Chart' || s.source.kind === 'Values' ? s.source.template : `${s.source.template} ${s.source.kind}/${s.source.name}`;
  return `${s.site}: ${obj} ${s.source.fieldPath}`;
};

function entryLines(e: ImageEntry): string[] {
  const asks = e.sites.some((s) => s.toggleAsksMore) ? ', with the other values the chart asks for then' : '';
  const extra = [
    e.toggles.length ? `when ${e.toggles.join(' or ')}${asks}` : '',
    e.valuesPaths.length ? `values: ${e.valuesPaths.join(', ')}` : '',
    e.hardcoded ? 'hard-coded: values cannot move it, postrender or kustomize can' : '',
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
      'runtime (env, args, ConfigMaps, Secrets, custom resources)',
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
  lines.push(...section('doubtful (look like images; not counted)', r.doubtful));
  if (r.hardcoded.length)
    lines.push('', `hard-coded: ${r.hardcoded.length} image(s) no value controls (helm airgap postrender or --format kustomize moves them)`);
  if (r.check) lines.push('', ...formatCheck(r.check));
  return lines;
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
