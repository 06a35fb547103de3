// What discovery reports for each image occurrence; consumed by images, bundle (lock), values
// and postrender.

import type { PathSegment } from './field-path.js';

/**
 * Where a reference was met (`configmap` and `secret`: their data, decoded from base64 where it is
 * so). `values` is an image-shaped values block no render produced,
 * `extra` an image the user added, `other` a fully spelled reference in a field no rule names
 * (always doubtful), `builtin` nowhere: an operator the render runs (or whose resource it renders)
 * compiles it in (discover/operators/index.ts; the site's source is the operator's container or
 * the resource).
 */
export type SiteKind = 'pod-spec' | 'env' | 'arg' | 'configmap' | 'secret' | 'custom-resource' | 'annotation' | 'values' | 'extra' | 'other' | 'builtin';

export interface ImageSource {
  /** Chart (or subchart path, e.g. "kube-prometheus-stack/charts/grafana"). */
  chart: string;
  /** Template file, e.g. "cert-manager/templates/deployment.yaml". */
  template: string;
  kind: string;
  name: string;
  /** JSONPath-like field path inside the object, e.g. "spec.template.spec.containers[0].image". */
  fieldPath: string;
  /** The document's place among its template's documents (0-based): stable where names are random. */
  position?: number;
  /** The document's helm.sh/hook annotation (e.g. "test"), when it is a hook. */
  hook?: string;
}

/**
 * The same site in two renders of one chart: template, kind, the document's position in its
 * template and the field. Not the object's name: `randAlphaNum` names differ on every render.
 */
export function siteKey(s: ImageSource): string {
  return `${s.template}\0${s.kind}\0${s.position ?? s.name}\0${s.fieldPath}`;
}

/** Used only by `helm test` (a test hook): carried, but no reason to fail an install override. */
export function isTestHook(s: ImageSource): boolean {
  return (s.hook ?? '').split(',').some((h) => h.trim() === 'test' || h.trim() === 'test-success');
}

export interface ImageSite {
  /** Normalised reference: registry/repository[:tag][@digest]. */
  ref: string;
  /** The string exactly as it appeared in the rendered output. */
  raw: string;
  certainty: 'certain' | 'doubtful';
  site: SiteKind;
  source: ImageSource;
  /** Values paths (dotted, from the top chart) that control this image's registry/repository/tag/digest. */
  valuesPaths: string[];
  /** The same paths with the part of the reference each one sets (what `values` writes). */
  valuesParts?: ValuesPart[];
  /** For optional images: the values setting that makes the chart use it, e.g. "hotReload.enabled=true". */
  toggle?: string;
  /**
   * The chart refuses the toggle alone (its required/fail checks ask for more values, such as a
   * certificate or the other of two exclusive modes): the image was found with those checks passed.
   */
  toggleAsksMore?: boolean;
  /** What the chart's check says it wants with the toggle alone (its fail or required message). */
  toggleAsks?: string;
  /**
   * The custom resource field that switches this image's component off (`spec.dcgm.enabled`,
   * false in this render): the operator pulls it only once the flag is on, so it is optional.
   */
  switchedOff?: string;
  /**
   * A CRD's schema default that a program of the render serves (sites/served-crd-defaults.ts): every
   * resource applied later without `field` runs it. `by`: the workload whose role reads the CRD's
   * group; `setting`: the optional listing's wording it had.
   */
  served?: { by: string; field: string; setting?: string };
  /**
   * A CRD default naming no registry that the controller serving its kind puts this env var of its
   * container in front of (sites/controller-prefix.ts): the chart writes it from the site's registry
   * part, so values moves the image by that value, proven by the env var's value in the re-render.
   */
  prefixedBy?: { by: string; container: string; env: string };
  /**
   * The operator pulls this image with `-` and the node's OS appended to its tag (a rule of
   * discover/operators/index.ts): `images --node-os` lists the variants; values moves the
   * repository as the render names it.
   */
  nodeOsTag?: { operator: string; at: string };
  /**
   * A repository the operator tags itself per resource a user applies (OperatorEntry.taggedEnv):
   * `images` lists it as doubtful, `values` moves the repository as the render names it.
   */
  taggedByOperator?: { operator: string; at: string };
  /**
   * Placeholders the program fills before it pulls (`${DB_VERSION}`; discover/sites/runtime-placeholders.ts):
   * the reference as written is no tag a registry has, so the site is doubtful, the names said.
   */
  filledAtRunTime?: readonly string[];
  /** site `builtin`: the operator default it is, and where the operator's source says so. */
  builtin?: BuiltinProvenance;
  /** A resource's field the render leaves out, which a CRD's schema defaults to this image (discover/sites/crd-defaults.ts). */
  crdDefault?: CrdDefault;
  /** Found inside data: the decodings on the way to it, outermost first (base64, json, yaml, lines). */
  encodings?: readonly string[];
  /** Found inside structured data: the fields it was read from, for the post-renderer to rewrite them. */
  composition?: DataComposition;
}

/**
 * The fields of decoded data (a ConfigMap's YAML, JSON in a string, base64 of either) a reference
 * was read from, in the order the consumer joins them: name fields with `/` between them (a
 * `prefix` is a registry path set once above many images, so shared), then `:` tag or `@` digest;
 * or one field holding the whole reference (`image`).
 */
export interface DataComposition {
  /**
   * From the data string inwards: each level's text, base64-decoded first when `base64`, is read
   * as YAML or JSON; `at` leads to the next level's string (empty at the last level).
   */
  levels: readonly DataLevel[];
  /** Paths in the last level's document. */
  fields: readonly ComposedField[];
}

export interface DataLevel {
  base64: boolean;
  /** What the base64 holds is gzip-compressed (written back compressed). */
  gzip?: true;
  at: readonly PathSegment[];
}

export interface ComposedField {
  at: readonly PathSegment[];
  part: 'prefix' | 'name' | 'tag' | 'digest' | 'image';
  /** The field's value as read. */
  value: string;
}

export interface ValuesPart {
  path: string;
  /** registry, repository, tag, digest, or image (a whole reference in one value). */
  part: 'registry' | 'repository' | 'image' | 'tag' | 'digest';
  /** The value the chart had there (before any override). */
  value: string;
  /**
   * An entry of a free-form list the operator's container reads as its arguments (`manager.args`),
   * appended (or the entry that sets it, replaced): written as this flag, `=`, then the value.
   */
  flag?: string;
  /**
   * A field of an entry of a free-form list of named entries, appended (or the entry that sets it):
   * its `name` is written beside it as this. The `value` of an env var the operator's container
   * reads (`env: [{name, value}]`), or the `image` of a named container a resource takes from a
   * list of the chart's values (`containers: [{name: mongod, image}]`).
   */
  entryName?: string;
  /**
   * A registry value the chart also writes, whole, into this registry setting of a program, which
   * joins it to names the chart does not list (Airbyte's JOB_KUBE_CONNECTOR_IMAGE_REGISTRY): set, it
   * carries the target's whole prefix for the source registry (discover/values/registry-settings.ts).
   */
  setting?: string;
  /**
   * A host (maybe with a path) the template writes before this repository value as text, with no
   * registry value read (`docker.io/{{ .Values.image.repository }}`): every render starts with it,
   * so the value names only what follows (target-paths.ts). Read off the marker render.
   */
  literalHost?: string;
  /**
   * An empty registry value the template writes the name right after, with no `/` between
   * (`{{ .registry }}{{ .repository }}`, the probe's stand-in host glued to the name): set, it
   * must end with the separator itself (overrides/registry-hub.ts, target-paths.ts).
   */
  noSeparator?: true;
}

/** The CRD schema default a resource's image comes from: the CRD's name, its document and the default's path in it. */
export interface CrdDefault {
  crd: string;
  template: string;
  fieldPath: string;
}

/** Where a built-in default comes from (images --explain, the lock's site, values' route). */
/** Why an operator's version has no reading though the newest one's defaults stand in: it is past the releases read. */
export type UnreadVersion = 'moving tag' | 'placeholder version' | 'newer release';

export interface BuiltinProvenance {
  operator: string;
  /**
   * Read from the operator's own image (discover/evidence/): how the program holds it (a string
   * constant, an embedded file's field, a repository joined to its version, packed text settled by
   * the registry), what says so, and the digest its registry confirmed. `read` is then the
   * controller's image, `at` the program's path in it, `foundIn` both: `IMAGE:/path/in/image`.
   */
  evidence?: { foundIn: string; how: string; detail: string; digest: string };
  /** The operator's version (its image's tag); absent when only a resource was seen. */
  version?: string;
  /** The source read: REPOSITORY@TAG-or-COMMIT. */
  read: string;
  /**
   * The operator runs a version no reading covers, past them (a moving tag, a placeholder, a
   * release newer than read), and the newest releases read all pull this default: it is the newest
   * reading's (`read`, a version), listed as what the version run most likely pulls.
   */
  assumed?: { read: string; why: UnreadVersion };
  /** FILE:LINE in that source. */
  at: string;
  /** The setting that makes the operator pull another image instead, in words. */
  override?: string;
  /** What that setting holds when not the whole reference: the repository, the prefix before the last path component, a registry. */
  overrideTakes?: 'repository' | 'prefix' | 'digest' | 'registry';
  /** The operator container's env var or flag that overrides it (postrender sets it to the target). */
  overrideEnv?: string;
  overrideFlag?: string;
  /**
   * The field (dotted) of the resource that overrides it: of the site's own resource when the site
   * is one (postrender sets it there), else of the resources the operator reconciles.
   */
  overrideField?: string;
  /**
   * The field (dotted) of the operator's config file that overrides it: the site is that file's
   * place in its ConfigMap, and values sets the field through the chart's value that writes it.
   */
  overrideConfig?: string;
  /** The operator's settings ConfigMap and its data key that overrides it (values sets it through the chart's value that writes it). */
  overrideSetting?: { configMap: string; key: string };
  /** The env vars of the operator's container the reference is joined from (`{env:NAME}` parts): the values writing them write it. */
  envParts?: string[];
  /** Who pulls it when not the node's container runtime (the default's `pulledBy`): a mirror on the nodes does not reach it. */
  pulledBy?: string;
  /**
   * Needed in ordinary use of the operator's main resource, or optional: pulled only for an opt-in
   * feature or a second resource kind, `pulledWith` saying which (the catalog default's `need` and
   * `with`, discover/operators/need.ts). Evidence from a program alone is needed until a catalog
   * entry of the same repository says otherwise.
   */
  need?: 'needed' | 'optional';
  /** What pulls an optional one, in words (a resource kind and the field that turns it on, a setting), with where the source says so. */
  pulledWith?: string;
}
