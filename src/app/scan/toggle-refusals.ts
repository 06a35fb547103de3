// Images whose toggle the chart refuses as it stands: the optional search renders leniently (a
// chart's `fail` and `required` checks let through), so each toggle it names is asked once more
// strictly, and marked with what the chart says it wants, or named with the settings its checks
// ask beside it where those render the image.

import type { ImageSite } from '../../discover/image-site.js';
import { toImageRef } from '../../discover/image-ref.js';
import { getIn } from '../../discover/values/index.js';
import { withToggle } from '../../overrides/values-optional.js';
import { ChartCheckError } from '../../util/errors.js';
import { settingWithCompanions } from './refused-beside.js';
import type { OptionalSearch } from './toggled-render.js';

/**
 * Marks the images whose toggle the chart refuses without more values, with what the chart says it
 * wants; where what its checks ask beside the toggle renders the image, names the setting with that.
 */
export async function askedMore(s: OptionalSearch, found: ImageSite[]): Promise<ImageSite[]> {
  const out: ImageSite[] = [];
  const substituted = substitutedCharts(s, found);
  for (const x of found) {
    const refusal = x.toggle ? await refuses(s, x.toggle) : undefined;
    const beside = refusal && (await settingWithCompanions(s, x, refusal.error));
    const asks = refusal && chartWords(refusal.error);
    const y = beside ? { ...x, toggle: beside } : refusal === undefined ? x : { ...x, toggleAsksMore: true, ...(asks ? { toggleAsks: asks } : {}) };
    out.push(y.toggle && substituted.has(y.source.chart) ? { ...y, toggle: `${y.toggle},${ALLOW_INSECURE}=true` } : y);
  }
  return out;
}

const ALLOW_INSECURE = 'global.security.allowInsecureImages';
/** Bitnami's own image namespaces: its check fails only for a chart whose annotation names one of them. */
const BITNAMI = /docker\.io\/bitnami(?:prem|secure)?\//;

/**
 * The charts that refuse a toggled install as they are (whichever toggle turns them on: the check
 * takes every image block of the chart, rendered or not): a
 * Bitnami chart whose `images` annotation (what common.errors.insecureImages compares with) does not
 * hold the registry/repository of one of its images in the toggled render, because the parent's
 * values substitute it (GreptimeDB cluster's grafana/grafana over bitnami/grafana). Its NOTES.txt
 * check then fails unless global.security.allowInsecureImages is true; the search renders with
 * that set (substitution-asks.ts), so only the setting it names lacks it. Read from the sites and
 * the annotation, no render: charts without the ask in their values are passed over at once.
 */
function substitutedCharts(s: OptionalSearch, found: readonly ImageSite[]): Set<string> {
  const out = new Set<string>();
  if (found.every((x) => !x.toggle) || allowed(s.full)) return out;
  for (const x of found) {
    const c = x.toggle && s.annotations.find((a) => a.chart === x.source.chart);
    const listed = c && c.annotations?.images;
    if (!listed || !BITNAMI.test(listed) || !allowed(c.values, false)) continue;
    // a parent may allow it in the subchart's own table (United Manufacturing Hub's redis.global)
    const at = x.source.chart.split('/charts/').slice(1);
    if (at.some((_, i) => allowed(getIn(s.full, at.slice(0, i + 1))))) continue;
    const ref = toImageRef(x.ref);
    if (!ref) continue;
    const name = `${ref.domain}/${ref.path}`;
    // a `bitnamilegacy` copy of its own image is only warned about
    if (!listed.includes(name) && (!listed.includes(ref.domain) || !listed.includes(ref.path)) && !name.startsWith('docker.io/bitnamilegacy/'))
      out.add(x.source.chart);
  }
  return out;
}

/** Whether values hold global.security.allowInsecureImages as `want` (true: the user allows; false: the chart has the ask). */
function allowed(values: unknown, want = true): boolean {
  const v = getIn(values, ['global', 'security', 'allowInsecureImages']);
  return want ? v === true : v !== undefined;
}

/** The chart's own words in a failed render (its fail or required message), short enough for one line. */
function chartWords(e: unknown): string {
  const words = e instanceof ChartCheckError ? (e.says.split('\n')[0]?.trim() ?? '') : '';
  return words.length > 240 ? `${words.slice(0, 237)}...` : words;
}

/**
 * The chart refuses the toggle as it is: the search's own (lenient) render of it let a check
 * through (markers only change image strings, which asks already cover), and a strict render of
 * the user's values with it fails; with that render's error, else undefined. Renders are
 * memoised, so each toggle costs one at most.
 */
async function refuses(s: OptionalSearch, toggle: string): Promise<{ error: unknown } | undefined> {
  const searched = s.markersWork ? await s.renders.checksPassed(withToggle(s.marked.overlay, toggle)) : undefined;
  const checks = searched ?? (await s.renders.checksPassed(withToggle(s.user, toggle)));
  if (checks === 0) return undefined;
  return s.renders.docs(withToggle(s.user, toggle)).then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
}
