// The model of the operator defaults table (operator-defaults.ts): how an entry recognises an
// operator, the releases read, each default and what overrides it.

/** What overrides a default; absent: nothing does short of a resource of one's own. */
export interface DefaultOverride {
  /** An env var of the operator's container. */
  env?: string;
  /** A flag of the operator's container (`--name`, `-name`; `--name=V` or `--name V`). */
  flag?: string;
  /** A field of the resource (dotted path) that, set, names the image instead. */
  field?: string;
  /**
   * What the env var, flag or field holds: the whole reference (default), the repository alone
   * (the tag is another setting's), the prefix before the image's last path component, or a whole
   * reference the operator honours only when pinned by digest. A field named `tag` or `version`
   * holds no place to pull from: nothing sets it to a target.
   */
  takes?: 'repository' | 'prefix' | 'digest';
}

export interface BuiltinDefault {
  /**
   * The reference as the operator composes it: `{operatorTag}` is the tag of the operator's own
   * image; `{cr:PATH}` a field of the resource (`per` names its kind), the default applying once
   * per such resource in the render that sets the field.
   */
  image: string;
  /** FILE:LINE in the operator's repository where the name is built or compiled in. */
  at: string;
  unless?: DefaultOverride;
  /** A resource kind (one of the entry's `resources`) whose each instance pulls this image. */
  per?: string;
  /** A boolean field of the `per` resource: only a resource that sets it true makes the operator pull the image. */
  when?: string;
}

export interface OperatorRelease {
  /** The operator versions (a semver constraint, Masterminds' grammar) these defaults hold for. */
  versions: string;
  /** The source read: a tag or commit of `repository`. */
  read: string;
  defaults: readonly BuiltinDefault[];
}

/**
 * A resource field whose image the operator pulls with a tag it completes from the node it runs
 * on (`-` + the node's OS ID and version, `595.91.07-ubuntu24.04`): the render's tag is no tag
 * the registry has. The site table finds the field; `images --node-os OS` lists the variants.
 */
export interface NodeOsTag {
  kind: string;
  /** The field path of the site discovery finds there (as --explain prints it). */
  field: string;
  at: string;
  /** A field of the resource that, true, makes the operator build another tag (not this rule's). */
  unless?: string;
}

export interface OperatorEntry {
  operator: string;
  /** The operator's source repository (github.com/OWNER/NAME). */
  repository: string;
  /** Repositories of the operator's controller image (normalised, no tag): a pod spec running one is the operator. */
  images: readonly string[];
  /** Custom resources it reconciles (apiVersion group and kind). */
  resources?: readonly { group: string; kind: string }[];
  releases: readonly OperatorRelease[];
  /**
   * Defaults the operator composes from a resource alone (a `{cr:...}` field and a repository
   * fixed in every release listed): applied to a resource even when the operator is not in the
   * render and its version is unknown.
   */
  fromResource?: readonly BuiltinDefault[];
  nodeOsTags?: readonly NodeOsTag[];
}
