// Images whose toggle the chart refuses as it stands: the optional search renders leniently (a
// chart's `fail` and `required` checks let through), so each toggle it names is asked once more
// strictly, and marked with what the chart says it wants, or named with the settings its checks
// ask beside it where those render the image.

import type { ImageSite } from '../../discover/image-site.js';
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
  for (const x of found) {
    const refusal = x.toggle ? await refuses(s, x.toggle) : undefined;
    const beside = refusal && (await settingWithCompanions(s, x, refusal.error));
    const asks = refusal && chartWords(refusal.error);
    if (beside) out.push({ ...x, toggle: beside });
    else out.push(refusal === undefined ? x : { ...x, toggleAsksMore: true, ...(asks ? { toggleAsks: asks } : {}) });
  }
  return out;
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
