// Proof that an override works (pure): the sites of the re-render, matched to the original render
// by object and field, must all point under the target at exactly the mapped reference.
import { siteKey, type ImageSite, type ImageSource } from '../discover/image-site.js';
import { toImageRef } from '../discover/image-ref.js';
import { formatPath } from '../discover/field-path.js';
import type { Placement } from './placement.js';

export type VerifyProblemKind = 'outside-target' | 'changed' | 'gone';

export interface VerifyProblem {
  kind: VerifyProblemKind;
  where: ImageSource;
  /** What the re-render shows (absent for `gone`). */
  found?: string;
  /** What it should show. */
  expected?: string;
}

const key = siteKey;

/**
 * `before`: certain sites of the plain render; `after`: certain sites of the render with the
 * override; `to`: where each reference belongs. Every problem names template, object, field.
 */
export function verifyOverride(
  before: readonly ImageSite[],
  after: readonly ImageSite[],
  to: Placement,
  expect: (s: ImageSite) => string = (s) => to.mapRef(s.ref),
): VerifyProblem[] {
  const expected = new Map<string, string[]>();
  for (const s of before) expected.set(key(s.source), [...(expected.get(key(s.source)) ?? []), expect(s)]);
  const problems: VerifyProblem[] = [];
  const seen = new Set<string>();
  for (const s of after) {
    seen.add(key(s.source));
    const want = expected.get(key(s.source));
    if (!to.placed(s.ref)) problems.push({ kind: 'outside-target', where: s.source, found: s.ref, expected: want?.[0] });
    else if (want && !want.some((w) => sameImage(s.ref, w))) problems.push({ kind: 'changed', where: s.source, found: s.ref, expected: want[0] });
  }
  for (const s of before) {
    if (!seen.has(key(s.source))) problems.push({ kind: 'gone', where: s.source, expected: expect(s) });
  }
  return problems;
}

/**
 * `found` is `want`, or `want` without its tag: a chart that renders `repository@digest` once a
 * digest is set (Bitnami's common.images.image) pulls exactly the same image.
 */
function sameImage(found: string, want: string): boolean {
  if (found === want) return true;
  const m = /^(.*?)(:[^:/@]+)(@sha256:[0-9a-f]{64})$/.exec(want);
  return m !== null && found === m[1] + m[3];
}

const WHY: Record<VerifyProblemKind, string> = {
  'outside-target': 'still points outside the target',
  changed: 'changed its repository path, tag or digest',
  gone: 'is no longer rendered with the override',
};

/** e.g. "cm/templates/deployment.yaml Deployment/cm spec...image: quay.io/x:1 still points outside the target (want r/m/quay.io/x:1)". */
export function formatProblem(p: VerifyProblem): string {
  const w = p.where;
  const found = p.found ? `: ${p.found}` : '';
  const want = p.expected ? ` (want ${p.expected})` : '';
  return `${w.template} ${w.kind}/${w.name} ${w.fieldPath}${found} ${WHY[p.kind]}${want}`;
}

/**
 * An operator's default whose override setting names the whole reference (or its repository) and
 * which the override wrote through the chart's value (Headlamp's -pod-debug-image from
 * config.podDebugImage, or Elastic's spec.image of a Beat from `image`): the re-render passes the
 * setting, the default is gone, and the site table finds what the setting names inside that
 * container (its flag or env var) or resource (its field), or the operator's config file (its field).
 * That site stands for the default at its place, so the proof reads what the operator will pull.
 */
export function settingSites(sites: readonly ImageSite[], rendered: readonly ImageSite[], expect: (s: ImageSite) => string): ImageSite[] {
  return sites.flatMap((s) => {
    const b = s.builtin;
    if (!b || b.overrideTakes === 'registry' || (s.valuesParts ?? []).length === 0) return [];
    const want = expect(s);
    const same = (ref: string) => ref === want || (b.overrideTakes === 'repository' && repositoryOf(ref) === repositoryOf(want));
    // a field of the operator's config file: the site table finds it in the file (a ConfigMap's data entry)
    const inConfig = (r: ImageSite) =>
      (b.overrideConfig !== undefined && r.source.kind === 'ConfigMap' && r.source.fieldPath.endsWith(` > ${b.overrideConfig}`)) ||
      // a data key of the operator's settings ConfigMap: the site table finds the reference there
      (b.overrideSetting !== undefined &&
        r.source.kind === 'ConfigMap' &&
        r.source.name === b.overrideSetting.configMap &&
        r.source.fieldPath === formatPath(['data', b.overrideSetting.key]));
    const found = rendered.find(
      (r) =>
        ((r.source.template === s.source.template &&
          (r.source.position ?? 0) === (s.source.position ?? 0) &&
          r.source.fieldPath.startsWith(`${s.source.fieldPath}.`)) ||
          inConfig(r)) &&
        same(r.ref),
    );
    return found ? [{ ...found, source: s.source }] : [];
  });
}

const repositoryOf = (ref: string): string | undefined => {
  const r = toImageRef(ref);
  return r && `${r.domain}/${r.path}`;
};
