// `values`' part of the one accounting (overrides/image-accounting.ts): every image of a release's
// render, moved by the proven override or named with why it was not.
import { isTestHook, type BuiltinProvenance, type ImageSite } from '../../discover/image-site.js';
import { overrideValue } from '../../discover/operators/index.js';
import { crdDefaultReason } from '../../discover/sites/index.js';
import { isCrdsFile } from '../../discover/sites/index.js';
import { builtinOrigin } from '../../discover/verdicts/index.js';
import { OPERATOR_DEFAULTS } from '../../discover/operators/index.js';
import { accounting, notMoved, whereOf, type ImageAccounting, type NotMovedImage } from '../../overrides/image-accounting.js';
import type { Placement } from '../../overrides/placement.js';
import type { HardcodedImage } from '../../overrides/values-writer.js';
import type { ValuesReleaseReport } from './values-types.js';

export interface ReleaseImages {
  /** The certain sites of the render with the user's values. */
  sites: readonly ImageSite[];
  /** Optional sites (a toggle turns them on) found in the render's neighbourhood. */
  optional: readonly ImageSite[];
  /** The optional sites the override covers. */
  included: readonly ImageSite[];
  /** Why an optional site the placement would move was left out (not carried by the bundle, no values path). */
  leftOut: (s: ImageSite) => string;
}

/**
 * The routes that fix a hard-coded image: the values keys holding it inside a longer string, if
 * any, and postrender; for an operator's built-in default (in no manifest, so postrender cannot
 * reach it), the operator's own setting that overrides it, or a mirror of its registry on the nodes.
 */
function hardcodedRoutes(h: HardcodedImage): string {
  if (h.builtin) return builtinRoutes(h.builtin, h.source, h.target);
  if (h.crdDefault) {
    // Helm hands a chart's crds/ folder to no post-renderer: the bundle's lock tells it the field
    const crds = isCrdsFile(h.crdDefault.template);
    return `${crdDefaultReason(h.crdDefault)}, and no value of the chart writes the field: postrender sets ${h.where.fieldPath} at install${crds ? " when given the bundle (--lock; the CRD is in the chart's crds/ folder, which Helm passes to no post-renderer)" : ''}`;
  }
  // a CRD's own schema default a program of the release serves (served-crd-defaults.ts)
  if (h.where.kind === 'CustomResourceDefinition') return servedDefaultRoutes(h);
  const keys = (h.held ?? []).map(
    (k) =>
      `values key ${k.path} holds it inside a longer string: set ${k.path} to "${k.set}"${/\[\d+\]/.test(k.path) ? ' (Helm replaces a list whole: give its other entries too)' : ''}`,
  );
  return keys.length > 0 ? `${keys.join('; ')}; or postrender moves it at install` : 'postrender moves it at install';
}

/**
 * A CRD's schema default from the chart's crds/ folder (served-crd-defaults.ts): Helm passes that
 * folder to no post-renderer, so only the resources applied later, or the nodes, move it.
 */
export const servedFromCrdsFolder = (h: HardcodedImage): boolean =>
  !h.builtin && !h.crdDefault && h.where.kind === 'CustomResourceDefinition' && isCrdsFile(h.where.template);

/**
 * A CRD's schema default every resource applied later without the field runs: postrender rewrites
 * the default where the CRD is a template of the release; Helm passes a chart's crds/ folder to no
 * post-renderer, so there only the resources (or the nodes) can.
 */
function servedDefaultRoutes(h: HardcodedImage): string {
  const fieldPath = h.where.fieldPath;
  const from = fieldPath.indexOf('openAPIV3Schema');
  const field = [...fieldPath.slice(from).matchAll(/properties\.([^.[\]]+)/g)].map((m) => m[1]).join('.');
  const registry = h.source.slice(0, h.source.indexOf('/'));
  const crd = `CRD ${h.where.name} defaults ${field} to it in each resource that leaves the field out`;
  return isCrdsFile(h.where.template)
    ? `${crd}, from the chart's crds/ folder, which Helm passes to no post-renderer: set ${field} in each resource applied later, or make the nodes' container runtime pull ${registry} from the target (a registry mirror)`
    : `${crd}: postrender rewrites the default at install, so resources applied later pull it from the target`;
}

/** The routes that move an operator's built-in default: the operator's setting, postrender, a mirror on the nodes. */
export function builtinRoutes(b: BuiltinProvenance, source: string, target: string): string {
  const registry = source.slice(0, source.indexOf('/'));
  // a resource field holding the tag alone (an agent's spec.version) names no place to pull from
  const tagOnly = !b.overrideEnv && !b.overrideFlag && b.overrideField !== undefined && /(^|\.)(tag|version)$/i.test(b.overrideField);
  const knob = tagOnly
    ? `its setting, ${b.override}, holds only the tag`
    : b.override
      ? `set ${b.override} to ${overrideValue(target, b.overrideTakes, source)} (through the chart's values for it, where it has them)`
      : 'the operator has no setting for it';
  const post =
    b.overrideEnv || b.overrideFlag
      ? `; postrender sets it at install (the operator's container is in this release)`
      : b.overrideField && !tagOnly
        ? `; postrender sets it at install in each resource of this release that leaves it out${appliedLater(b)}`
        : '';
  // a runner's job images are pulled by its own Docker daemon: a mirror on the nodes never sees them
  return `of ${builtinOrigin(b)}; values cannot move it: ${knob}${post}, or make ${b.pulledBy ?? "the nodes' container runtime"} pull ${registry} from the target (a registry mirror)`;
}

/**
 * A resource's field is the only setting (k6 Operator's TestRun spec.runner.image): the resources a
 * user applies after install are in no release, so neither values nor postrender reaches them.
 */
function appliedLater(b: BuiltinProvenance): string {
  const entry = OPERATOR_DEFAULTS.find((e) => e.operator === b.operator);
  // a default of one kind (or pulled per resource of one) is that kind's field alone (Vector's spec.agent.image)
  const d = entry?.releases.flatMap((r) => r.defaults).find((x) => x.at === b.at && x.unless?.field === b.overrideField);
  const one = d?.kind ?? d?.per;
  const kinds = one ? [one] : (entry?.resources ?? []).map((r) => r.kind);
  return kinds.length > 0 ? `; each ${kinds.join(' or ')} applied after install must set ${b.overrideField} itself` : '';
}

export function releaseAccounting(r: ValuesReleaseReport, imgs: ReleaseImages, to: Placement): ImageAccounting {
  const moved = r.images.map((i) => ({
    source: i.source,
    target: i.target,
    by: i.via ? `${to.by(i.source)}; set through ${i.via}` : to.by(i.source),
    where: whereOf(i.where),
  }));
  const left: NotMovedImage[] = [
    ...r.hardcoded.map((h) => notMoved(h.source, h.builtin ? 'builtin' : 'hard-coded', { detail: hardcodedRoutes(h), where: h.where })),
    ...r.testOnly.map((h) => notMoved(h.source, 'test-only', { detail: 'run helm test with Helm 4 and --post-renderer airgap-postrender', where: h.where })),
  ];
  for (const s of imgs.sites) {
    if (to.moves(s.ref)) continue;
    if (to.arrived(s.ref)) left.push(notMoved(s.ref, 'at-target', { where: s.source }));
    else if (isTestHook(s.source)) left.push(notMoved(s.ref, 'test-only', { detail: 'and not in the map', where: s.source }));
    else left.push(notMoved(s.ref, 'not-in-map', { detail: `${to.describe} has no entry for it`, where: s.source }));
  }
  const included = new Set(imgs.included.map((s) => s.ref));
  for (const s of imgs.optional)
    if (s.certainty === 'certain' && !included.has(s.ref) && !to.arrived(s.ref))
      left.push(
        notMoved(s.ref, 'optional-not-included', {
          detail: s.toggle
            ? `turned on by ${s.toggle}; ${to.moves(s.ref) ? imgs.leftOut(s) : 'not in the map either'}`
            : // a values block no render used: no setting to prove an override with
              `named only in values (${s.valuesPaths.join(', ')}), rendered by no setting searched; ${to.moves(s.ref) ? 'set those values yourself if a setting of yours uses them' : 'not in the map either'}`,
          where: s.source,
        }),
      );
  // an image both moved somewhere and left elsewhere is named in both lists: each place counts
  return accounting(moved, left);
}
