// What `helm template` assumes without a cluster, per Helm followed, read off the real binaries the
// project is judged against (Helm 3.17.2, 4.1.4 and 4.2.3: `.Capabilities` printed by a
// template), and the named behaviours in which those Helms differ (each with the Helm release and
// commit that brought it). The order of the API versions is Helm's (templates can range over
// them). --kube-version and --api-versions override; --helm-version picks the Helm followed.

import type { SemverRelease } from '../../sprig/semver-constraint.js';

export type HelmMajor = 3 | 4;

/** A Helm release line the engine can follow. */
export type HelmLine = '3.17' | '4.1' | '4.2';

export const HELM_LINES: readonly HelmLine[] = ['3.17', '4.1', '4.2'];

/** The rules in which the Helms followed differ, each named for what it changes. */
export interface HelmBehaviours {
  /** Helm 4 refuses chart files over 5 MiB, skips nulls differently when coalescing, orders webhooks. */
  major: HelmMajor;
  /** `mustToToml` is a template function (Helm 4.2.0, b075f7a35). */
  mustToToml: boolean;
  /** A chart's own default nulls are left out of coalesced values; only given ones survive (4.2.0, 00638773d). */
  dropsDefaultNulls: boolean;
  /** SplitManifests trims documents on the left only: a file's last document keeps its trailing whitespace (4.2.0, 265c5eb53). */
  keepsTrailingWhitespace: boolean;
  /** Post-renderers get hooks in the one stream, each document annotated with its file name (4.2.0, 8f56f24d6). */
  postRendersHooks: boolean;
  /** The Masterminds semver release Helm is built with (go.mod): how semver errors are worded. */
  semver: SemverRelease;
}

export interface HelmProfile extends HelmBehaviours {
  line: HelmLine;
  helmVersion: string;
  goVersion: string;
  kubeVersion: string;
  apiVersions: readonly string[];
}

const HELM3_API_VERSIONS: readonly string[] = [
  'v1',
  'admissionregistration.k8s.io/v1',
  'admissionregistration.k8s.io/v1alpha1',
  'admissionregistration.k8s.io/v1beta1',
  'internal.apiserver.k8s.io/v1alpha1',
  'apps/v1',
  'apps/v1beta1',
  'apps/v1beta2',
  'authentication.k8s.io/v1',
  'authentication.k8s.io/v1alpha1',
  'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1',
  'authorization.k8s.io/v1beta1',
  'autoscaling/v1',
  'autoscaling/v2',
  'autoscaling/v2beta1',
  'autoscaling/v2beta2',
  'batch/v1',
  'batch/v1beta1',
  'certificates.k8s.io/v1',
  'certificates.k8s.io/v1beta1',
  'certificates.k8s.io/v1alpha1',
  'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1',
  'events.k8s.io/v1beta1',
  'extensions/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3',
  'networking.k8s.io/v1',
  'networking.k8s.io/v1alpha1',
  'networking.k8s.io/v1beta1',
  'node.k8s.io/v1',
  'node.k8s.io/v1alpha1',
  'node.k8s.io/v1beta1',
  'policy/v1',
  'policy/v1beta1',
  'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1beta1',
  'rbac.authorization.k8s.io/v1alpha1',
  'resource.k8s.io/v1beta1',
  'resource.k8s.io/v1alpha3',
  'scheduling.k8s.io/v1alpha1',
  'scheduling.k8s.io/v1beta1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1beta1',
  'storage.k8s.io/v1',
  'storage.k8s.io/v1alpha1',
  'storagemigration.k8s.io/v1alpha1',
  'apiextensions.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1',
];

const HELM4_API_VERSIONS: readonly string[] = [
  'v1',
  'admissionregistration.k8s.io/v1',
  'admissionregistration.k8s.io/v1alpha1',
  'admissionregistration.k8s.io/v1beta1',
  'internal.apiserver.k8s.io/v1alpha1',
  'apps/v1',
  'apps/v1beta1',
  'apps/v1beta2',
  'authentication.k8s.io/v1',
  'authentication.k8s.io/v1alpha1',
  'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1',
  'authorization.k8s.io/v1beta1',
  'autoscaling/v1',
  'autoscaling/v2',
  'autoscaling/v2beta1',
  'autoscaling/v2beta2',
  'batch/v1',
  'batch/v1beta1',
  'certificates.k8s.io/v1',
  'certificates.k8s.io/v1beta1',
  'certificates.k8s.io/v1alpha1',
  'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1',
  'events.k8s.io/v1beta1',
  'extensions/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3',
  'networking.k8s.io/v1',
  'networking.k8s.io/v1beta1',
  'node.k8s.io/v1',
  'node.k8s.io/v1alpha1',
  'node.k8s.io/v1beta1',
  'policy/v1',
  'policy/v1beta1',
  'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1beta1',
  'rbac.authorization.k8s.io/v1alpha1',
  'resource.k8s.io/v1',
  'resource.k8s.io/v1beta2',
  'resource.k8s.io/v1beta1',
  'resource.k8s.io/v1alpha3',
  'scheduling.k8s.io/v1alpha1',
  'scheduling.k8s.io/v1beta1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1beta1',
  'storage.k8s.io/v1',
  'storage.k8s.io/v1alpha1',
  'storagemigration.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1',
];

// Helm 4.2's default capabilities come from client-go 0.36: v1.36.0, and its API versions list
// (autoscaling/v2beta1 and v2beta2 gone, scheduling.k8s.io/v1alpha2 in place of v1alpha1).
const HELM42_API_VERSIONS: readonly string[] = [
  'v1',
  'admissionregistration.k8s.io/v1',
  'admissionregistration.k8s.io/v1alpha1',
  'admissionregistration.k8s.io/v1beta1',
  'internal.apiserver.k8s.io/v1alpha1',
  'apps/v1',
  'apps/v1beta1',
  'apps/v1beta2',
  'authentication.k8s.io/v1',
  'authentication.k8s.io/v1alpha1',
  'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1',
  'authorization.k8s.io/v1beta1',
  'autoscaling/v1',
  'autoscaling/v2',
  'batch/v1',
  'batch/v1beta1',
  'certificates.k8s.io/v1',
  'certificates.k8s.io/v1beta1',
  'certificates.k8s.io/v1alpha1',
  'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1',
  'events.k8s.io/v1beta1',
  'extensions/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3',
  'networking.k8s.io/v1',
  'networking.k8s.io/v1beta1',
  'node.k8s.io/v1',
  'node.k8s.io/v1alpha1',
  'node.k8s.io/v1beta1',
  'policy/v1',
  'policy/v1beta1',
  'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1beta1',
  'rbac.authorization.k8s.io/v1alpha1',
  'resource.k8s.io/v1',
  'resource.k8s.io/v1beta2',
  'resource.k8s.io/v1beta1',
  'resource.k8s.io/v1alpha3',
  'scheduling.k8s.io/v1alpha2',
  'scheduling.k8s.io/v1beta1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1beta1',
  'storage.k8s.io/v1',
  'storage.k8s.io/v1alpha1',
  'storagemigration.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1',
];

const BEFORE_42 = { mustToToml: false, dropsDefaultNulls: false, keepsTrailingWhitespace: false, postRendersHooks: false };

export const HELM_PROFILES: Readonly<Record<HelmLine, HelmProfile>> = {
  '3.17': {
    line: '3.17',
    major: 3,
    ...BEFORE_42,
    semver: '3.3',
    helmVersion: 'v3.17.2',
    goVersion: 'go1.23.7',
    kubeVersion: 'v1.32.0',
    apiVersions: HELM3_API_VERSIONS,
  },
  '4.1': {
    line: '4.1',
    major: 4,
    ...BEFORE_42,
    semver: '3.4',
    helmVersion: 'v4.1.4',
    goVersion: 'go1.25.9',
    kubeVersion: 'v1.35.0',
    apiVersions: HELM4_API_VERSIONS,
  },
  '4.2': {
    line: '4.2',
    major: 4,
    mustToToml: true,
    dropsDefaultNulls: true,
    keepsTrailingWhitespace: true,
    postRendersHooks: true,
    semver: '3.5',
    helmVersion: 'v4.2.3',
    goVersion: 'go1.26.5',
    kubeVersion: 'v1.36.0',
    apiVersions: HELM42_API_VERSIONS,
  },
};

/** Standalone, the engine follows the newest Helm. */
export const DEFAULT_HELM: HelmLine = '4.2';
export const DEFAULT_KUBE_VERSION = HELM_PROFILES[DEFAULT_HELM].kubeVersion;
export const DEFAULT_API_VERSIONS = HELM_PROFILES[DEFAULT_HELM].apiVersions;
export const HELM_VERSION = HELM_PROFILES[DEFAULT_HELM].helmVersion;

/** The Helm followed, and why that one (the flag, the Helm running the plugin, the default). */
export interface HelmFollowed {
  line: HelmLine;
  why: string;
}

/** The profile of the Helm followed (the newest when none is named). */
export function helmProfile(line: HelmLine | undefined): HelmProfile {
  return HELM_PROFILES[line ?? DEFAULT_HELM];
}

/**
 * The Helm line a version names: "3", "3.17", "v4.1.4", "4.2"... A major alone is its newest line
 * followed; a line not followed takes the nearest one below it of its major (Helm 4.0 renders as
 * 4.1 did), and one above the newest, the newest. Undefined for anything else.
 */
export function helmLineOf(version: string): HelmLine | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.\d+)?(?:[-+].*)?$/.exec(version.trim());
  if (!m) return undefined;
  const major = Number(m[1]);
  const minor = m[2] === undefined ? Infinity : Number(m[2]);
  if (major === 3) return '3.17';
  if (major < 4) return undefined;
  if (major > 4) return DEFAULT_HELM;
  return minor >= 2 ? '4.2' : '4.1';
}
