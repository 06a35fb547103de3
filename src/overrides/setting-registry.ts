// A registry value the chart also writes, whole, into a program's registry setting
// (discover/registry-settings.ts: Airbyte's global.image.registry, read by the workload launcher as
// JOB_KUBE_CONNECTOR_IMAGE_REGISTRY, which it joins to each connector's Docker Hub name as
// REGISTRY/airbyte/source-x). Written part by part (the target host there, the rest of the target
// in each repository), the chart's own images land and the program's do not: the value takes the
// target's whole prefix for the source registry (TARGET/PREFIX/docker.io under the full naming),
// and each image sharing it keeps what follows as written. Pure.
import type { PinSite } from './digest-pins.js';
import { nameOf } from './target-paths.js';

/** A name under the source registry that no image has: what the naming puts before it is the prefix. */
const PROBE_NAME = 'zq-airgap/probe';

/** Where a registry setting's value moves, for every image sharing it, the names each is set through. */
export function routeRegistrySettings(planned: readonly PinSite[], mapRef: (ref: string) => string): void {
  const settings = new Set(planned.flatMap((p) => (p.s.valuesParts ?? []).filter((q) => q.part === 'registry' && q.setting).map((q) => q.path)));
  for (const reg of settings) {
    const group = planned.filter((p) => (p.s.valuesParts ?? []).some((q) => q.path === reg));
    const value = group[0]!.s
      .valuesParts!.find((q) => q.path === reg)!
      .value.trim()
      .replace(/\/+$/, '');
    // empty, the program joins it to no registry: the names it is given are Docker Hub's
    const probe = `${value === '' ? 'docker.io' : value}/${PROBE_NAME}`;
    const mapped = mapRef(`${probe}:1`);
    if (!mapped.endsWith(`/${PROBE_NAME}:1`)) continue; // a naming that drops the path: no prefix carries it
    const prefix = mapped.slice(0, -`/${PROBE_NAME}:1`.length);
    const routes = group.map((p) => routeUnder(p, reg, value, prefix));
    // every image sharing the value must land under that prefix, or the part-by-part writing stays
    if (routes.some((r) => r === undefined)) continue;
    group.forEach((p, i) => (p.names = routes[i]!));
  }
}

/** The names that put `p` at its target with registry value `reg` set to `prefix`: the rest kept, or its one repository value rewritten. */
function routeUnder(p: PinSite, reg: string, value: string, prefix: string): [string, string][] | undefined {
  const name = nameOf(p.s.raw);
  const rest = value === '' ? name : name.startsWith(`${value}/`) ? name.slice(value.length + 1) : undefined;
  const full = `${p.to.registry}/${p.to.repository}`;
  if (rest === undefined || !full.startsWith(`${prefix}/`)) return undefined;
  const want = full.slice(prefix.length + 1);
  if (want === rest) return [[reg, prefix]];
  const own = (p.s.valuesParts ?? []).filter((q) => q.part === 'repository' || q.part === 'image');
  return own.length === 1 && own[0]!.part === 'repository' && own[0]!.value === rest
    ? [
        [reg, prefix],
        [own[0]!.path, want],
      ]
    : undefined;
}
