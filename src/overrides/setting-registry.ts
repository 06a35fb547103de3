// A registry value read alone: something other than the chart's images joins it on its own (a
// program's registry setting the chart writes it into whole: Airbyte's global.image.registry, read
// by the workload launcher as JOB_KUBE_CONNECTOR_IMAGE_REGISTRY, which it joins to each connector's
// Docker Hub name as REGISTRY/airbyte/source-x; an operator's registry env var it joins with its own
// repository: agentgateway's AGW_PROXY_IMAGE_REGISTRY). Written part by part (the target host there,
// the rest of the target in each repository), the chart's own images land and the program's do
// not: the value takes the target's whole prefix for the source registry (TARGET/PREFIX/docker.io
// under the full naming), and each image sharing it keeps what follows as written.
// The one home of that decision. It is found two ways, both routed here: up front, by the setting's
// name in a probe or marker render (discover/values/registry-settings.ts marks the value's part
// `setting`), and after the fact, by the re-render's check (readAloneInRender), for a consumer no
// name gives away; values.ts then writes one more round with those values read alone. Pure.
import type { ImageSite } from '../discover/image-site.js';
import { parsePath } from '../discover/field-path.js';
import { toImageRef } from '../discover/image-ref.js';
import { getIn } from '../discover/values/index.js';
import type { PinSite } from './digest-pins.js';
import { nameOf } from './target-paths.js';
import type { VerifyProblem } from './verify.js';

/** A name under the source registry that no image has: what the naming puts before it is the prefix. */
const PROBE_NAME = 'zq-airgap/probe';

/**
 * Where each registry value read alone moves, for every image sharing it, the names each is set
 * through: those a render marked (`setting`) and `readAlone` (by values path, the re-render's finds).
 */
export function routeRegistrySettings(planned: readonly PinSite[], mapRef: (ref: string) => string, readAlone: ReadonlySet<string> = new Set()): void {
  const alone = (q: { path: string; part: string; setting?: string }) => q.part === 'registry' && (q.setting !== undefined || readAlone.has(q.path));
  const settings = new Set(planned.flatMap((p) => (p.s.valuesParts ?? []).filter(alone).map((q) => q.path)));
  for (const reg of settings) {
    // an operator's default is set through its own setting, not composed from the chart's parts;
    // a CRD default a controller prefixes, by the controller (controller-prefix.ts)
    const group = planned.filter((p) => !p.s.builtin && !p.s.prefixedBy && (p.s.valuesParts ?? []).some((q) => q.path === reg));
    if (group.length === 0) continue;
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

/**
 * Registry values the override set to the target host that a consumer reads alone, as the
 * re-render shows them outside the target: that bare host (a `host:port` read as `host:5000`) or
 * the host joined to a path the override did not set (an env var an operator joins with its own
 * repository env var). By values path; `override`: the values the override wrote.
 */
export function readAloneInRender(problems: readonly VerifyProblem[], override: Record<string, unknown>, moved: readonly ImageSite[]): string[] {
  const registries = new Map<string, string>();
  for (const s of moved) {
    for (const p of s.valuesParts ?? []) {
      const v = p.part === 'registry' ? getIn(override, parsePath(p.path)) : undefined;
      if (typeof v === 'string' && v !== '' && !v.includes('/')) registries.set(p.path, v);
    }
  }
  const out = new Set<string>();
  for (const p of problems) {
    if (p.kind !== 'outside-target' || !p.found) continue;
    for (const [path, v] of registries) {
      if (p.found === toImageRef(v)?.normalized || p.found.startsWith(`${v}/`)) out.add(path);
    }
  }
  return [...out];
}
