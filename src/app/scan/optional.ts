// The optional search: images a chart can use but the given values do not. Toggles are flipped
// in groups (one render when nothing new appears, halving only where something does), so the
// search costs a few renders instead of one per toggle; then annotated images and image-shaped
// values blocks that no render produced are added, named by annotation or values path.

import type { Chart } from '../../helm/chart/types.js';
import { notRendered } from './annotated-unrendered.js';
import { siteKey, type ImageSite } from '../../discover/image-site.js';
import { blocksUnder, unusedBlocks } from './unused-blocks.js';
import { markersIn } from '../../discover/values/index.js';
import { blockSwitches } from '../../discover/toggles/index.js';
import { choiceCompanions, listCompanions, templateSwitches, wordsTogether, wordSwitches } from '../../discover/toggles/index.js';
import {
  choiceToggles,
  enablingToggles,
  conditionToggles,
  dependencyConditions,
  entryToggles,
  withEnabling,
  heldSwitchGroups,
  formatToggles,
  listToggles,
  offToggles,
  type DependencyCondition,
  type ValueToggle,
} from '../../discover/toggles/index.js';
import { absentBeside, elseToggles, guardCompanions, guardToggles, guardsBeside, maskingToggles } from '../../discover/toggles/index.js';
import { besideRounds } from './beside-rounds.js';
import { mapToggles } from '../../discover/toggles/index.js';
import { memberToggles } from '../../discover/toggles/index.js';
import type { Ctx } from '../../util/ctx.js';
import { logTo } from '../../util/ctx.js';
import {
  broughtBy,
  doubtfulUnderMarkers,
  isKnown,
  isPlaceKey,
  knownKeys,
  renderPlain,
  renderToggled,
  SearchOverBudget,
  type OptionalSearch,
  type SearchState,
} from './toggled-render.js';
import { askedMore } from './toggle-refusals.js';
import { wasMerged } from './merged-branches.js';
import { encloses, nameTogether, nearestToggle, templateOf, tryNearestToggles } from './toggle-narrowing.js';

export async function findOptionalImages(s: OptionalSearch, ctx: Ctx = {}): Promise<ImageSite[]> {
  try {
    return await searchAll(s, ctx);
  } catch (e) {
    if (!(e instanceof SearchOverBudget)) throw e;
    const why = `${s.chart.metadata.name}: the optional search stopped: with ${formatToggles(e.group)}: ${e.over.message}`;
    logTo(
      ctx,
      'warn',
      `${why}; optional images of this chart are those its annotations and values blocks name; next: ${e.over.hint ?? 'raise --render-timeout'}`,
    );
    const known = new Set(s.sites.map((x) => x.ref));
    return [...notRendered(s.annotations, known, s.sites), ...unusedBlocks(s, known, new Set(), s.sites)];
  }
}

async function searchAll(s: OptionalSearch, ctx: Ctx): Promise<ImageSite[]> {
  // a site beside `enabled: false` hides only the same reading switched off, not the image a switch
  // brings on (the marker render gives a disabled subchart's defaults as values, and a values dump
  // then spells its image beside `enabled: false`)
  const known = new Set([...s.sites, ...s.markedSites].filter((x) => x.certainty === 'certain').flatMap(knownKeys));
  const seenMarkers = new Set(s.markedSites.flatMap((x) => markersIn(x.raw)));
  // a dependency's condition says which values the flip brings: that toggle wins over the same path's plain one
  const deps = dependencyConditions(s.chart);
  const conditions = conditionToggles(deps, s.full);
  const toggles = [...offToggles(s.full).filter((t) => !conditions.some((c) => c.path === t.path)), ...conditions, ...memberToggles(s.templates, s.full)];
  const st: SearchState = { seen: seenMarkers, broken: new Set(), switches: toggles };
  const searched = await searchToggles(s, toggles, known, st, ctx);
  // further searches count what the earlier ones found as known
  const searchMore = async (group: ValueToggle[]) => {
    if (group.length > 0) searched.push(...(await searchToggles(s, group, new Set([...known, ...searched.flatMap(knownKeys)]), st, ctx)));
  };
  // Toggles on together can hide what one brings: an if/else-if chain shows only its first branch
  // (cilium's operator image for eni, azure, alibabacloud), an `and .Values.x (not .Values.y)`
  // nothing while y is on (kube-prometheus-stack's certgen Jobs under a parent's switch). The group
  // is searched once more without the toggles read under `not`, and the chained ones alone
  // without those that brought images; only where the branch so hidden can bring an image (a
  // `not .Values.autoscaling` around `replicas:` costs no render: if-guards.ts).
  const unmasked = async (group: ValueToggle[], from: number) => {
    const brought = broughtBy(searched.slice(from));
    const { chained, negated } = maskingToggles(s.templates, group);
    const fresh = (t: ValueToggle) => !brought.has(formatToggles([t]));
    // what a `not` hides may need a toggle that brought other images (a subchart's own switch) on
    if (negated.length > 0) await searchMore(group.filter((t) => !negated.includes(t)));
    const later = brought.size > 0 ? chained.filter(fresh) : [];
    if (later.length > 0) await searchMore(later);
    // a switch inside the block of one that brought images may sit in its else branch (weaviate's
    // `if index $module "enabled"` ... else its passage server), read through variables no chain
    // scan sees: such switches are searched once more without the outer ones
    const outer = group.filter((t) => !fresh(t));
    const inner = group.filter((t) => fresh(t) && !later.includes(t) && outer.some((o) => o !== t && encloses(o, t.segments)));
    if (inner.length > 0) await searchMore(inner);
  };
  await unmasked(toggles, 0);
  // A toggle that breaks every render it is in (a template error, not a check) split the search
  // apart: without it, toggles that only bring an image together (kafka's externalAccess.enabled
  // and defaultInitContainers.autoDiscovery.enabled) are searched together once more.
  if (st.broken.size > 0) await searchMore(toggles.filter((t) => !st.broken.has(t)));
  // a group halved for a render that broke parts nested switches from their subchart's (OpenCTI's eck-kibana)
  for (const { held, inner } of heldSwitchGroups(deps, s.full, toggles, broughtBy(searched)))
    searched.push(...(await searchToggles(s, inner, new Set([...known, ...searched.flatMap(knownKeys)]), st, ctx, held)));
  // lists empty by default (one stand-in entry each), then words of compared settings, round by round
  const lists = listToggles(s.templates, s.full);
  const listed = searched.length;
  await searchMore(lists);
  // a list ranged inside an `if` needs that template's switches beside it (Plex's rclone remotes)
  for (const l of lists.filter((t) => !broughtBy(searched.slice(listed)).has(formatToggles([t]))))
    for (const round of listCompanions(s.templates, s.full, l)) await searchMore(round);
  // booleans of other names that a template beside an image tests where the branch can bring one
  // (kube-ovn's HYBRID_DPDK; a branch that adds an argument costs no render), in a round of their
  // own: a guard may need a named toggle left off (`and .Values.x (not .Values.y)`)
  const guards = guardToggles(s.templates, s.full).filter((g) => !toggles.some((t) => t.path === g.path));
  const before = searched.length;
  await searchMore(guards);
  await unmasked(guards, before);
  // guards that each pick a variant of one image (eck's -ubi and -fips) show the image both make
  // when on together: each is tried alone too, which costs a render only where that happened
  const combined = new Set(searched.slice(before).flatMap((x) => (x.toggle?.includes(',') ? x.toggle.split(',') : [])));
  for (const g of guards) if (combined.has(formatToggles([g]))) await searchMore([g]);
  // a guard that brought images may pick a variant in a subchart that is off too (OpenReplay's licence:
  // assist-api's `-ee` needs global.ee-components.enabled): once more with those subcharts' switches;
  // a guard a list's round switched on (Mender's global.enterprise, beside its cronjob lists) counts too
  const broughtGuards = guards.filter((g) => broughtBy(searched).has(formatToggles([g])));
  const offScopes = guardCompanions(s.templates, s.full, deps, broughtGuards);
  if (offScopes.length > 0) await searchMore([...broughtGuards, ...offScopes]);
  const absent = absentBeside(s.templates, s.full, broughtGuards);
  if (absent.length > 0) await searchMore([...broughtGuards, ...absent]);
  // a guard may need a named toggle on beside it (Rocket.Chat's lighttpd: `and
  // .Values.federation.enabled .Values.ingress.federation.serveWellKnown`): the guards that brought
  // nothing and an `if` reads beside one of those are searched once more with them on
  const named = broughtBy(searched.slice(0, before));
  const bringing = toggles.filter((t) => named.has(formatToggles([t])));
  const fromGuards = broughtBy(searched.slice(before));
  const quiet = guards.filter((g) => !fromGuards.has(formatToggles([g])));
  const idle = guardsBeside(s.templates, quiet, bringing);
  if (bringing.length > 0 && idle.length > 0) await searchMore([...bringing, ...idle]);
  const lone = toggles.filter((t) => !named.has(formatToggles([t])));
  for (const round of besideRounds(s.templates, { bringing, idle, quiet, lone })) await searchMore(round);
  // and the other way: named toggles that brought nothing, beside a guard that brought images
  // (Rucio's monitoring.enabled, read inside `if gt .Values.replicaCount 0.0`)
  const unbrought = [...quiet, ...lone];
  const inside = guardsBeside(s.templates, unbrought, broughtGuards);
  if (inside.length > 0) await searchMore([...broughtGuards, ...inside]);
  // switches on by default whose `else` brings an image, off: alone, then with the switches that
  // brought images on (XWiki's tag follows the database chain: mysql off and postgresql on)
  const elses = elseToggles(s.templates, s.full);
  if (elses.length > 0) {
    await searchMore(elses);
    if (bringing.length > 0) await searchMore([...bringing, ...elses]);
  }
  // a choice inside a subchart that is off is tried with the subchart's switch on beside it
  const later: { group: ValueToggle[]; words: ValueToggle[] }[] = [];
  const rounds = choiceToggles(s.templates, s.full);
  const beforeWords = searched.length;
  for (const round of rounds) {
    const on = new Map(round.flatMap((t) => enablingToggles(deps, s.full, t.segments)).map((t) => [t.path, t]));
    await searchMore([...on.values(), ...round]);
    // words one test compares together, held on while the switches its branch encloses are searched
    for (const { held, inner } of wordsTogether(s.templates, s.full, round))
      searched.push(...(await searchToggles(s, inner, new Set([...known, ...searched.flatMap(knownKeys)]), st, ctx, withEnabling(deps, s.full, held))));
    // a word may bring parts only beside switches the same `if` reads, off by default (Bitnami
    // redis' sentinel needs architecture=replication and sentinel.enabled: Label Studio, Mailu);
    // what that brings may hold more behind switches of its own template (the sentinel's kubectl)
    const paired = choiceCompanions(s.templates, s.full, round).filter((t) => !on.has(t.path));
    if (paired.length === 0) continue;
    const from = searched.length;
    await searchMore([...on.values(), ...paired]);
    const group = new Set([...on.keys(), ...paired.map((t) => t.path)]);
    const inner = new Map<string, ValueToggle>();
    for (const x of searched.slice(from)) {
      const t = templateOf(s.chart, x.source.template);
      for (const w of t ? templateSwitches(s.templates, s.full, t.text, t.at) : []) if (!group.has(w.path)) inner.set(w.path, w);
    }
    later.push({ group: [...on.values(), ...paired], words: paired.filter((t) => round.includes(t)) });
    if (inner.size > 0) await searchMore([...on.values(), ...paired, ...inner.values()]);
  }
  // a word that brought images may open a part holding more behind switches and other words
  // (minecraft's eula=TRUE around its Deployment: the backup sidecar's two switches, the rclone
  // init container's backupMethod=rclone): those are tried once more with the word on
  const fromWords = broughtBy(searched.slice(beforeWords));
  const words = rounds.flat().filter((t) => fromWords.has(formatToggles([t])));
  if (words.length > 0) {
    const inside = guardsBeside(s.templates, unbrought, words);
    if (inside.length > 0) await searchMore([...words, ...inside]);
    for (const round of rounds.map((r) => r.filter((t) => !words.some((w) => w.path === t.path)))) if (round.length > 0) await searchMore([...words, ...round]);
  }
  // keys of a feature-gate string (`featureGates: "Processor=true"`), a round per key
  for (const round of entryToggles(s.templates, s.full)) await searchMore(round);
  // maps empty by default that an `if`/`with` tests (Grafana's `dashboards: {}`), a stand-in entry
  // each, after the switches: a boolean that brings the same image (velero's cleanUpCRDs beside its
  // `namespace.labels` Job) is the plainer setting to name; in a subchart that is off, with its
  // switch (PostHog's grafana.enabled)
  await searchMore(withEnabling(deps, s.full, mapToggles(s.templates, s.full)));
  // a round's images may name switches that bring more nested deeper (enterprise's prometheus
  // subchart: its node-exporter's switch, then node-exporter's kubeRBACProxy.enabled): while a round
  // brings images, once more with them among the switches that did
  for (let round = 0; round < NESTING_ROUNDS; round++) {
    const deeper = await nestedSwitches(s, [...toggles, ...guards], searched, known, st, ctx);
    searched.push(...deeper);
    if (deeper.length === 0) break;
  }
  // a word's workload may run an image known already (a StatefulSet of the Deployment's image),
  // so no new site named its template, whose switches hold more (memcached's os-shell under
  // `and .Values.persistence.enabled .Values.volumePermissions.enabled`): last, where a values
  // block no render used still sits under one of them, the word's group is tried with them on
  let unused: string[] | undefined;
  for (const { group, words } of later) {
    unused ??= blocksUnder(s, new Set([...known, ...searched.flatMap(knownKeys)]), st.seen, searched);
    if (unused.length === 0) break;
    const wanted = (t: ValueToggle) => unused!.some((p) => p.startsWith(`${t.path.slice(0, t.path.lastIndexOf('.'))}.`));
    const behind = wordSwitches(s.templates, s.full, words, wanted).filter((w) => !group.some((g) => g.path === w.path));
    if (behind.length === 0) continue;
    await searchMore([...group, ...behind]);
    unused = undefined;
  }
  // a values block still unused may sit under switches and words that bring it only together: what
  // the ifs around each read of it ask, all on (block-switches.ts)
  const left = blocksUnder(s, new Set([...known, ...searched.flatMap(knownKeys)]), st.seen, searched);
  // markers these renders spell only in a reference that is no image (Tempo's provisioner, tag
  // empty) leave the block listed from values as before
  const scratch: SearchState = { ...st, seen: new Set(st.seen) };
  for (const group of left.length > 0 ? blockSwitches(s.templates, s.full, deps, left) : []) {
    logTo(ctx, 'debug', `${s.chart.metadata.name}: a values block left unrendered sits under the ifs around its read: ${formatToggles(group)}`);
    searched.push(...(await searchToggles(s, group, new Set([...known, ...searched.flatMap(knownKeys)]), scratch, ctx)));
  }
  const toggled = await askedMore(s, searched);
  const found = new Set([...[...known].filter((k) => !isPlaceKey(k)), ...toggled.map((x) => x.ref)].map((k) => k.replace(/\0off$/, '')));
  // a values block no render uses may hold the moved image too (bitnamilegacy/postgresql:T)
  const rendered = [...s.sites, ...toggled];
  const blocks = unusedBlocks(s, new Set(found), seenMarkers, rendered);
  const annotated = notRendered(s.annotations, new Set([...found, ...blocks.map((b) => b.ref)]), rendered);
  annotated.forEach((a) => found.add(a.ref));
  // with no annotated image added, the blocks are those just found
  return [...toggled, ...annotated, ...(annotated.length === 0 ? blocks : unusedBlocks(s, found, seenMarkers, rendered))];
}

/** Rounds of nested switches: a parent's switch, a subchart's dependency switch, a feature switch in that. */
const NESTING_ROUNDS = 3;

/**
 * A switch nested under a switch of another round (nginx-ingress' `ipIntelligence.enable`, read
 * only inside `controller.appprotect.v5`, a guard searched in a later round with the `enable`
 * switches off): where a values block no render used sits under a switch, that switch is flipped
 * once more with the switches that brought images and whose blocks hold it. One render per
 * such group, only while a values-only image remains; what it adds is named by the whole group.
 */
async function nestedSwitches(
  s: OptionalSearch,
  switches: readonly ValueToggle[],
  searched: readonly ImageSite[],
  known: ReadonlySet<string>,
  st: SearchState,
  ctx: Ctx,
): Promise<ImageSite[]> {
  const brought = broughtBy(searched);
  const outer = switches.filter((t) => brought.has(formatToggles([t])));
  if (outer.length === 0) return [];
  const now = new Set([...known, ...searched.flatMap(knownKeys)]);
  const groups = new Map<string, ValueToggle[]>();
  for (const b of unusedBlocks(s, new Set(now), st.seen, [...s.sites, ...searched])) {
    const inner = nearestToggle(switches, b);
    // outermost first, as a user would set them
    const depth = (t: ValueToggle) => (t.scope ?? t.segments).length;
    const group = inner ? [...outer.filter((o) => o !== inner && encloses(o, inner.segments)).sort((x, y) => depth(x) - depth(y)), inner] : [];
    if (inner) groups.set(formatToggles(group), group);
  }
  const out: ImageSite[] = [];
  // every site of a new image, as the other rounds keep them: values moves each (falco's
  // redis-stack is both the UI's wait-redis init container and its redis Deployment)
  const fresh = (x: ImageSite) => x.certainty === 'certain' && !isKnown(now, x) && !out.some((o) => o.ref === x.ref && siteKey(o.source) === siteKey(x.source));
  for (const [toggle, group] of groups) {
    logTo(ctx, 'debug', `${s.chart.metadata.name}: a values block left unrendered sits under a switch nested in another: ${toggle}`);
    // the inner switch alone was tried in the first rounds
    const sites = group.length > 1 ? ((await renderToggled(s, group, st.seen, ctx)) ?? []).filter(fresh) : [];
    out.push(...sites.map((x) => ({ ...x, toggle })));
    // its `if` may read a switch of another block beside them (nautobot's nginx exporter: `and
    // $.Values.metrics.enabled $nautobot.nginx.enabled $.Values.metrics.nginxExporter.enabled`, the
    // middle one through a range variable): once more with every switch that brought images on,
    // named by the fewest of them that still bring it
    const inner = group[group.length - 1]!;
    const enclosing = switches.filter((o) => o !== inner && encloses(o, inner.segments));
    const rest = outer.filter((o) => !group.includes(o) && !enclosing.includes(o));
    if (sites.length > 0 || rest.length === 0) continue;
    const all = [...rest, ...enclosing, inner];
    const more = ((await renderToggled(s, all, st.seen, ctx)) ?? []).filter(fresh);
    out.push(...(await nameTogether(s, all, more, st.seen, ctx)));
  }
  return out;
}

/** `held`: toggles on in every render of the search and its halves (heldSwitchGroups), named with each image. */
async function searchToggles(
  s: OptionalSearch,
  group: ValueToggle[],
  known: Set<string>,
  st: SearchState,
  ctx: Ctx,
  held: ValueToggle[] = [],
): Promise<ImageSite[]> {
  if (group.length === 0) return [];
  const { seen } = st;
  const fresh = await renderToggled(s, [...held, ...group], seen, ctx);
  if (fresh === undefined && group.length === 1 && held.length === 0) st.broken.add(group[0]!);
  if (fresh === undefined) return group.length > 1 ? splitSearch(s, group, known, st, ctx, held) : [];
  // a list toggle's stand-in entry (or a guard's stand-in text) spelled into an image is no image of the chart's
  const standIns = group.filter((t) => t.entry || t.standIn).map((t) => String(t.value));
  const isNew = (x: ImageSite) => x.certainty === 'certain' && !isKnown(known, x) && !standIns.some((w) => x.raw.includes(w));
  const added = fresh.filter(isNew);
  // a doubtful site only the marked render shows: the group is rendered once more without markers,
  // and split down to its toggles (each rendered without markers too) only where that render shows
  // an image the marked one did not (istio's many groups show none: one render each, not a split)
  const unmarked = async () => ((await renderPlain(s, [...held, ...group], ctx)) ?? []).filter((x) => isNew(x) && !added.some((a) => a.ref === x.ref));
  let recheck = doubtfulUnderMarkers(s, fresh);
  if (recheck && group.length === 1) added.push(...(await unmarked()));
  else if (recheck && (await unmarked()).length === 0) recheck = false;
  // switches whose branches wrote one document hid each other's images there: each renders apart
  if (group.length > 1 && wasMerged(fresh)) return splitSearch(s, group, known, st, ctx, held);
  if (added.length === 0) return recheck && group.length > 1 ? splitSearch(s, group, known, st, ctx, held) : [];
  if (group.length === 1) return added.map((x) => ({ ...x, toggle: formatToggles([...held, ...group]) }));
  const guessed = held.length > 0 ? [] : await tryNearestToggles(s, group, added, known, st, ctx);
  const rest = new Set(added.map((x) => x.ref).filter((r) => !guessed.some((g) => g.ref === r)));
  if (rest.size === 0 && !recheck) return guessed;
  const fromSplit = (x: ImageSite) => rest.has(x.ref) || (recheck && !added.some((a) => a.ref === x.ref));
  const parts = [...guessed, ...(await splitSearch(s, group, known, st, ctx, held)).filter(fromSplit)];
  const attributed = new Set(parts.map((x) => x.ref));
  const unattributed = added.filter((x) => !attributed.has(x.ref));
  return [...parts, ...(await nameTogether(s, [...held, ...group], unattributed, seen, ctx))];
}

/**
 * Halves by alternate position, not by range: neighbouring toggles are often siblings that a
 * chart forbids together (podmonitor.enabled and servicemonitor.enabled), and apart they render.
 */
async function splitSearch(
  s: OptionalSearch,
  group: ValueToggle[],
  known: Set<string>,
  st: SearchState,
  ctx: Ctx,
  held: ValueToggle[] = [],
): Promise<ImageSite[]> {
  const out: ImageSite[] = [];
  for (const half of [0, 1])
    out.push(
      ...(await searchToggles(
        s,
        group.filter((_, i) => i % 2 === half),
        known,
        st,
        ctx,
        held,
      )),
    );
  return out;
}
