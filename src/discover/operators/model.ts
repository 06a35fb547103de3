// The model of the operator catalog's entries (operators/catalog/*.yaml, whose schema,
// operators/catalog.schema.json, says the same): how an entry recognises an operator, the releases
// read, each default and what overrides it.

/** What overrides a default; absent: nothing does short of a resource of one's own. */
export interface DefaultOverride {
  /** An env var of the operator's container. */
  env?: string;
  /** A flag of the operator's container (`--name`, `-name`; `--name=V` or `--name V`). */
  flag?: string;
  /**
   * An env var of the operator's container that, set, names the image whole, beside the setting
   * above that the routes (values, postrender) set (KubeVirt's VIRT_API_IMAGE beside a KubeVirt's
   * spec.imageRegistry): the site table finds what it names.
   */
  alsoEnv?: string;
  /**
   * A field of the operator's config file (the entry's `configFile`; dotted path) that, set, names
   * the image (or, `takes`, its repository) instead: the site table finds the reference there.
   */
  config?: string;
  /**
   * A data key of the entry's `settings` ConfigMap that, set (not empty), names the image instead
   * (OpenELB's `openelb-images` proxy-image): the site table finds the reference there.
   */
  setting?: string;
  /**
   * A field of the resource (dotted path; `containers[name=grafana]` the list item named so) that,
   * set, names the image instead. For a default not pulled per resource: when every resource of
   * the entry's kinds in the render sets it (none rendered: the default stands).
   */
  field?: string;
  /**
   * What the env var, flag or field holds: the whole reference (default), the repository alone
   * (the tag is another setting's), the prefix before the image's last path component, a whole
   * reference the operator honours only when pinned by digest, or a registry (host and path) the
   * operator puts in place of the default's: set, it composes with the default rather than
   * naming another image (Sveltos' `--registry`), so the default is listed at that registry. A
   * field named `tag` or `version` holds no place to pull from: nothing sets it to a target.
   */
  takes?: 'repository' | 'prefix' | 'digest' | 'registry';
  /**
   * What the setting holds when it is a list in the program's own syntax rather than a reference
   * (act_runner's runner.labels, `LABEL:docker://IMAGE` each): said with the setting's name, so
   * the words never ask for a bare reference there.
   */
  holds?: string;
}

export interface BuiltinDefault {
  /**
   * The reference as the operator composes it: `{operatorTag}` is the tag of the operator's own
   * image; `{operatorPath}` its registry and path up to its last component (an operator that runs
   * its components beside its own image, so a rebuild's or a mirror's copy pulls its own); `{cr:PATH}` a field of the resource (`per` names its kind), the default applying once
   * per such resource in the render that sets the field; `{config:PATH}` a field of the operator's
   * config file (the entry's `configFile`), the default applying where the render's file sets it
   * (`{config:PATH|operatorTag}`: else the operator's own tag, as a field its defaults fill with
   * its build version); `{env:NAME}` the literal value of an env var of the operator's container
   * that holds a part of the reference, no image itself (MongoDB Community's MONGODB_REPO_URL and
   * MONGODB_IMAGE, joined to a resource's spec.version: discovery lists the composed reference
   * instead of the parts), `{env:NAME|WORD}` WORD where the container sets no such env var;
   * `{flag:--NAME|WORD}` likewise the last value the container gives a flag (Theia Cloud's
   * `--oAuth2ProxyVersion`, joined to a repository compiled in), WORD the flag's own default.
   */
  image: string;
  /**
   * A part of `image` (as written there: `-{env:MDB_IMAGE_TYPE|ubi8}`) the operator adds only while
   * env var `env` of its container holds one of `values` (MongoDB Community appends the image type
   * at its official repositories alone): anywhere else, a mirror, it pulls the reference without
   * it, so a copy made under the listed tag is not what it asks for there; a warning says so.
   */
  partWhile?: { part: string; env: string; values: readonly string[] };
  /** FILE:LINE in the operator's repository where the name is built or compiled in. */
  at: string;
  unless?: DefaultOverride;
  /** A resource kind (one of the entry's `resources`) whose each instance pulls this image. */
  per?: string;
  /**
   * A field of the `per` resource that turns the image on: a boolean set true, a section (a
   * mapping) the resource holds, which the operator reads as on whatever it contains (StarRocks'
   * starRocksFeProxySpec), or a list with entries. A resource without it pulls nothing of this
   * default. On a `kind` default: where no rendered resource of the kind sets it (none rendered:
   * the user applies them later), the image is optional, brought by a resource that does
   * (Temporal's UI). Written `config:PATH`, a field of the operator's config file (eraser's
   * components.collector.enabled); `setting:KEY=VALUE`, a key of the entry's `settings` ConfigMap
   * holding that value (Starboard's `vulnerabilityReports.scanner=Aqua`: the plugin it names is the one run).
   * A negative flag (`spec.drbd.disable`, toggles/off-flag.ts) turns it on unless it is true. Written
   * `flag:--NAME`, a flag of the operator's container, given at all (Theia Cloud's `--keycloak`,
   * which adds the oauth2-proxy sidecar to each session): without it nothing of this default is pulled.
   * `FIELD=WORD`: the field holds that word, case aside (the kind of agent a Contrast injector
   * names in spec.type picks the agent image).
   */
  when?: string;
  /**
   * The versions (a semver constraint) a field of the `per` resource must name for this default:
   * where the operator picks another repository by the version the resource asks for (Elastic's
   * Agent: beats/elastic-agent before 9.0.0, elastic-agent/elastic-agent from it). A resource
   * whose field is unset or no version pulls nothing of this default.
   */
  whenVersion?: { field: string; versions: string };
  /**
   * The `per` resource's metadata.name that picks this image, where one kind stands for many
   * components each named for what it installs (the Cluster API Operator's providers): a resource
   * of another name pulls nothing of this default.
   */
  named?: string;
  /**
   * Where `at` is when not in the entry's repository (OWNER/NAME@TAG on github.com): a component
   * the operator installs from that component's own release (a Cluster API provider's controller).
   */
  source?: string;
  /**
   * A default not pulled per rendered resource, for resources of this kind alone (one of the
   * entry's `resources`; Intel's webhook fills each device kind's image apart): listed unless every
   * rendered resource of this kind sets `unless.field`; without it, every resource of the entry's.
   */
  kind?: string;
  /**
   * A field of the resource (dotted; `[*]` every item of a list, `[name=X]` the item named so)
   * that, set (a list: not empty), gives the container the operator would otherwise add with this
   * default image (Altinity's `spec.templates.podTemplates[*].spec.containers`: the server
   * container is added only to a pod template with none): like `unless.field`, the default is not
   * pulled where every rendered resource (of `kind`) sets it. Not an override: nothing is set
   * there for the default's sake (postrender leaves it), since the container it names is its own.
   */
  givenBy?: string;
  /**
   * A block of the `per` resource the site table reads as a whole reference ({registry,
   * repository, tag}) that the operator joins with other fields instead (HwameiStor's DRBD shipper,
   * its tag after the DRBD version): not what the operator pulls, so no site; the default composed
   * of it is listed instead.
   */
  joinsBlock?: string;
  /**
   * Who pulls the image when not the node's container runtime (a CI runner's job images: the Docker
   * daemon it runs jobs on, inside its pod for a dind build): a registry mirror on the nodes does
   * not reach it, so the words name that puller instead.
   */
  pulledBy?: string;
  /**
   * The name (its end: the release's prefix aside) of a ValidatingAdmissionPolicy the operator's
   * chart renders that rejects every resource relying on this default (OpenBao's
   * validate-openbaocluster requires spec.initContainer.image): while the render holds it, the
   * default is optional, pulled once the chart's policy is switched off.
   */
  deniedBy?: string;
  /**
   * What a user does that makes the operator pull it (opening a kubectl shell in its UI, writing a
   * response rule that runs an action): nothing pulls it at install, so `images` does not list it
   * as needed but names it, composed, in a warning, for users who do that in the isolated network.
   */
  onAction?: string;
  /**
   * Whether the operator pulls it in ordinary use of its main resource (`needed`, the default) or
   * only for an opt-in feature or a second resource kind (`optional`: the OpenTelemetry operator's
   * auto-instrumentation images, pulled for an Instrumentation; CloudNativePG's PgBouncer, for a
   * Pooler). An optional default is listed as optional, named with what pulls it (`with`), until
   * the render holds a resource that does.
   */
  need?: 'needed' | 'optional';
  /** What pulls an optional default, any one of them (need: optional). */
  with?: readonly PulledWith[];
}

/**
 * What makes the operator pull an optional default: a resource of `kind` (one of the entry's
 * `resources`), where `field` is given only one that turns that field on (a boolean set true, a
 * section, a list with entries); or `setting`, words for a setting no render shows (a pod's
 * annotation, a flag of another program): the default then stays optional whatever is rendered.
 * `at`: FILE:LINE in the operator's source where it is pulled so.
 */
export interface PulledWith {
  kind?: string;
  field?: string;
  setting?: string;
  at: string;
}

export interface OperatorRelease {
  /**
   * The operator versions (a semver constraint, Masterminds' grammar) these defaults hold for:
   * one release, or a range of consecutive releases whose defaults read identically at every
   * tag inside it (`>=5.19.0 <=5.20.0`), never reaching past the newest release read.
   */
  versions: string;
  /** The source read: a tag or commit of `repository`; for a range, its newest release (where each default's `at` is). */
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

/** An env var of the operator's that switches plugins on or off (OperatorEntry.pluginGates). */
export interface PluginGate {
  env: string;
  on: boolean;
  /** A pattern of the ConfigMap data keys that give the images of the plugins it switches. */
  keys: string;
  /** FILE:LINE where the operator's source tests it. */
  at: string;
}

export interface OperatorEntry {
  operator: string;
  /** The operator's source repository (github.com/OWNER/NAME). */
  repository: string;
  /**
   * Repositories of the operator's controller image (normalised, no tag): a pod spec running one
   * is the operator. A rebuild of the operator's own source (Bitnami's, its tag the version and
   * the distribution it was built on) is the operator too.
   */
  images: readonly string[];
  /**
   * Where one repository holds several components, each tagged COMPONENT-VERSION (YuniKorn's
   * `scheduler-1.8.0` beside `admission-1.8.0`): a pattern of the operator's tags whose first group
   * is its version. A tag it does not match is another component's, not the operator.
   */
  tagVersion?: string;
  /**
   * The data key of a ConfigMap the operator reads as its config file (YAML or JSON), overlaid on
   * its compiled-in defaults (eraser's controller_manager_config.yaml): where the render holds such
   * a ConfigMap, its `{config:...}` fields complete the defaults and `unless.config` overrides them.
   */
  configFile?: string;
  /**
   * The name of a ConfigMap whose data keys are the operator's settings, one key a setting
   * (Starboard's `starboard`: `vulnerabilityReports.scanner`): what a default's `when:
   * setting:KEY=VALUE` reads.
   */
  settings?: string;
  /**
   * Env vars of the operator's container that switch a scanner or plugin on or off: off, the
   * operator never starts the plugins whose images the chart gives in ConfigMap data keys matching
   * `keys` (Starboard's OPERATOR_CONFIG_AUDIT_SCANNER_ENABLED over polaris.imageRef), so those
   * images are optional, brought by whatever turns the env var on. `on`: the operator's value
   * when the env var is unset. Read as Go's strconv.ParseBool reads it.
   */
  pluginGates?: readonly PluginGate[];
  /** Custom resources it reconciles (apiVersion group and kind). */
  resources?: readonly { group: string; kind: string }[];
  releases: readonly OperatorRelease[];
  /**
   * Defaults the operator composes from a resource alone (a `{cr:...}` field, or a field whose word
   * picks the image, `when: FIELD=WORD`, and a repository
   * fixed in every release listed): applied to a resource even when the operator is not in the
   * render and its version is unknown.
   */
  fromResource?: readonly BuiltinDefault[];
  nodeOsTags?: readonly NodeOsTag[];
  /**
   * Env vars of the operator's container that hold a repository the operator tags itself, per
   * resource a user applies later (SUSE Edge's upgrade-controller: RELEASE_MANIFEST_IMAGE, tagged
   * with each UpgradePlan's release version): the reference the render spells (`:latest` when
   * untagged) is not what it pulls. `images` lists it as doubtful; `values` still moves the
   * repository, where the operator then pulls each tag. `at`: where the source tags it.
   */
  taggedEnv?: readonly { env: string; at: string }[];
  /**
   * What else the operator pulls that no default here lists (images it picks per resource by rules
   * this model does not hold), with where the source says so: a warning names it whenever the
   * render runs the operator, so the list never reads as complete when it is not.
   */
  uncovered?: {
    images: string;
    at: string;
    /**
     * The images are the defaults `fromResource` composes from a resource: warned of only while the
     * render holds a resource of the entry's none of them reads (or none at all: one the user
     * applies later), else listed from it.
     */
    forLater?: boolean;
  };
}
