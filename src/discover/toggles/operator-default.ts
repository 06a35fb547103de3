// What turns an operator default of the table (operators/model.ts) on: a key of the
// operator's settings ConfigMap (`when: setting:KEY=VALUE`), a field of its config file
// (`config:PATH`), a flag its container is given (`flag:--NAME`), or a field of the resource the
// default is pulled for. operators/builtin-images.ts applies them.
import type { ImageSite } from '../image-site.js';
import type { BuiltinDefault, OperatorEntry } from '../operators/model.js';
import type { AdmissionPolicy, ResourceSighting } from '../operators/sightings.js';
import { resourceField } from '../operators/default-overrides.js';
import { isRecord } from '../../util/is-record.js';
import { isNegativeFlag } from './off-flag.js';

export const CONFIG = 'config:';
export const FLAG = 'flag:';

export const SETTING = /^setting:([^=]+)=(.*)$/;

/** A `when: setting:KEY=VALUE` some settings ConfigMap of the render holds (any other `when`: true here). */
export function settingHolds(when: string | undefined, settings: readonly Record<string, unknown>[]): boolean {
  const m = when === undefined ? null : SETTING.exec(when);
  return m === null || settings.some((data) => data[m[1]!] === m[2]);
}

/**
 * A `when` field that turns its default on: true, a section the resource holds, or a list with
 * entries; a negative flag (`spec.drbd.disable`) anything but true; `FIELD=WORD`, the field holds
 * that word, case aside (Contrast's injector picks its agent image by spec.type).
 */
export const turnsOn = (o: Record<string, unknown>, when: string): boolean => {
  const is = /^([^=:]+)=(.+)$/.exec(when);
  if (is) return String(resourceField(o, is[1]!) ?? '').toLowerCase() === is[2]!.toLowerCase();
  const v = resourceField(o, when);
  return isNegativeFlag(when) ? v !== true : v === true || isRecord(v) || (Array.isArray(v) && v.length > 0);
};

/**
 * A default of one resource kind pulled only when a field of that resource turns it on (Temporal's
 * UI with spec.ui.enabled): where no rendered resource of the kind turns it on (none rendered: the
 * user applies them later), it is optional, brought by a resource that does. So is a default the
 * chart's own admission policy rules out while rendered (`deniedBy`: every resource must name the
 * image instead), pulled once the chart's policy is switched off.
 */
export function offUntil(
  entry: OperatorEntry,
  d: BuiltinDefault,
  resources: readonly ResourceSighting[],
  policies: readonly AdmissionPolicy[] = [],
): Pick<ImageSite, 'switchedOff' | 'toggle'> | undefined {
  const p = d.deniedBy === undefined ? undefined : policies.find((x) => x.name.endsWith(d.deniedBy!));
  if (p) return { switchedOff: `policy:${p.name}`, toggle: `the chart's ValidatingAdmissionPolicy ${p.name} (${p.template}) not rendered` };
  if (!d.kind || !d.when || d.when.startsWith(CONFIG) || d.when.startsWith(FLAG) || SETTING.test(d.when)) return undefined;
  if (resources.some((r) => r.kind === d.kind && turnsOn(r.object, d.when!))) return undefined;
  const group = entry.resources?.find((r) => r.kind === d.kind)?.group;
  return { switchedOff: d.when, toggle: `a ${d.kind}${group ? ` (${group})` : ''} resource that sets ${d.when}` };
}
