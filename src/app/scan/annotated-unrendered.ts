// The images a chart's annotations name (artifacthub.io/images and the like) that no render stands
// for: listed optional by the search (optional.ts), as a chart's own word about what it may run.
import { annotationSites, rendersOwnDefaults, type ChartAnnotations } from '../../discover/sites/index.js';
import { toImageRef } from '../../discover/image-ref.js';
import type { ImageSite } from '../../discover/image-site.js';

/**
 * The annotated images no rendered one stands for. An annotation names the image, the render
 * names the version: any version of the same repository covers it. And the same name and tag
 * under another repository is that image moved by the parent's values (a Bitnami subchart's
 * `bitnami/redis:8.2.1` run as `bitnamilegacy/redis:8.2.1`, or under a global registry). The
 * subchart that declares it running the same name under another repository at another tag is
 * that image moved and pinned by the parent (`bitnamilegacy/redis:7.0.11` for `bitnami/redis:8.2.1`),
 * and so is the default of a values block a rendered site reads (rendersOwnDefaults).
 */
export function notRendered(charts: readonly ChartAnnotations[], found: ReadonlySet<string>, rendered: readonly ImageSite[]): ImageSite[] {
  const annotated = charts.flatMap(annotationSites);
  // most charts annotate no image: nothing below is needed then
  if (annotated.length === 0) return [];
  const defaults = rendersOwnDefaults(charts, rendered);
  const refs = [...found].map((k) => toImageRef(k)).filter((r) => r !== undefined);
  const repositories = new Set(refs.map((r) => `${r.domain}/${r.path}`));
  const moved = new Set(refs.map(nameAndVersion));
  const ranHere = new Set(
    rendered.flatMap((x) => {
      const r = x.site === 'annotation' ? undefined : toImageRef(x.ref);
      return r ? [`${x.source.chart}\0${lastComponent(r)}`] : [];
    }),
  );
  return annotated.filter((a) => {
    const r = toImageRef(a.ref);
    if (!r) return true;
    const stands = ranHere.has(`${a.source.chart}\0${lastComponent(r)}`) || defaults.has(`${a.source.chart}\0${r.path}`);
    return !repositories.has(`${r.domain}/${r.path}`) && !moved.has(nameAndVersion(r)) && !stands;
  });
}

const lastComponent = (r: NonNullable<ReturnType<typeof toImageRef>>): string => r.path.slice(r.path.lastIndexOf('/') + 1);

/** The last path component and the tag or digest: what stays when a repository moves (`latest` names no one image). */
function nameAndVersion(r: NonNullable<ReturnType<typeof toImageRef>>): string {
  if (r.tag === 'latest' && !r.digest) return `\0${r.domain}/${r.path}`;
  return `${lastComponent(r)}:${r.tag ?? ''}@${r.digest ?? ''}`;
}
