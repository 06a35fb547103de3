// A toggle the chart refuses beside a switch on by default (discover/exclusive-switches.ts): the
// setting is named with that switch off, once a strict render of the user's values with both shows
// the image. One render per such toggle (memoised), none for a toggle refused otherwise.

import { exclusiveSwitches } from '../../discover/exclusive-switches.js';
import type { ImageSite } from '../../discover/image-site.js';
import { withToggle } from '../../overrides/values-optional.js';
import { ChartCheckError } from '../../util/errors.js';
import { templateOf } from './toggle-narrowing.js';
import type { OptionalSearch } from './toggled-render.js';

/** The image's toggle with the default-on switches its refusal reads turned off, where that renders it; else undefined. */
export async function settingBesideSwitchesOff(s: OptionalSearch, x: ImageSite, refusal: unknown): Promise<string | undefined> {
  if (!(refusal instanceof ChartCheckError) || !refusal.at || !x.toggle) return undefined;
  const t = templateOf(s.chart, refusal.at.template);
  if (!t) return undefined;
  const setting = x.toggle.split(',').map((p) => p.slice(0, p.indexOf('=')));
  const off = exclusiveSwitches(t.text, refusal.at.line, t.at, setting, s.full);
  if (off.length === 0) return undefined;
  const toggle = `${x.toggle},${off.map((p) => `${p}=false`).join(',')}`;
  const docs = await s.renders.docs(withToggle(s.user, toggle)).catch(() => undefined);
  return docs?.some((d) => d.text.includes(x.raw)) ? toggle : undefined;
}
