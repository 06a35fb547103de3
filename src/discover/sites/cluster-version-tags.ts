// Images whose tag a template takes from the cluster's Kubernetes version (Lago's wait-for-minio
// init container: `rancher/kubectl:{{ .Capabilities.KubeVersion }}` unless a tag value is set).
// The render can only name the tag of the version it was given (v1.36.0 by default, as Helm 4.2);
// the cluster pulls the tag of its own version, which a mirror of the listed one does not hold.

import { helmProfile, type HelmLine } from '../../helm/engine/defaults.js';
import { parseKubeVersion } from '../../helm/engine/objects.js';
import type { OperatorWarning } from '../operators/builtin-images.js';
import { toImageRef } from '../image-ref.js';
import type { ImageSite } from '../image-site.js';
import { helperDefinitions } from '../toggles/template-scan.js';
import { templateActions } from '../toggles/template-actions.js';

const READS_KUBE_VERSION = /\.Capabilities\.KubeVersion\b/;

/**
 * A warning per image of `sites` whose tag is the render's Kubernetes version (v1.35.0, 1.35.0,
 * v1.35 or 1.35, alone or before a suffix), where its template reads .Capabilities.KubeVersion,
 * itself or through a helper of the chart tree (`texts`) that does (Lago's `kubectlVersion`): a
 * tag equal to the version by chance, in a template that never reads it, is the chart's own.
 */
export function clusterVersionTags(
  chart: string,
  sites: readonly ImageSite[],
  texts: readonly string[],
  templateText: (template: string) => string | undefined,
  kubeVersion: string | undefined,
  helm: HelmLine | undefined,
): OperatorWarning[] {
  const kv = parseKubeVersion(kubeVersion ?? helmProfile(helm).kubeVersion);
  const short = `${kv.Major}.${kv.Minor}`;
  const forms = [kv.Version, kv.Version.replace(/^v/, ''), `v${short}`, short];
  // a tag that spells the version is rare: the templates are read only for the images that have one
  const spelt = sites.filter((s) => {
    const tag = toImageRef(s.ref)?.tag;
    return tag !== undefined && forms.some((f) => tag === f || tag.startsWith(`${f}-`));
  });
  if (spelt.length === 0 || !texts.some((t) => READS_KUBE_VERSION.test(templateActions(t)))) return [];
  const helpers = versionReadingHelpers(texts.flatMap((t) => helperDefinitions(t)));
  /** The texts that read the version for this template: its own lines that do, and the helpers it includes that do. */
  const readers = (template: string): string[] => {
    const text = templateText(template) ?? '';
    const lines = text.split('\n');
    const own = lines.filter((l) => READS_KUBE_VERSION.test(l));
    // a variable set from the version (kube-prometheus-stack's `$defaultKubernetesVersion := regexFind ...
    // .Capabilities.KubeVersion.Version`) is read where the image's tag is written
    const vars = own.flatMap((l) => [...l.matchAll(ASSIGNED)].map((m) => m[1]!));
    own.push(...lines.filter((l) => !READS_KUBE_VERSION.test(l) && vars.some((v) => new RegExp(`\\${v}\\b`).test(l))));
    return [...own, ...[...helpers].filter(([h]) => text.includes(`"${h}"`)).map(([, body]) => body)];
  };
  const reads = (template: string) => readers(template).length > 0;
  const byRef = new Map<string, ImageSite>();
  for (const s of spelt) if (!byRef.has(s.ref) && reads(s.source.template)) byRef.set(s.ref, s);
  return [...byRef].map(([ref, site]) => {
    // a subchart's values sit under its name (or alias) in the parent's, the path its templates are rendered under; globals are shared
    const under = site.source.chart.split('/charts/').slice(1);
    const pins = pinningValues(readers(site.source.template)).map((p) => (p.startsWith('global.') ? p : [...under, p].join('.')));
    return {
      message: `${chart}: ${ref}: its tag follows the cluster's Kubernetes version (.Capabilities.KubeVersion), here the render's ${kv.Version}; the cluster pulls the tag of its own version`,
      next: pins.length
        ? `pass --kube-version with the cluster's version (images, values, bundle), or pin the tag: set ${pins.join(' or ')} in the values`
        : "pass --kube-version with the cluster's version (images, values, bundle), or set the image's tag in values",
    };
  });
}

/**
 * The helpers that read the cluster's version, themselves or through helpers they include, by name
 * (capsule-proxy's image helper includes the one that spells v<Major>.<Minor>): the outer ones
 * count too, as the template includes only them and they read the value that pins the tag.
 */
function versionReadingHelpers(defined: readonly [name: string, body: string][]): Map<string, string> {
  const out = new Map(defined.filter(([, body]) => READS_KUBE_VERSION.test(body)));
  // few helpers read the version: a pass per level of nesting adds those including one already found
  for (let grew = out.size > 0; grew;) {
    grew = false;
    for (const [name, body] of defined)
      if (!out.has(name) && [...out.keys()].some((h) => body.includes(`"${h}"`))) {
        out.set(name, body);
        grew = true;
      }
  }
  return out;
}

const ASSIGNED = /(\$[A-Za-z_]\w*)\s*:?=/g;
const VALUES_PATH = /\.Values((?:\.[A-Za-z_]\w*)+)/g;
/** A values key named for a tag or version: beside the version read, it is what pins the tag once set. */
const TAG_KEY = /(tag|version)$/i;

/**
 * The values paths, named for a tag or version, that the texts reading the cluster's version read
 * too (Lago's `{{ if .Values.global.kubectl.imageTag }}...{{ else }}{{ .Capabilities.KubeVersion }}`):
 * set, each pins the tag the cluster pulls.
 */
function pinningValues(readers: readonly string[]): string[] {
  const paths = readers.flatMap((t) => [...t.matchAll(VALUES_PATH)].map((m) => m[1]!.slice(1)));
  return [...new Set([...paths, ...readers.flatMap(mergedVariablePaths)].filter((p) => TAG_KEY.test(p)))];
}

// `$v := .Values.a` or `$v := mergeOverwrite $.Values.a $.Values.b` (Capsule's job image helper): the
// blocks a variable stands for, each of which a `$v.image.tag` read reaches
const MERGED = /(\$[A-Za-z_]\w*)\s*:?=\s*(?:(?:mustMergeOverwrite|mergeOverwrite|mustMerge|merge)\s+)?((?:\$?\.Values(?:\.[A-Za-z_]\w*)+\s*)+)/g;

/** The values paths a variable's field reads stand for, one per block the variable was assigned or merged from. */
function mergedVariablePaths(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(MERGED)) {
    const blocks = [...m[2]!.matchAll(VALUES_PATH)].map((b) => b[1]!.slice(1));
    const fields = [...text.matchAll(new RegExp(`\\${m[1]!}((?:\\.[A-Za-z_]\\w*)+)`, 'g'))].map((f) => f[1]!);
    for (const f of fields) for (const b of blocks) out.push(`${b}${f}`);
  }
  return out;
}
