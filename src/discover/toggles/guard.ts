// The switches an `if` tests around an image, of any name and type: booleans off by default,
// empty strings set to a stand-in, `X.enabled` of a block values.yaml leaves out; those on by
// default whose `else` brings one; the guards beside a switch that brought images; the switches a
// guard that brought images needs beside it (the conditions of off subcharts that read it, switches
// the chart leaves out of its values: OpenReplay's licence key, its vault Job); and the switches
// that mask what others bring (an `else if` chain, a `not`). The optional search's guard
// rounds (app/scan/optional.ts) flip them; toggles/value.ts holds the toggle itself.

import type { ChartTemplates } from '../values/absent-values.js';
import { formatPath, type PathSegment } from '../field-path.js';
import { scanOf, type TextScan } from './template-scan.js';
import { placed } from './guard-places.js';
import type { Guard } from './if-guards.js';
import { getIn } from '../values/value-markers.js';
import { imagePartOf } from '../values/image-values.js';
import { isRecord } from '../../util/is-record.js';
import {
  bringsImage,
  ENABLED_KEY,
  enablingToggles,
  fromTop,
  switchOn,
  isImagePart,
  LIST_ENTRY,
  nearImagePaths,
  type DependencyCondition,
  type ValueToggle,
} from './value.js';

/**
 * Booleans of any name, false by default, an `if` tests (not negated) in a template naming an image
 * (kube-ovn's HYBRID_DPDK): switches no key naming convention finds; and empty strings so tested
 * where the branch's own text brings an image (OpenReplay's licence key runs every component's
 * `-ee` image), set to a stand-in, but no image's part (`if .Values.image.digest`: the same image).
 */
export function guardToggles(charts: readonly ChartTemplates[], values: Record<string, unknown>): ValueToggle[] {
  const [bringing, holding] = [bringsImage(charts), bringsImage(charts, true)];
  const isSwitch = (x: TextScan, at: readonly PathSegment[], g: Guard, c: ChartTemplates) => {
    const segs = placed(g, at).segments;
    const v = getIn(values, segs);
    // read through a copy filled from defaults files, a key named as a switch need not be declared
    const named = c.aliased === true && ENABLED_KEY.test(String(segs[segs.length - 1]));
    // a count of 0 an `if` tests (`if gt .Values.reaperCount 0.0`, `if .Values.replicaCount`): a
    // part off until the user asks for one (Rucio's daemons, each behind its own count)
    if (v === false || v === 0 || (v === undefined && (named || undeclaredSwitch(x, at, g.path, values)))) return bringing(g);
    return v === '' && holding(g) && !isImagePart(segs, LIST_ENTRY.value);
  };
  return nearImagePaths(charts, (x, at, c) => x.guards.filter((g) => isSwitch(x, at, g, c)).map((g) => g.path)).map((segments) => {
    const v = getIn(values, segments);
    return { path: formatPath(segments), segments, ...(v === '' ? { value: LIST_ENTRY.value, standIn: true as const } : { value: v === 0 ? 1 : true }) };
  });
}

/**
 * `X.enabled` of a block X the values leave out, which the template tests too (GlassFlow's
 * `if and .Values.global.usageStats .Values.global.usageStats.enabled`): a part off until the user
 * writes the block, switched on by the one key.
 */
function undeclaredSwitch(x: TextScan, at: readonly PathSegment[], path: string, values: Record<string, unknown>): boolean {
  const block = path.replace(/\.enabled$/, '');
  return block !== path && getIn(values, fromTop(at, block)) === undefined && x.guards.some((g) => g.path === block);
}

/**
 * Of `guards`, those a template naming an image reads beside one of `switches`, in one `if`
 * (Rocket.Chat's lighttpd: `and .Values.federation.enabled .Values.ingress.federation.serveWellKnown`)
 * or in another `if` or a ternary of the same template (a registry picked by a site setting inside
 * a component's switch): the guards worth a render with those switches on beside them.
 */
export function guardsBeside(charts: readonly ChartTemplates[], guards: readonly ValueToggle[], switches: readonly ValueToggle[]): ValueToggle[] {
  if (guards.length === 0 || switches.length === 0) return [];
  const on = new Set(switches.map((t) => t.path));
  const beside = new Set<string>();
  for (const c of charts)
    for (const text of c.texts) {
      const scan = scanOf(text);
      if (!scan.nearImage) continue;
      const paths = scan.guards.map((g) => placed(g, c.at).path);
      if (paths.some((p) => on.has(p))) paths.forEach((p) => beside.add(p));
    }
  return guards.filter((g) => beside.has(g.path));
}

/**
 * Booleans true by default that an `if` tests where its `else` can bring an image (OpenObserve's
 * `enterprise.enabled`, whose else runs the oss image; XWiki's `mysql.enabled` in the chain that
 * picks its own image's tag by database): switched off, they hand the chain on to that branch.
 */
export function elseToggles(charts: readonly ChartTemplates[], values: Record<string, unknown>): ValueToggle[] {
  const bringing = bringsImage(charts);
  return nearImagePaths(charts, (x, at) => x.elsed.filter((g) => getIn(values, placed(g, at).segments) === true && bringing(g)).map((g) => g.path)).map(
    (segments) => ({ path: formatPath(segments), segments, value: false }),
  );
}

/**
 * Toggles that hide what other toggles bring when on in the same render: those an `else if` reads
 * (cilium's operator image: `if .Values.eni.enabled` aws, `else if .Values.azure.enabled` azure...)
 * are `chained`; those an `if` reads under `not` (kube-prometheus-stack's certgen Jobs: `and
 * .Values.x.enabled (not .Values.certManager.enabled)`) are `negated`. The search tries again
 * without them.
 */
export function maskingToggles(charts: readonly ChartTemplates[], toggles: readonly ValueToggle[]): { chained: ValueToggle[]; negated: ValueToggle[] } {
  const bringing = bringsImage(charts);
  const wanted = new Set(toggles.map((t) => t.path));
  const read = (pick: (scan: TextScan) => Guard[]) =>
    new Set(
      charts.flatMap((c) =>
        c.texts.flatMap((t) =>
          pick(scanOf(t)).flatMap((g) => {
            const { path } = placed(g, c.at);
            return wanted.has(path) && bringing(g) ? [path] : [];
          }),
        ),
      ),
    );
  const chained = read((x) => x.elseIfs);
  const negated = read((x) => x.negated);
  return { chained: toggles.filter((t) => chained.has(t.path)), negated: toggles.filter((t) => negated.has(t.path)) };
}

/**
 * The switches of the subcharts off by their condition whose templates naming an image test one
 * of `guards` (OpenReplay's `global.enterpriseEditionLicense`, read in assist-api's templates too,
 * whose condition global.ee-components.enabled is off): the variant a guard picks there shows only
 * with them on.
 */
export function guardCompanions(
  charts: readonly ChartTemplates[],
  values: Record<string, unknown>,
  deps: readonly DependencyCondition[],
  guards: readonly ValueToggle[],
): ValueToggle[] {
  const paths = new Set(guards.map((g) => g.path));
  const out = new Map<string, ValueToggle>();
  for (const c of charts) {
    const reads = (text: string) => {
      const scan = scanOf(text);
      return scan.nearImage && scan.guards.some((g) => paths.has(placed(g, c.at).path));
    };
    if (c.at.length > 0 && c.texts.some(reads)) for (const t of enablingToggles(deps, values, [...c.at, ''])) out.set(t.path, t);
  }
  return [...out.values()];
}

/**
 * Switches a chart leaves out of its values (OpenReplay's `vault.enabled`, no key under `vault:`)
 * that an `if` tests in a template naming an image beside one of `guards`, where the branch's own
 * text brings an image: no default to flip, and only a render with the guard on shows what they
 * add. Not an image's part (`image.digest` set true spells no image).
 */
export function absentBeside(charts: readonly ChartTemplates[], values: Record<string, unknown>, guards: readonly ValueToggle[]): ValueToggle[] {
  const on = new Set(guards.map((g) => g.path));
  const holding = bringsImage(charts, true);
  const out = new Map<string, ValueToggle>();
  for (const c of charts)
    for (const text of c.texts) {
      const scan = scanOf(text);
      const read = scan.nearImage ? scan.guards.map((g) => ({ g, ...placed(g, c.at) })) : [];
      if (!read.some((x) => on.has(x.path))) continue;
      for (const { g, segments } of read) {
        const [key, parent] = [segments.at(-1), segments.at(-2)];
        const above = getIn(values, segments.slice(0, -1));
        if (getIn(values, segments) !== undefined || !(above === undefined || isRecord(above)) || !holding(g)) continue;
        if (typeof key !== 'string' || imagePartOf(key, typeof parent === 'string' ? parent : undefined, '') !== undefined) continue;
        out.set(formatPath(segments), switchOn([...segments]));
      }
    }
  return [...out.values()];
}
