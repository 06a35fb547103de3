// The need of an operator's compiled-in default (a catalog default's `need` and `with`, model.ts):
// needed in ordinary use of the operator's main resource, or optional, pulled only with a resource
// kind (and a field of it that turns it on) or a setting no render shows. An optional default is
// listed as optional, with what pulls it, until the render holds a resource that does.
import type { ImageSite } from '../image-site.js';
import type { BuiltinDefault, OperatorEntry, PulledWith } from './model.js';
import type { ResourceSighting } from './sightings.js';
import { turnsOn } from '../toggles/operator-default.js';

/** What pulls one `with` alternative, in words, with its source line. */
function words(entry: OperatorEntry, w: PulledWith): string {
  if (w.setting !== undefined) return `${w.setting} (${w.at})`;
  const group = entry.resources?.find((r) => r.kind === w.kind)?.group;
  return `${/^[AEIOU]/.test(w.kind!) ? 'an' : 'a'} ${w.kind}${group ? ` (${group})` : ''} resource${w.field ? ` that sets ${w.field}` : ''} (${w.at})`;
}

/** What pulls an optional default, in words: its alternatives joined by "or". */
export const pulledWithWords = (entry: OperatorEntry, d: BuiltinDefault): string => (d.with ?? []).map((w) => words(entry, w)).join(' or ');

/**
 * An optional default the render does not pull: no rendered resource of a `with` kind turns it on
 * (none rendered: the user applies them later), or only a setting no render shows pulls it. The
 * site is then switched off, its toggle what pulls it; undefined for a needed default or one a
 * rendered resource pulls.
 */
export function optionalUntil(
  entry: OperatorEntry,
  d: BuiltinDefault,
  resources: readonly ResourceSighting[],
): Pick<ImageSite, 'switchedOff' | 'toggle'> | undefined {
  if (d.need !== 'optional' || !d.with?.length) return undefined;
  const pulled = d.with.some((w) => w.kind !== undefined && resources.some((r) => r.kind === w.kind && (w.field === undefined || turnsOn(r.object, w.field))));
  if (pulled) return undefined;
  const toggle = pulledWithWords(entry, d);
  return { switchedOff: toggle, toggle };
}
