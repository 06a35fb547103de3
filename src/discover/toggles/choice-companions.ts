// Switches a word of a choice needs beside it. A mode word may bring parts only with switches on
// that an `if` reads in the same test (Bitnami redis' sentinel: `and (eq .Values.architecture
// "replication") .Values.sentinel.enabled`), and a workload so brought may hold further parts
// behind switches of its own template (the sentinel StatefulSet's kubectl container, under
// `sentinel.masterService.enabled`): the choice search tries both (optional.ts). A word's `if` may
// instead enclose `if`s of switches off by default, the word read through a helper (Snowplow Iglu's
// hook Jobs: `eq (include "...database.type" .) "postgres"` around `hooks.deploySetupHooks` and
// `or .Values.hooks.deployDB ...`): nothing renders until all are on. A list ranged
// inside an `if` needs that template's switches beside its stand-in entry (Plex's rclone
// remotes). A guard's companions are in toggles/guard.ts.

import type { ChartTemplates } from '../values/absent-values.js';
import { formatPath, type PathSegment } from '../field-path.js';
import { scanOf, settingHelpers } from './template-scan.js';
import { branchEnds, definedHelpers, includedHelpers } from './if-guards.js';
import { getIn } from '../values/value-markers.js';
import { bringsImage, enablingToggles, fromTop, LIST_ENTRY, switchOn, type ValueToggle } from './value.js';

/**
 * Of a choice round, the words an `if` of a template naming an image reads beside switches off in
 * values, with those switches on. The round's other words stay out: one may mask the branch
 * (redis' `sentinel.service.type=NodePort` holds the sentinel StatefulSet back on install).
 */
export function choiceCompanions(charts: readonly ChartTemplates[], values: Record<string, unknown>, round: readonly ValueToggle[]): ValueToggle[] {
  const chosen = new Map(round.map((t) => [t.path, t]));
  const words = new Map<string, ValueToggle>();
  const companions = new Map<string, ValueToggle>();
  for (const c of charts) {
    const helpers = settingHelpers(c.texts);
    for (const text of c.texts) {
      const scan = scanOf(text);
      if (!scan.nearImage) continue;
      let paired = false;
      for (const read of scan.together) {
        const paths = read.map((rel) => fromTop(c.at, rel));
        const word = paths.map((segs) => chosen.get(formatPath(segs))).find((t) => t !== undefined);
        const off = paths.filter((segs) => getIn(values, segs) === false);
        if (!word || off.length === 0) continue;
        paired = true;
        words.set(word.path, word);
        for (const segments of off) companions.set(formatPath(segments), switchOn(segments));
      }
      if (paired) continue;
      // the word compared in a test of its own, directly or through a helper: the switches of this
      // template's other `if`s, where their branch can bring an image, may sit inside its branch
      const hits = roundHits(scan.compared, helpers, c.at, chosen);
      const word = hits[0]?.t;
      const inner = word
        ? insideTest(
            charts,
            values,
            text,
            c.at,
            hits.filter((h) => h.t === word),
          )
        : [];
      if (!word || inner.length === 0) continue;
      words.set(word.path, word);
      for (const t of inner) companions.set(t.path, t);
    }
  }
  return words.size === 0 ? [] : [...words.values(), ...companions.values()];
}

/** The switches off in values that an `if` of this template text reads where its branch can bring an image. */
export function templateSwitches(
  charts: readonly ChartTemplates[],
  values: Record<string, unknown>,
  text: string,
  at: readonly PathSegment[],
  within: (path: string) => boolean = () => true,
): ValueToggle[] {
  const bringing = bringsImage(charts);
  return scanOf(text)
    .guards.filter((g) => within(g.path) && bringing(g))
    .map((g) => fromTop(at, g.path))
    .filter((segs) => getIn(values, segs) === false)
    .map(switchOn);
}

const IF_TAG = /^\{\{-?\s*(?:else\s+)?if\b/;
const ELSE_TAG = /^\{\{-?\s*else\b/;

/**
 * Whether a switch is one the word's test reaches: read in the `if` that compares the word (its
 * `else` branches too: the other word may be what takes the `else`), in a helper of the text
 * that `if` includes, or in the test of an earlier branch of the same `if` chain, which masks the
 * word's branch until the switch turns it off (Datadog's registry: `if and $migratedSite (not
 * .providers.gke.gdc)` before `else if eq $site "datadoghq.eu"`). A switch beside the word's
 * test brings on its own what it brings with the word (fluent-bit's `eq .Values.kind "DaemonSet"`
 * around volume mounts, its hotReload container after it). A comparison outside an `if` (a
 * variable, a ternary) encloses nothing known: every switch of the text counts, as before.
 */
function enclosedBy(text: string, offsets: readonly number[]): (path: string) => boolean {
  const ranges: [number, number][] = [];
  let ends: Map<number, number> | undefined;
  let before: Map<number, number> | undefined;
  for (const o of offsets) {
    const tag = text.lastIndexOf('{{', o);
    const close = text.indexOf('}}', tag);
    if (tag < 0 || (close >= 0 && close < o) || !IF_TAG.test(text.slice(tag, tag + 16))) return () => true;
    ends ??= branchEnds(text);
    before ??= new Map([...ends].map(([from, to]) => [to, from]));
    let end = ends.get(tag) ?? text.length;
    while (ELSE_TAG.test(text.slice(end, end + 16)) && ends.has(end)) end = ends.get(end)!;
    let first = tag;
    while (before.has(first) && ELSE_TAG.test(text.slice(first, first + 16))) first = before.get(first)!;
    ranges.push([first - 1, end]);
    const included = new Set(includedHelpers(text.slice(tag, end)));
    for (const d of included.size > 0 ? definedHelpers(text, ends) : []) if (included.has(d.name)) ranges.push([d.tag, d.end]);
  }
  const scan = scanOf(text);
  const reads = new Map<string, number[]>();
  for (const g of [...scan.guards, ...scan.negated]) reads.set(g.path, [...(reads.get(g.path) ?? []), ...g.tags]);
  return (path) => (reads.get(path) ?? []).some((t) => ranges.some(([from, to]) => from < t && t < to));
}

/**
 * The switches off in values of the templates that read one of these words that `wanted` keeps
 * (a values block no render used sits under it), with the switches an `if` reads beside them: a
 * word may bring a workload whose own image is known already (a memcached chart's StatefulSet
 * under `architecture: high-availability` runs the Deployment's image), so no new site names its
 * template, while its further parts sit behind switches of that template (the os-shell init
 * container under `and .Values.persistence.enabled .Values.volumePermissions.enabled`).
 */
export function wordSwitches(
  charts: readonly ChartTemplates[],
  values: Record<string, unknown>,
  words: readonly ValueToggle[],
  wanted: (t: ValueToggle) => boolean,
): ValueToggle[] {
  const out = new Map<string, ValueToggle>();
  for (const c of charts) {
    const mine = words.filter((t) => t.segments.length > c.at.length && c.at.every((a, i) => t.segments[i] === a));
    const reads = mine.map(
      (t) =>
        new RegExp(
          `\\.Values\\.${t.segments
            .slice(c.at.length)
            .map((k) => String(k).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('\\.')}(?![\\w.])`,
        ),
    );
    for (const text of c.texts) {
      if (!reads.some((r) => r.test(text))) continue;
      const own = new Set(
        templateSwitches(charts, values, text, c.at)
          .filter(wanted)
          .map((t) => t.path),
      );
      if (own.size === 0) continue;
      for (const read of scanOf(text).together) {
        const paths = read.map((rel) => fromTop(c.at, rel));
        if (paths.some((segs) => own.has(formatPath(segs))))
          for (const segs of paths) if (getIn(values, segs) === false) out.set(formatPath(segs), switchOn(segs));
      }
      for (const t of templateSwitches(charts, values, text, c.at)) if (own.has(t.path)) out.set(t.path, t);
    }
  }
  return [...out.values()];
}

/**
 * A list toggle that brought nothing alone, with the switches of the templates that range over
 * its list (booleans off, empty strings at a stand-in, as guardToggles has them): Plex's rclone
 * sidecars range over `rclone.remotes` inside `if and .Values.rclone.enabled .Values.rclone.configSecret`.
 * Two rounds: the entry as a map (LIST_ENTRY), then as a plain string, which a template cutting
 * the entry (`split ":" .`) needs. None where no such template tests a switch.
 */
export function listCompanions(charts: readonly ChartTemplates[], values: Record<string, unknown>, list: ValueToggle): ValueToggle[][] {
  const index = list.segments.findIndex((s) => typeof s === 'number');
  if (index <= 0) return [];
  const at = list.segments.slice(0, index);
  const [bringing, holding] = [bringsImage(charts), bringsImage(charts, true)];
  const out = new Map<string, ValueToggle>();
  for (const c of charts)
    for (const text of c.texts) {
      const scan = scanOf(text);
      if (!scan.nearImage || !scan.ranged.some((p) => formatPath(fromTop(c.at, p)) === formatPath(at))) continue;
      for (const g of scan.guards) {
        const segs = fromTop(c.at, g.path);
        const v = getIn(values, segs);
        if (v === false && bringing(g)) out.set(formatPath(segs), switchOn(segs));
        else if (v === '' && holding(g)) out.set(formatPath(segs), { path: formatPath(segs), segments: segs, value: LIST_ENTRY.value, standIn: true });
      }
    }
  if (out.size === 0) return [];
  const entry = [...at, 0];
  const plain: ValueToggle = { path: formatPath(entry), segments: entry, value: LIST_ENTRY.value, entry: true };
  return [
    [...out.values(), list],
    [...out.values(), plain],
  ];
}

/**
 * The tests that compare two words of a round or more at once (`and (eq .Values.db.type
 * "postgresdb") (eq .Values.worker.mode "queue")`: n8n's queue-mode worker and webhook), each with
 * the switches off in values that its `if` encloses where their branch can bring an image (the
 * wait-for-main init container). The words are held on while those switches are searched: in the
 * round's one group a check refusing other switches (n8n's schema forbids webhook.allNodes beside
 * its autoscaling) splits the group, and its halves part the words from each other and from the
 * switch. One entry per set of words (the worker's Deployment and StatefulSet share theirs).
 */
export function wordsTogether(
  charts: readonly ChartTemplates[],
  values: Record<string, unknown>,
  round: readonly ValueToggle[],
): { held: ValueToggle[]; inner: ValueToggle[] }[] {
  const chosen = new Map(round.map((t) => [t.path, t]));
  const out = new Map<string, { held: ValueToggle[]; inner: Map<string, ValueToggle> }>();
  for (const c of charts) {
    const helpers = settingHelpers(c.texts);
    for (const text of c.texts) {
      const scan = scanOf(text);
      if (!scan.nearImage) continue;
      const hits = roundHits(scan.compared, helpers, c.at, chosen);
      for (const test of testsOfWords(text, hits)) {
        const held = [...new Set(test.map((h) => h.t))];
        const inner = insideTest(charts, values, text, c.at, test);
        if (inner.length === 0) continue;
        const key = held
          .map((t) => t.path)
          .sort()
          .join(',');
        const entry = out.get(key) ?? { held, inner: new Map<string, ValueToggle>() };
        for (const t of inner) entry.inner.set(t.path, t);
        out.set(key, entry);
      }
    }
  }
  return [...out.values()].map(({ held, inner }) => ({ held, inner: [...inner.values()] }));
}

type Hit = { t: ValueToggle; offset: number };

/** The switches of this text that the `if`s holding these comparisons enclose (templateSwitches, enclosedBy). */
function insideTest(
  charts: readonly ChartTemplates[],
  values: Record<string, unknown>,
  text: string,
  at: readonly PathSegment[],
  test: readonly Hit[],
): ValueToggle[] {
  return templateSwitches(
    charts,
    values,
    text,
    at,
    enclosedBy(
      text,
      test.map((h) => h.offset),
    ),
  );
}

/** The comparisons of a text that compare a setting of the round (directly or through a helper), with their word. */
function roundHits(
  compared: ReturnType<typeof scanOf>['compared'],
  helpers: ReturnType<typeof settingHelpers>,
  at: readonly PathSegment[],
  chosen: Map<string, ValueToggle>,
): Hit[] {
  return compared.flatMap((m) => {
    const rel = 'helper' in m ? helpers.get(m.helper) : m.path;
    const t = rel === undefined ? undefined : chosen.get(formatPath(fromTop(at, rel)));
    return t ? [{ t, offset: m.offset }] : [];
  });
}

/** The comparisons of each `if` action that compares two words or more, one list per action. */
function testsOfWords(text: string, hits: readonly Hit[]): Hit[][] {
  const actions = new Map<number, Hit[]>();
  for (const h of hits) {
    const tag = text.lastIndexOf('{{', h.offset);
    const close = text.indexOf('}}', tag);
    if (tag < 0 || (close >= 0 && close < h.offset) || !IF_TAG.test(text.slice(tag, tag + 16))) continue;
    actions.set(tag, [...(actions.get(tag) ?? []), h]);
  }
  return [...actions.values()].filter((a) => new Set(a.map((h) => h.t)).size > 1);
}
