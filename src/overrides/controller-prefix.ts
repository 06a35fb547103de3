// A CRD default that its controller puts a registry env var in front of (discover/sites/
// controller-prefix.ts: VictoriaMetrics' VM_CONTAINERREGISTRY, written by the chart from a value):
// the value takes the target's prefix for the default's registry (Docker Hub, which it names or
// leaves out), so the controller composes the target's copy of each default it runs; and the
// chart's own images that join the same value are routed under that prefix as a registry setting
// read alone is (setting-registry.ts). The proof reads the env var the re-render gives the
// controller and composes the default with it as the controller does. Pure.
import type { RenderedDoc } from '../helm/engine/render-types.js';
import type { ImageSite } from '../discover/image-site.js';
import { composedDefault, controllerEnvValue } from '../discover/sites/index.js';
import type { PinSite } from './digest-pins.js';
import { nameOf } from './target-paths.js';

/** In words, for the report: the env var that moves the default. */
export const prefixedVia = (c: { by: string; container: string; env: string }): string =>
  `${c.env} of ${c.by} (container ${c.container}), which its controller puts in front of the CRD's default`;

/** The values paths such sites are moved through: read alone by the controller, whatever else joins them. */
export function controllerPrefixPaths(planned: readonly PinSite[]): Set<string> {
  return new Set(planned.flatMap((p) => (p.s.prefixedBy ? (p.s.valuesParts ?? []).map((q) => q.path) : [])));
}

/** Each such site set through its value: the target up to the default's name as written (none where the naming does not keep it). */
export function routeControllerPrefixes(planned: readonly PinSite[]): void {
  for (const p of planned) {
    const reg = p.s.prefixedBy ? (p.s.valuesParts ?? []).find((q) => q.part === 'registry') : undefined;
    if (!reg) continue;
    const rest = nameOf(p.s.raw);
    const full = `${p.to.registry}/${p.to.repository}`;
    // a value written with its own slash (`docker.io/`) keeps it
    p.names = full.endsWith(`/${rest}`) ? [[reg.path, `${full.slice(0, full.length - rest.length - 1)}${reg.value.endsWith('/') ? '/' : ''}`]] : [];
  }
}

/**
 * What the controller runs for each such site after the override, at the site's place: the default
 * composed with the env var's value in the re-render (`docs`), as the controller joins them (that
 * value, a `/` where it ends with none, the default). A value that names no registry leaves the default.
 */
export function controllerPrefixedSites(sites: readonly ImageSite[], docs: readonly RenderedDoc[]): ImageSite[] {
  return sites.flatMap((s) => {
    if (!s.prefixedBy) return [];
    const v = controllerEnvValue(docs, s.prefixedBy);
    const ref = v === undefined ? undefined : composedDefault(v, s.raw);
    return ref ? [{ ...s, ref }] : [];
  });
}
