// A shared registry value (`global.registry: docker.io/`) that the chart also puts in front of names
// no value holds (IOMesh's CSI sidecars: `{{ .Values.global.registry }}iomesh/csi-attacher:v4.3.0`
// through a helper). Written part by part (the target host there, the path in each repository
// value) it sends those literal names to HOST/iomesh/csi-attacher, neither source nor target:
// values moved ten images of IOMesh to a registry path nothing is pushed to. When the registry
// value can carry the target's path for every image behind it (each target is that prefix, then
// the image's own rest as the render joins it), it does, and the repositories stay as they are.
import type { PinSite } from './digest-pins.js';
import type { ValuesPart } from '../discover/image-site.js';
import { nameOf } from './target-paths.js';

/** Sets `names` of the sites behind such a registry value to that value alone, where all fit. */
export function registryHubOverLiterals(planned: readonly PinSite[]): void {
  const registries = new Map<string, ValuesPart>();
  for (const p of planned)
    for (const q of p.s.valuesParts ?? []) if (q.part === 'registry' && p.names.some(([path]) => path === q.path)) registries.set(q.path, q);
  for (const reg of registries.values()) {
    const slashed = reg.value.endsWith('/');
    const host = reg.value.replace(/\/+$/, '');
    if (host === '' || host.includes('/')) continue;
    // names no value holds (or none the writer could set) that the render spells after this registry's value
    const literals = planned.filter(
      (p) => p.names.length === 0 && !p.s.builtin && (p.s.valuesParts ?? []).every((q) => q.part === 'registry') && nameOf(p.s.raw).startsWith(`${host}/`),
    );
    if (literals.length === 0) continue;
    const sharing = planned.filter((p) => p.names.length > 0 && (p.s.valuesParts ?? []).some((q) => q.path === reg.path));
    const rest = (p: PinSite): string | undefined => {
      if (p.names.length === 0) return nameOf(p.s.raw).slice(host.length);
      const parts = p.s.valuesParts ?? [];
      const own = parts.filter((q) => q.part === 'repository' || q.part === 'image');
      // the registry, one repository and its tag: nothing else may need another value
      if (own.length !== 1 || parts.some((q) => q.path !== reg.path && q !== own[0] && q.part !== 'tag')) return undefined;
      return `/${own[0]!.value}`;
    };
    const prefixes = new Set(
      [...sharing, ...literals].map((p) => {
        const r = rest(p);
        const full = `${p.to.registry}/${p.to.repository}`;
        return r !== undefined && full.endsWith(r) ? full.slice(0, full.length - r.length) : undefined;
      }),
    );
    if (prefixes.size !== 1) continue;
    const [prefix] = prefixes;
    if (prefix === undefined || prefix === '') continue;
    const value = slashed ? `${prefix}/` : prefix;
    for (const p of [...sharing, ...literals]) p.names = [[reg.path, value]];
  }
}
