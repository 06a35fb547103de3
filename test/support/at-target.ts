// The corpus suite's judgement of where an image ended up in a render real Helm wrote after
// `values` (and after the post-renderer): discovery, the code `images` runs, reads the render and
// composes each reference the way the consumer does (a `defaults.registry` beside
// `{name, repository, tag}`, fields inside base64 data), so a reference the chart only assembles
// at run time is judged as it will be pulled, not by whether its text happens to appear whole.
// Text checks stay for what discovery does not judge: a source spelling left as a whole token,
// and a registry written twice.
import { discoverImages } from '../../src/discover/discover-images.js';
import { isSchemaDefault } from '../../src/discover/sites/index.js';
import { parseHelmTemplateOutput } from '../../src/helm/engine/renderer.js';
import { mapImage, parseTarget } from '../../src/overrides/image-mapping.js';

export interface ReportedImage {
  ref: string;
  raw: string;
  sites: { raw: string }[];
}

/**
 * Certain references discovery composes from a `helm template` stream, normalised. `appVersions`
 * (by chart path, render-chart.ts appVersionsByPath) gives each document its chart's appVersion
 * as our engine does, for a name whose empty version the consumer fills with it.
 */
export function composedRefs(rendered: string, appVersions: ReadonlyMap<string, string> = new Map(), schemaDefaults = false): Set<string> {
  const docs = parseHelmTemplateOutput(rendered).map((d) => (appVersions.has(d.chart) ? { ...d, appVersion: appVersions.get(d.chart) } : d));
  return new Set(
    discoverImages(docs)
      // a CRD's own schema default is pulled through the resources that leave the field out, each a site of its own
      .filter((s) => s.certainty === 'certain' && (schemaDefaults || !isSchemaDefault(s)))
      .map((s) => s.ref),
  );
}

/** Characters that continue a reference: an occurrence touching one is part of something longer. */
const REF_CHAR = /[A-Za-z0-9._/:@+-]/;

function hasToken(text: string, token: string): boolean {
  for (let at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
    const before = at === 0 ? '' : text[at - 1]!;
    const after = text[at + token.length] ?? '';
    if (!REF_CHAR.test(before) && !REF_CHAR.test(after)) return true;
  }
  return false;
}

export interface MisplacedOptions {
  /** References that may stay outside the target (what `values` leaves to the post-renderer). */
  exempt?: ReadonlySet<string>;
  /** Only the images given are judged, not every other reference of the render. */
  onlyThese?: boolean;
  /** Each chart's appVersion by its path (composedRefs). */
  appVersions?: ReadonlyMap<string, string>;
  /**
   * A CRD's text may still name a source: its schema's default, which `values` leaves to the
   * post-renderer (no value of a chart writes a CRD's schema), though the same image is moved
   * where a pod spec or a program's setting names it.
   */
  crdsStay?: boolean;
  /**
   * The images are CRDs' own defaults (a program of the release serves the CRD): judged by the
   * defaults discovery composes, the source's no longer among them (a CRD's prose may still name it).
   */
  schemaDefaults?: boolean;
}

/**
 * What is wrong with `rendered` for the reported `images` and the `target` (TARGET/SOURCE naming):
 * each image's target reference must be among what discovery composes from the render; no other
 * reference discovery composes may be outside the target unless exempt; no source spelling may
 * stay as a whole token; no registry may be written twice.
 */
export function misplacedImages(images: readonly ReportedImage[], rendered: string, target: string, o: MisplacedOptions = {}): string[] {
  const exempt = o.exempt ?? new Set<string>();
  // a comment names nothing anything pulls (discovery skips commented lines too)
  const stream = (o.crdsStay ? withoutCrds(rendered) : rendered)
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n');
  const composed = composedRefs(rendered, o.appVersions, o.schemaDefaults);
  const host = target.split('/')[0]!;
  const out: string[] = [];
  for (const image of images) {
    // the product's own mapping: a source registry's port becomes `-PORT` in the path (push names it so)
    const want = mapImage(image.ref, parseTarget(target));
    if (!composed.has(want)) out.push(`${image.ref}: ${want} is not among the references discovery composes from the render`);
    if (o.schemaDefaults && composed.has(image.ref)) out.push(`${image.ref}: a CRD of the render still defaults to the source`);
    for (const raw of new Set([image.raw, ...image.sites.map((s) => s.raw)]))
      if (raw.includes('/') && hasToken(stream, raw)) out.push(`${image.ref}: the source ${raw} is still in the render`);
  }
  if (!o.onlyThese)
    for (const ref of [...composed].sort())
      if (!ref.startsWith(`${target}/`) && !exempt.has(ref)) out.push(`${ref}: discovery composes it from the render, outside the target`);
  if (stream.includes(`${host}/${host}`) || stream.includes(`${target}/${target}`)) out.push(`a registry is written twice`);
  return out;
}

/** The stream without its CustomResourceDefinition documents. */
function withoutCrds(rendered: string): string {
  return rendered
    .split(/^---$/m)
    .filter((d) => !/^kind: *["']?CustomResourceDefinition["']?\s*$/m.test(d))
    .join('---');
}
