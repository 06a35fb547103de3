// `helm airgap values`: for each release (of a bundle, or of chart arguments) write the values
// override that points every image at the target, then prove it by rendering again and running
// discovery on the output. Images no value controls are reported with the post-renderer fix.
import { asksOf, withAsks, type SubstitutionAsk } from '../../overrides/substitution-asks.js';
import { discoverChartImages } from '../scan/chart-images.js';
import { discoverImages } from '../../discover/discover-images.js';
import { isTestHook, siteKey, type ImageSite } from '../../discover/image-site.js';
import { renderedValues } from '../../helm/values/prepare.js';
import { coalesceTables, deepCopyValue } from '../../helm/values/coalesce.js';
import type { Renderer } from '../../helm/engine/renderer.js';
import { NAME_RULES, checkTargetNames } from '../../ecr/naming.js';
import { isEcrHost } from '../../ecr/hosts.js';
import { parseReference } from '../../oci/reference.js';
import type { Ctx } from '../../util/ctx.js';
import { UsageError, wrapError } from '../../util/errors.js';
import { parseTarget, type MappingNaming, type MappingTarget } from '../../overrides/image-mapping.js';
import { mapPlacement, targetPlacement, withDigestSwap, withPins, type Placement } from '../../overrides/placement.js';
import { readBundleLock } from '../../bundle/open.js';
import { checkTargets, resolveDigests, type RegistryCheck } from './check-registry.js';
import type { RegistryClientOptions } from '../../registry/client.js';
import { sparseRewritesOf } from '../../bundle/sparse-rewrites.js';
import { readImageMap } from '../../bundle/image-map-file.js';
import type { KustomizeReport } from './kustomize.js';
import { writeOutputs } from './outputs.js';
import type { UmbrellaReport } from './umbrella.js';
import { bundleReleases, chartArgReleases, type ChartArgs, type ValuesRelease } from '../../overrides/values-sources.js';
import {
  buildOverride,
  type HardcodedImage,
  type ImageOverride,
  type PathConflict,
  type PinRequest,
  type UnpinnedImage,
  type ValuesOverride,
} from '../../overrides/values-writer.js';
import { verifyOverride, type VerifyProblem } from '../../overrides/verify.js';
import type { PinWay } from '../../overrides/digest-pins.js';
import { overridableOptional, verifyOptional, withToggle } from '../../overrides/values-optional.js';

/**
 * values: one file per release. umbrella-values: one file an umbrella chart takes with -f, each
 * chart's override under its dependency key. charts-map: `charts.<release>.{repository,version,values}`
 * for a bootstrapper that installs each chart itself. umbrella: the old name of charts-map (same
 * shape, same file name umbrella.values.yaml), kept because CLI names are a contract.
 */
export const VALUES_FORMATS = ['values', 'umbrella-values', 'charts-map', 'kustomize', 'umbrella'] as const;
export type ValuesFormat = (typeof VALUES_FORMATS)[number];

export interface ValuesOptions {
  /** A bundle (.tar or folder); or `charts` instead. */
  bundle?: string;
  charts?: ChartArgs;
  /** TARGET[/PREFIX]; or `map` instead. */
  registry?: string;
  /** An image map (push, copy, sync or mirrors --write-map): only its images move, to where it says. */
  map?: string;
  outDir: string;
  naming?: MappingNaming;
  format?: ValuesFormat;
  renderer: Renderer;
  /** Ask the target registry for every image the values point at (HEAD), with these client options. */
  checkRegistry?: RegistryClientOptions;
  /**
   * Write each image's digest into the values where the chart takes one. Digests come from the
   * bundle's lock, the map, or the chart's own pin; with `registryClient`, an image none of them
   * records is asked of the registry it now points at.
   */
  pinDigests?: boolean;
  /** Client options for the registry questions of --pin-digests. */
  registryClient?: RegistryClientOptions;
  /** rewrite: pinned digests of --platform indexes become those `push --sparse-index rewrite` gave. */
  sparseIndex?: 'keep' | 'rewrite';
  /** Chart arguments: also override optional images (toggles); a bundle does so for those it carries. */
  includeOptional?: boolean;
  /** umbrella-values: the umbrella chart (folder or .tgz) whose dependencies name the keys; its render proves the file. */
  umbrella?: string;
}

export interface ValuesReleaseReport {
  release: string;
  chart: string;
  version: string;
  namespace: string;
  images: ImageOverride[];
  hardcoded: HardcodedImage[];
  /**
   * Images no value controls that only `helm test` pods use: carried in a bundle, not a reason to
   * fail (Helm 4 post-renders test hooks; Helm 3 gives hooks no post-renderer).
   */
  testOnly: HardcodedImage[];
  conflicts: PathConflict[];
  /** Verification problems other than the hard-coded images (each one fails the command). */
  problems: VerifyProblem[];
  /** Strings of the re-render that look like images outside the target where nothing says they are (not failing). */
  doubtful: string[];
  /** The override values (what the file holds under its header). */
  values: Record<string, unknown>;
  /** Values set because the chart asks for them before it accepts substituted images. */
  asks?: SubstitutionAsk[];
  /** --pin-digests: images left at their tag, each with why (exit 3 unless allowed). */
  unpinned?: UnpinnedImage[];
}

export interface ValuesReport {
  from: string;
  target: string;
  naming: MappingNaming;
  format: ValuesFormat;
  files: string[];
  releases: ValuesReleaseReport[];
  /** Why a format wrote nothing, if so. */
  note?: string;
  /** --check-registry: what the target registry has of what the values point at. */
  registryCheck?: RegistryCheck;
  /** umbrella-values: the keys written and, with --umbrella, what its render showed. */
  umbrella?: UmbrellaReport;
  /** kustomize: the resources and images written, and the images kustomize cannot reach. */
  kustomize?: KustomizeReport;
}

export async function writeValuesOverrides(o: ValuesOptions, ctx: Ctx = {}): Promise<ValuesReport> {
  const naming = o.naming ?? 'full';
  const target = o.registry !== undefined ? parseTarget(o.registry) : undefined;
  const locked = o.bundle ? new Map((await readBundleLock(o.bundle)).images.map((i) => [i.ref, i.digest])) : undefined;
  const placed = target ? targetPlacement(target, naming, o.registry!, locked) : await placementFromMap(o, locked);
  const swapped = o.sparseIndex === 'rewrite' && o.bundle ? withDigestSwap(placed, await sparseRewritesOf(o.bundle, ctx)) : placed;
  const resolved = new Map<string, string>();
  const to = o.pinDigests ? withPins(swapped, resolved) : swapped;
  const pins = o.pinDigests ? pinSource(swapped, resolved, o.registryClient, ctx) : undefined;
  const releases = o.bundle ? await bundleReleases(o.bundle) : await chartArgReleases(need(o.charts), ctx);
  checkReleaseNames(releases);
  const from = o.bundle ?? `charts ${(o.charts?.charts ?? []).join(' ')}`;
  const results: ReleaseResult[] = [];
  for (const rel of releases) {
    try {
      results.push(await overrideRelease(rel, o.renderer, to, Boolean(o.includeOptional), pins, ctx));
    } catch (e) {
      throw wrapError(`release ${rel.release} (chart ${rel.name} ${rel.version})`, e);
    }
  }
  if (target)
    checkNames(
      results.flatMap((r) => r.report.images.map((i) => i.source)),
      target,
      to.mapRef,
    );
  const report: ValuesReport = { from, target: to.describe, naming, format: o.format ?? 'values', files: [], releases: results.map((r) => r.report) };
  report.files = await writeOutputs(report, results, o, target, to);
  if (o.checkRegistry)
    report.registryCheck = await checkTargets(
      results.flatMap((r) => r.report.images.map((i) => ({ target: i.target, digest: to.digest(i.source) }))),
      o.checkRegistry,
      ctx,
    );
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
      const found = await resolveDigests(
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

export type ReleaseResult = { rel: ValuesRelease; report: ValuesReleaseReport; sites: ImageSite[] };

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
  const found = await discoverChartImages(rel.chart, renderer, { ...render, values: rel.values, optional: wantOptional }, ctx);
  const sites = found.sites.filter((s) => s.certainty === 'certain');
  const optional = overridableOptional(found.optional, rel.carried).filter((s) => to.moves(s.ref));
  const moved = [...sites.filter((s) => to.moves(s.ref)), ...optional];
  if (pins) await pins.resolve(moved.map((s) => s.ref));
  const current = renderedValues(rel.chart, rel.values, renderer.helmVersion);
  // a pin the templates ignore shows only in the re-render: that site drops the way and tries its
  // next (a digest key, the tag, a whole image string, then those keys added); each round drops
  // at least one (site, way) for good, so the rounds end
  const failed = new Map<string, Set<PinWay>>();
  // sites whose whole reference a registry value the marker render could not see is put in front
  // of: written without the host in one more round, back to whole if that does not prove either
  const hostless = new Set<string>();
  const triedHostless = new Set<string>();
  for (let round = 0; ; round++) {
    const pin = pins ? { failed, unknown: pins.unknown } : undefined;
    const tried = await tryOverride(rel, renderer, to, { sites, optional, moved, current, render, pin, hostless });
    const misses = 'refused' in tried ? tried.refused : pins && round < MAX_PIN_ROUNDS ? pinMisses(tried.report) : [];
    if ('report' in tried && misses.length === 0) {
      const wrong = new Set(tried.report.problems.map((p) => whereKey(p.where)));
      const revert = [...hostless].filter((k) => wrong.has(k));
      if (revert.length > 0) {
        for (const k of revert) hostless.delete(k);
        continue;
      }
      const retry = registryInFront(tried.report, moved).filter((k) => !triedHostless.has(k));
      if (retry.length === 0) return { rel, report: tried.report, sites };
      for (const k of retry) (hostless.add(k), triedHostless.add(k));
      continue;
    }
    for (const m of misses) failed.set(m.key, (failed.get(m.key) ?? new Set()).add(m.way));
  }
}

/**
 * Sites the re-render lost or changed whose whole reference is one value, while the override
 * also sets a registry value to the target host: the shape where the template prefixes that
 * registry to the reference (`{{ with .Values.global.imageRegistry }}{{ . }}/{{ end }}`), doubling it.
 */
function registryInFront(r: ValuesReleaseReport, moved: readonly ImageSite[]): string[] {
  const hosts = new Set<string>();
  collectStrings(r.values, hosts);
  const out: string[] = [];
  for (const p of r.problems) {
    if (p.kind === 'outside-target' || !p.expected) continue;
    const k = whereKey(p.where);
    const site = moved.find((s) => whereKey(s.source) === k);
    const parts = site?.valuesParts ?? [];
    if (!parts.some((x) => x.part === 'image') || parts.some((x) => x.part === 'registry')) continue;
    if (hosts.has(parseReference(p.expected).registry)) out.push(k);
  }
  return [...new Set(out)];
}

function collectStrings(v: unknown, into: Set<string>): void {
  if (typeof v === 'string') into.add(v);
  else if (Array.isArray(v)) for (const x of v) collectStrings(x, into);
  else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) collectStrings(x, into);
}

/** Five ways at most per site: a render each, and the last proves what stays. */
const MAX_PIN_ROUNDS = 6;

interface Attempt {
  sites: ImageSite[];
  optional: ImageSite[];
  moved: ImageSite[];
  current: Record<string, unknown>;
  render: { releaseName: string; namespace: string; kubeVersion?: string; apiVersions?: string[] };
  pin?: PinRequest;
  hostless?: ReadonlySet<string>;
}

type PinMiss = { key: string; way: PinWay };

/** The override and its proof; or, when the chart refused keys a pin added (its schema), those pins. */
async function tryOverride(
  rel: ValuesRelease,
  renderer: Renderer,
  to: Placement,
  a: Attempt,
): Promise<{ report: ValuesReleaseReport } | { refused: PinMiss[] }> {
  const built = buildOverride(a.moved, to.mapRef, a.current, a.pin, a.hostless);
  const added = built.images.filter((i) => i.pinned === 'added-digest' || i.pinned === 'added-tag');
  try {
    return await proveOverride(rel, renderer, to, a, built);
  } catch (e) {
    if (added.length === 0) throw e;
    return { refused: added.map((i) => ({ key: whereKey(i.where), way: i.pinned as PinWay })) };
  }
}

async function proveOverride(
  rel: ValuesRelease,
  renderer: Renderer,
  to: Placement,
  a: Attempt,
  built: ValuesOverride,
): Promise<{ report: ValuesReleaseReport }> {
  const { sites, optional, current, render } = a;
  // only a chart whose images are rewritten is told to accept them; a subchart an optional toggle
  // turns on (a Bitnami minio under a condition) asks too, though its values are not in `current`
  const asks = built.images.length > 0 ? uniqueAsks([current, ...toggledValues(rel, optional, renderer.helmVersion)].flatMap((v) => asksOf(v))) : [];
  const o = asks.length > 0 ? { ...built, values: withAsks(built.values, asks), asks } : built;
  // The override wins over the user's values; everything else the user set stays.
  const merged = coalesceTables(deepCopyValue(o.values), deepCopyValue(rel.values));
  const docs = (await renderer.render(rel.chart, { ...render, values: merged, disposable: true })).docs;
  const rendered = discoverImages(docs);
  const after = rendered.filter((s) => s.certainty === 'certain');
  const doubtful = [...new Set(rendered.filter((s) => s.certainty === 'doubtful' && !to.placed(s.ref)).map((s) => s.ref))];
  const hard = new Set(o.hardcoded.map((h) => whereKey(h.where)));
  // each site must show the target the writer chose for it: with its digest where pinned
  // (one field can hold several images, one per optional toggle: keyed by field and image)
  const chosen = new Map([...o.images, ...o.unpinned].map((i) => [`${whereKey(i.where)}\0${i.source}`, i.target]));
  const expect = (s: ImageSite) => chosen.get(`${whereKey(s.source)}\0${s.ref}`) ?? to.mapRef(s.ref);
  const problems = verifyOverride(sites, after, to, expect).filter((p) => !hard.has(whereKey(p.where)));
  // A site the re-render shows exactly as before, though the override set values read as its
  // parts: those values hold the same string for another image (supabase's test Job beside
  // image.initDb), and nothing controls this site: it is hard-coded (test-only in a test hook),
  // for postrender to move, not a failed proof.
  for (const p of [...problems]) {
    const site = p.kind === 'outside-target' ? sites.find((x) => whereKey(x.source) === whereKey(p.where)) : undefined;
    if (!site || p.found !== site.ref) continue;
    problems.splice(problems.indexOf(p), 1);
    o.hardcoded.push({ source: site.ref, target: expect(site), where: site.source });
    hard.add(whereKey(site.source));
  }
  o.images = o.images.filter((i) => !hard.has(whereKey(i.where)));
  // what no value controls is reported as hard-coded (or test-only) there, not failed here either
  const optionalProblems = await verifyOptional(optional, { chart: rel.chart, renderer, render, user: rel.values, override: o.values, to, expect });
  problems.push(...optionalProblems.filter((p) => !hard.has(whereKey(p.where))));
  const report: ValuesReleaseReport = {
    release: rel.release,
    chart: rel.name,
    version: rel.version,
    namespace: rel.namespace,
    images: o.images,
    hardcoded: o.hardcoded.filter((h) => !isTestHook(h.where)),
    testOnly: o.hardcoded.filter((h) => isTestHook(h.where)),
    conflicts: o.conflicts,
    problems,
    doubtful,
    values: o.values,
    ...(o.asks ? { asks: o.asks } : {}),
    ...(a.pin ? { unpinned: o.unpinned } : {}),
  };
  return { report };
}

/**
 * Sites whose pin the re-render lost: the right name but not the digest written, or no image at
 * all any more (a template that appends to the tag, `{{ .tag }}-alpine`, breaks the reference).
 */
function pinMisses(r: ValuesReleaseReport): PinMiss[] {
  const ways = new Map<string, PinWay>();
  for (const i of r.images) if (i.pinned && i.pinned !== 'chart') ways.set(whereKey(i.where), i.pinned);
  const lost = (p: VerifyProblem) => p.kind === 'gone' || (p.kind === 'changed' && p.found && p.expected && sameName(p.found, p.expected));
  return r.problems.filter((p) => ways.has(whereKey(p.where)) && lost(p)).map((p) => ({ key: whereKey(p.where), way: ways.get(whereKey(p.where))! }));
}

function sameName(a: string, b: string): boolean {
  const [x, y] = [parseReference(a), parseReference(b)];
  return x.registry === y.registry && x.repository === y.repository;
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

/** The chart's values as each toggle of these optional sites would have them (its subcharts on). */
function toggledValues(rel: ValuesRelease, optional: readonly ImageSite[], helmVersion: 3 | 4 | undefined): Record<string, unknown>[] {
  return [...new Set(optional.map((s) => s.toggle!))].map((t) => renderedValues(rel.chart, withToggle(rel.values, t), helmVersion));
}

function uniqueAsks(asks: SubstitutionAsk[]): SubstitutionAsk[] {
  return [...new Map(asks.map((a) => [a.path, a])).values()];
}
