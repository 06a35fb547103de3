// `helm airgap values`: for each release (of a bundle, or of chart arguments) write the values
// override that points every image at the target, then prove it by rendering again and running
// discovery on the output. Images no value controls are reported with the post-renderer fix.
import { discoverChartImages } from '../scan/chart-images.js';
import { siteKey, type ImageSite } from '../../discover/image-site.js';
import type { Renderer } from '../../helm/engine/renderer.js';
import { helmProfile } from '../../helm/engine/defaults.js';
import { takeRenderHang } from '../../helm/engine/engine.js';
import { NAME_RULES, checkTargetNames } from '../../ecr/naming.js';
import { isEcrHost } from '../../ecr/hosts.js';
import { isReference, parseReference } from '../../oci/reference.js';
import { logTo, type Ctx } from '../../util/ctx.js';
import { UsageError, wrapError } from '../../util/errors.js';
import { parseTarget, type MappingTarget } from '../../overrides/image-mapping.js';
import { leavingArrived, mapPlacement, targetPlacement, withDigestSwap, withPins, type Placement } from '../../overrides/placement.js';
import { readBundleLock } from '../../bundle/open.js';
import { checkBundleSignature } from '../../bundle/signature/check.js';
import type { RegistryClientOptions } from '../../registry/client.js';
import { sparseRewritesOf } from '../../bundle/sparse-rewrites.js';
import { readImageMap } from '../../bundle/image-map-file.js';
import { rejectWritten, writeOutputs } from './outputs.js';
import { valuesFailure } from './report.js';
import { bundleReleases, chartArgReleases, specReleases, type ValuesRelease } from '../../overrides/values-sources.js';
import type { ReleaseResult, ValuesOptions, ValuesReleaseReport, ValuesReport } from './values-types.js';
import { buildOverride, type ValuesOverride } from '../../overrides/values-writer.js';
import type { PinWay } from '../../overrides/digest-pins.js';
import { defaultClashes, optionalClashes, overridableOptional } from '../../overrides/values-optional.js';
import { isSchemaDefault } from '../../discover/sites/index.js';
import { inCrdsFolder } from '../../discover/sites/index.js';
import { builtinRoutes, releaseAccounting } from './accounting.js';
import { MAX_PIN_ROUNDS, ownRegistryPins, pinMisses, registryInFront, tryOverride, wholeImageRetry } from './prove.js';
import { readAloneInRender } from '../../overrides/setting-registry.js';

export async function writeValuesOverrides(o: ValuesOptions, ctx: Ctx = {}): Promise<ValuesReport> {
  const naming = o.naming ?? 'full';
  const target = o.registry !== undefined ? parseTarget(o.registry) : undefined;
  const signature = o.bundle ? await checkBundleSignature(o.bundle, o.bundleTrust) : undefined;
  const locked = o.bundle ? new Map((await readBundleLock(o.bundle)).images.map((i) => [i.ref, i.digest])) : undefined;
  // a map says where the images went; --registry beside it (--format gitops) is only where the charts are
  const placed = leavingArrived(target && !o.map ? targetPlacement(target, naming, o.registry!, locked) : await placementFromMap(o, locked));
  const swapped = o.sparseIndex === 'rewrite' && o.bundle ? withDigestSwap(placed, await sparseRewritesOf(o.bundle, ctx)) : placed;
  const resolved = new Map<string, string>();
  const to = o.pinDigests ? withPins(swapped, resolved) : swapped;
  const pins = o.pinDigests ? pinSource(swapped, resolved, o.registryClient, ctx) : undefined;
  const releases = o.bundle
    ? await bundleReleases(o.bundle)
    : [...(await chartArgReleases(need(o.charts), ctx)), ...(await specReleases(o.specCharts ?? [], need(o.charts), ctx))];
  checkReleaseNames(releases);
  const from = o.bundle ?? `charts ${[...(o.charts?.charts ?? []), ...(o.specCharts ?? []).map((c) => c.origin)].join(' ')}`;
  const results: ReleaseResult[] = [];
  for (const rel of releases) {
    try {
      const result = await overrideRelease(rel, o.renderer, to, Boolean(o.includeOptional), pins, ctx);
      // values' proofs keep what renders (discoverChartImages checks its own renders the same way)
      const hang = takeRenderHang();
      if (hang) throw hang;
      results.push(result);
    } catch (e) {
      throw wrapError(`release ${rel.release} (chart ${rel.name} ${rel.version})`, e);
    }
  }
  if (target && !o.map)
    checkNames(
      results.flatMap((r) => r.report.images.map((i) => i.source)),
      target,
      to.mapRef,
    );
  const report: ValuesReport = {
    from,
    ...(o.helm ? { helm: { ...o.helm, version: helmProfile(o.helm.line).helmVersion } } : {}),
    ...(o.bundle ? { signature: signature ?? null } : {}),
    target: to.describe,
    naming,
    format: o.format ?? 'values',
    files: [],
    releases: results.map((r) => r.report),
  };
  // asked before anything is written: a file pointing at an image the registry lacks is rejected
  // the registry client (and Node's http, https and tls) loads only for the flags that ask a registry
  if (o.checkRegistry)
    report.registryCheck = await (
      await import('./check-registry.js')
    ).checkTargets(
      results.flatMap((r) => r.report.images.map((i) => ({ target: i.target, digest: to.digest(i.source) }))),
      o.checkRegistry,
      ctx,
    );
  // a run that fails leaves nothing `helm install -f` or a GitOps sync would take (checked again
  // once written: an umbrella's or a kustomization's own proof runs while it is written)
  const refused = o.allowed !== undefined && valuesFailure(report, o.allowed) !== undefined;
  report.files = await writeOutputs(report, results, o, target, to, refused);
  if (o.allowed && !refused && report.format !== 'gitops' && valuesFailure(report, o.allowed)) report.files = await rejectWritten(report.files);
  return report;
}

async function placementFromMap(o: ValuesOptions, locked?: ReadonlyMap<string, string>): Promise<Placement> {
  const file = o.map;
  if (!file) throw new UsageError('values needs --registry TARGET[/PREFIX] or --map FILE', { hint: 'the registry push sent the images to' });
  return mapPlacement(await readImageMap(file), `map ${file}`, locked);
}

/** What --pin-digests needs per release: the digests no record holds, asked of the registry once each. */
interface Pins {
  resolve(refs: readonly string[]): Promise<void>;
  /** Where digests were looked for, for an image that has none. */
  unknown: string;
}

function pinSource(to: Placement, resolved: Map<string, string>, client: RegistryClientOptions | undefined, ctx: Ctx): Pins {
  const asked = new Set<string>();
  return {
    unknown: client ? 'not in the lock or map, and its tag is not in the registry' : 'not in the lock or map (a bundle or a map with digests records them)',
    async resolve(refs) {
      const need = [...new Set(refs)].filter((r) => to.moves(r) && !to.digest(r) && !asked.has(r));
      need.forEach((r) => asked.add(r));
      if (!client || need.length === 0) return;
      const found = await (
        await import('./check-registry.js')
      ).resolveDigests(
        need.map((r) => to.mapRef(r)),
        client,
        ctx,
      );
      for (const r of need) {
        const d = found.get(to.mapRef(r));
        if (d) resolved.set(r, d);
      }
    },
  };
}

async function overrideRelease(
  rel: ValuesRelease,
  renderer: Renderer,
  to: Placement,
  includeOptional: boolean,
  pins: Pins | undefined,
  ctx: Ctx,
): Promise<ReleaseResult> {
  const render = { releaseName: rel.release, namespace: rel.namespace, kubeVersion: rel.kubeVersion, apiVersions: rel.apiVersions };
  const wantOptional = rel.carried !== undefined || includeOptional;
  const discovered = await discoverChartImages(rel.chart, renderer, { ...render, values: rel.values, optional: wantOptional }, ctx);
  // what the bundle read from the chart's controllers' own images: no render names it, no value moves it
  const evidence = (rel.evidence ?? []).filter((e) => !discovered.sites.some((s) => s.ref === e.ref && s.site === 'builtin'));
  const found = evidence.length ? { ...discovered, sites: [...discovered.sites, ...evidence] } : discovered;
  // an operator whose compiled-in defaults are unknown at its version pulls images no override
  // names; a schema by address, which Helm cannot fetch where the values are for. An image only a
  // user's action pulls has no setting to move: images and bundle name it, not values
  for (const w of found.warnings) if (!w.onAction) logTo(ctx, 'warn', `${rel.release}: ${w.message}; next: ${w.next}`);
  // an operator's default a resource's field turns on (Temporal's UI) is optional, as a schema's default is
  const switchedBuiltin = (s: ImageSite) => s.builtin !== undefined && s.switchedOff !== undefined;
  // a CRD in the chart's crds/ folder is never rendered with values: a path its image shares with
  // another site (Pulp's env and its CRD's default) cannot move it there; a controller that puts a
  // value in front of the default (prefixedBy) moves it whatever renders the CRD
  const sites = found.sites
    .filter((s) => s.certainty === 'certain' && !isSchemaDefault(s) && !switchedBuiltin(s))
    .map((s) => (inCrdsFolder(s) && !s.prefixedBy ? { ...s, valuesPaths: [], valuesParts: [] } : s));
  const candidates = overridableOptional(found.optional, rel.carried, found.values).filter((s) => to.moves(s.ref));
  const settled = settledBy(buildOverride([...sites.filter((s) => to.moves(s.ref)), ...candidates], to.mapRef, { current: found.values }));
  const clashes = defaultClashes(sites, candidates, settled);
  // two settings whose images want one value differently (Datadog's gateway collector from gcr.io,
  // and with a setting switched off from registry.datadoghq.com): the one of fewer settings keeps it
  for (const [toggle, message] of optionalClashes(
    candidates.filter((s) => !clashes.has(s.toggle!)),
    settled,
  ))
    clashes.set(toggle, message);
  const optional = candidates.filter((s) => !clashes.has(s.toggle!));
  // an operator's default a setting brings (StarRocks' FE proxy nginx): included, it is named with
  // its routes as a needed one is, since no value moves it
  const builtins = wantOptional
    ? [...found.optional, ...found.sites.filter(switchedBuiltin)].filter(
        (s) => s.builtin && s.toggle && s.certainty === 'certain' && to.moves(s.ref) && (!rel.carried || rel.carried.has(s.ref)),
      )
    : [];
  const moved = [...sites.filter((s) => to.moves(s.ref)), ...optional, ...builtins];
  if (pins) await pins.resolve(moved.map((s) => s.ref));
  const current = found.values;
  // a reference the program completes (`:v1_${DB_VERSION}`) has no target to write: its registry
  // value moves only with the images that share it. A placeholder the chart's defaults spell
  // ("Please set the registry/...") is no reference at all: the user's values name the image
  const doubtful = found.sites.filter(
    (s) =>
      s.certainty === 'doubtful' && !s.filledAtRunTime && (s.valuesParts ?? []).some((p) => p.part === 'registry') && isReference(s.ref) && to.moves(s.ref),
  );
  // a pin the templates ignore shows only in the re-render: that site drops the way and tries its
  // next (a digest key, the tag, a whole image string, then those keys added); each round drops
  // at least one (site, way) for good, so the rounds end
  const failed = new Map<string, Set<PinWay>>();
  // sites whose whole reference a registry value the marker render could not see is put in front
  // of: written without the host in one more round, back to whole if that does not prove either
  const hostless = new Set<string>();
  const triedHostless = new Set<string>();
  // sites whose one image value joined to a hub the template uses whole once it holds a `/`: the
  // whole target goes into that value in one more round, back to part by part if that fails too
  const wholeImage = new Set<string>();
  const triedWhole = new Set<string>();
  // sites a shared registry sends to another path: kept at their source by their own registry, once
  const ownRegistry = new Map<string, readonly [string, string]>();
  // hard-coded sites a values key holds inside a flag, which a render showed that key moves
  // (prove.ts adviseHeldValues): written in one more round, left to postrender if that does not prove
  const held = new Map<string, string[]>();
  const triedHeld = new Set<string>();
  // registry values a consumer reads alone that no setting's name gave away before (an operator's
  // registry env var of another name): routed as those (setting-registry.ts) in one more round,
  // back to part by part if that does not prove either
  const readAlone = new Set<string>();
  const triedAlone = new Set<string>();
  for (let round = 0; ; round++) {
    const pin = pins ? { failed, unknown: pins.unknown } : undefined;
    const tried = await tryOverride(rel, renderer, to, {
      sites,
      optional,
      moved,
      current,
      render,
      pin,
      hostless,
      wholeImage,
      ownRegistry,
      held,
      doubtful,
      readAlone,
    });
    const misses = 'refused' in tried ? tried.refused : pins && round < MAX_PIN_ROUNDS ? pinMisses(tried.report) : [];
    if ('report' in tried && misses.length === 0) {
      const wrong = new Set(tried.report.problems.map((p) => whereKey(p.where)));
      const revert = [...hostless].filter((k) => wrong.has(k));
      const unwhole = [...wholeImage].filter((k) => wrong.has(k));
      const unheld = [...held.keys()].filter((k) => wrong.has(k) || tried.report.hardcoded.some((h) => whereKey(h.where) === k));
      const joins = (k: string) => moved.some((s) => wrong.has(whereKey(s.source)) && (s.valuesParts ?? []).some((p) => p.path === k));
      const shownAlone = readAloneInRender(tried.report.problems, tried.report.values, moved);
      const still = new Set(shownAlone);
      const unprefix = [...readAlone].filter((k) => still.has(k) || joins(k));
      if (revert.length > 0 || unwhole.length > 0 || unheld.length > 0 || unprefix.length > 0) {
        for (const k of unprefix) readAlone.delete(k);
        for (const k of revert) hostless.delete(k);
        for (const k of unwhole) wholeImage.delete(k);
        for (const k of unheld) held.delete(k);
        continue;
      }
      const alone = shownAlone.filter((k) => !triedAlone.has(k));
      if (alone.length > 0) {
        for (const k of alone) (readAlone.add(k), triedAlone.add(k));
        continue;
      }
      const whole = wholeImageRetry(tried.report, moved, to).filter((k) => !triedWhole.has(k));
      if (whole.length > 0) {
        for (const k of whole) (wholeImage.add(k), triedWhole.add(k));
        continue;
      }
      const retry = registryInFront(tried.report, moved).filter((k) => !triedHostless.has(k));
      const kept = [...ownRegistryPins(tried.report, moved, current)].filter(([k]) => !ownRegistry.has(k));
      if (retry.length === 0 && kept.length > 0) {
        for (const [k, pin] of kept) ownRegistry.set(k, pin);
        continue;
      }
      const flags = tried.report.hardcoded.filter((h) => h.held && !triedHeld.has(whereKey(h.where)));
      if (retry.length === 0 && flags.length > 0) {
        for (const h of flags) {
          held.set(
            whereKey(h.where),
            h.held!.map((k) => k.path),
          );
          triedHeld.add(whereKey(h.where));
        }
        continue;
      }
      if (retry.length === 0) {
        const leftOut = (s: ImageSite) =>
          s.toggle && clashes.has(s.toggle)
            ? clashes.get(s.toggle)!
            : s.builtin
              ? `an operator's built-in default (in no manifest) ${builtinRoutes(s.builtin, s.ref, to.mapRef(s.ref))}`
              : (s.valuesParts ?? []).length === 0
                ? 'no values path names it'
                : rel.carried && !rel.carried.has(s.ref)
                  ? 'not carried by the bundle'
                  : 'not asked for (--include-optional)';
        tried.report.accounting = releaseAccounting(tried.report, { sites, optional: found.optional, included: [...optional, ...builtins], leftOut }, to);
        return { rel, report: tried.report, sites };
      }
      for (const k of retry) (hostless.add(k), triedHostless.add(k));
      continue;
    }
    for (const m of misses) failed.set(m.key, (failed.get(m.key) ?? new Set()).add(m.way));
  }
}

/**
 * Values paths a plan for the default and optional images together settles for an optional site:
 * one the plan leaves alone, or sets once to what that site needs as well (no other image wants
 * it otherwise).
 */
function settledBy(plan: ValuesOverride): (s: ImageSite, path: string) => boolean {
  const conflicted = new Set(plan.conflicts.map((c) => c.path));
  const written = new Set(plan.images.flatMap((i) => i.paths));
  const own = new Map(plan.images.map((i) => [`${whereKey(i.where)}\0${i.source}`, new Set(i.paths)]));
  return (s, path) => !conflicted.has(path) && (!written.has(path) || (own.get(`${whereKey(s.source)}\0${s.ref}`)?.has(path) ?? false));
}

const whereKey = siteKey;

/** One file per release: two charts under one release name would overwrite each other. */
function checkReleaseNames(releases: readonly ValuesRelease[]): void {
  const seen = new Set<string>();
  for (const r of releases) {
    if (seen.has(r.release))
      throw new UsageError(`release name ${r.release} is used by more than one chart`, {
        hint: 'drop --name (each release is then named after its chart) or run values once per chart',
      });
    seen.add(r.release);
  }
}

function need<T>(v: T | undefined): T {
  if (v === undefined) throw new UsageError('values: give a bundle or chart arguments');
  return v;
}

function checkNames(sources: string[], t: MappingTarget, mapRef: (r: string) => string): void {
  const entries = [...new Set(sources)].map((s) => {
    const r = parseReference(s);
    return { source: `${r.registry}/${r.repository}`, target: parseReference(mapRef(s)).repository };
  });
  const problems = checkTargetNames(entries, NAME_RULES[isEcrHost(t.registry) ? 'ecr' : 'oci']);
  if (problems.length === 0) return;
  throw new UsageError(
    `--registry ${t.registry}${t.prefix ? `/${t.prefix}` : ''}: ${problems
      .slice(0, 5)
      .map((p) => `${p.source} -> ${p.target}: ${p.reason}`)
      .join('; ')}`,
    {
      hint: 'choose another prefix or --naming mode (full keeps names apart)',
    },
  );
}
