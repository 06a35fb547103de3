// A registry value the chart puts in front of names no value holds as well as of its repository
// values: written part by part (the target host there, the path in each name value) it sends those
// literal names to HOST/<path>, neither source nor target. Where every image behind the value lands
// at its target with the target's prefix there (each target is that prefix, then the image's own
// rest as the render joins it), the value takes the prefix and the name values stay as they are.
// Two shapes: a site whose only value is the registry, beside a literal name (registryAsHub:
// grafana-agent-operator's test GrafanaAgent), and literal names behind a shared registry that
// other images' repositories follow (registryHubOverLiterals: IOMesh's CSI sidecars,
// `{{ .Values.global.registry }}iomesh/csi-attacher:v4.3.0` through a helper, ten images values
// had sent to a registry path nothing is pushed to). And a third: a prefix a helper glues to literal
// names with no `/` of its own, alone or beside repositories (gluedPrefixes).
import type { PinSite } from './digest-pins.js';
import type { ValuesPart } from '../discover/image-site.js';
import { leadPaths, nameOf } from './target-paths.js';

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

/**
 * A registry value (`docker.io`) that one image joins to a literal name (grafana-agent-operator's
 * test GrafanaAgent: `{{ .Values.image.registry }}/grafana/agent`) and others to a repository
 * value: written part by part (the host there, the path in each repository) it would send the
 * literal-named image to HOST/grafana/agent, neither source nor target. When the registry value
 * can carry the target's path for every image that uses it (each target is that prefix, then the
 * image's own rest as written), it does, and the repositories stay as they are.
 */
export function registryAsHub(planned: readonly PinSite[]): void {
  for (const h of planned) {
    const reg = soleRegistry(h);
    if (!reg) continue;
    const parts = h.s.valuesParts ?? [];
    const lead = leadPaths(parts, h.to, nameOf(h.s.raw));
    const prefix = lead.find(([path]) => path === reg.path)?.[1];
    if (!prefix || reg.value === '' || reg.value.includes('/')) continue;
    const sharing = planned.filter((p) => p !== h && (p.s.valuesParts ?? []).some((q) => q.path === reg.path));
    // alone, a host there (`docker.io`) says nothing of whether the slot may take a path; a Docker
    // Hub namespace (an ML platform's `imageRegistry: determinedai` before a repository the
    // template spells) is a path already, so the target's path goes there too
    if (sharing.length === 0 && /[.:]|^localhost$/.test(reg.value)) continue;
    // each sharing image, a repository value or another literal (the same image in a hook Job and
    // a test Pod), lands at its target when that is the prefix then its own name after the registry;
    // a name value alone in its block (StreamPipes' `{{ registry }}/{{ extensions.iiot.imageName }}`
    // beside `{{ registry }}/backend`) is read as `image` but joined as a repository is: one holding
    // a tag or digest of its own never equals the target's path, so the comparison refuses it
    const fits = (p: PinSite): boolean => {
      const own = (p.s.valuesParts ?? []).filter((q) => q.part === 'repository' || q.part === 'image');
      const name = nameOf(p.s.raw);
      if (own.length > 1 || (own.length === 0 && !name.startsWith(`${reg.value}/`))) return false;
      const rest = own.length === 1 ? `/${own[0]!.value}` : name.slice(reg.value.length);
      return `${p.to.registry}/${p.to.repository}` === `${prefix}${rest}`;
    };
    if (!sharing.every(fits)) continue;
    for (const p of sharing) p.names = [[reg.path, prefix]];
    h.names = lead;
  }
}

/**
 * A registry value a helper joins to a literal name with no separator of its own (`{{ .registry }}acme/app`,
 * the value `docker.io/` or left empty: hpe-storage/co-deployments#188's `registryPrefix: "quay.io/"`)
 * is a prefix the name is glued to, so it takes a path as well as a host, which registryAsHub
 * refuses a host alone. Where the shapes above left such a site unmoved, the value is set to the
 * target up to the name as written, with the separator the helper leaves to it; the images joining a
 * repository value to it go under it too, their repositories kept. None where the naming does not
 * keep the name at the end, or an image sharing the value would not land.
 */
export function gluedPrefixes(planned: readonly PinSite[]): void {
  for (const h of planned) {
    const reg = soleRegistry(h);
    if (!reg || (!reg.value.endsWith('/') && !(reg.value === '' && reg.noSeparator))) continue;
    const name = nameOf(h.s.raw);
    const rest = name.startsWith(reg.value) ? name.slice(reg.value.length) : '';
    const full = `${h.to.registry}/${h.to.repository}`;
    if (rest === '' || !full.endsWith(`/${rest}`)) continue;
    const value = full.slice(0, full.length - rest.length);
    const sharing = planned.filter((p) => p !== h && p.names.some(([path]) => path === reg.path));
    const fits = (p: PinSite): boolean => {
      const own = (p.s.valuesParts ?? []).filter((q) => q.path !== reg.path && q.part !== 'tag');
      return own.length === 1 && own[0]!.part === 'repository' && `${p.to.registry}/${p.to.repository}` === `${value}${own[0]!.value}`;
    };
    if (!sharing.every(fits)) continue;
    for (const p of sharing) p.names = [[reg.path, value]];
    h.names = [[reg.path, value]];
  }
}

/** The one value of a site no value names the rest of (a literal name after a registry value), while nothing moves it yet. */
function soleRegistry(h: PinSite): ValuesPart | undefined {
  const parts = h.s.valuesParts ?? [];
  const regs = parts.filter((p) => p.part === 'registry');
  if (h.names.length > 0 || h.s.builtin || regs.length !== 1 || parts.some((p) => p.part === 'repository' || p.part === 'image')) return undefined;
  return regs[0];
}
