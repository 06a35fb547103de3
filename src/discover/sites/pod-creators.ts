// Programs of a render that may start pods of their own (operators, controllers, CI runners): the
// ServiceAccount a Deployment, StatefulSet or DaemonSet runs as is bound to a Role or ClusterRole
// that may create pods, Jobs or workloads. What such a program starts is listed only where the
// chart tells it the images (env vars, flags, a ConfigMap or Secret it mounts, custom resources)
// or the operator defaults table has read its source; for any other, `images` cannot say what it
// pulls, and says so rather than let a short list read as complete.
import type { RenderedDoc } from '../../helm/engine/render-types.js';
import { sharedDocumentObject } from '../../helm/release/manifests.js';
import { isRecord } from '../../util/is-record.js';
import type { ImageSite } from '../image-site.js';
import { runsSightedOperator, type OperatorSightings } from '../operators/sightings.js';
import type { OperatorWarning } from '../operators/builtin-images.js';
import { podInjectors } from './pod-injectors.js';

/** What a rule must allow to create, by API group: pods, or what makes pods. */
const MAKES_PODS: Record<string, readonly string[]> = {
  '': ['pods'],
  apps: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'],
  batch: ['jobs', 'cronjobs'],
};
/** Kubernetes' own ClusterRoles that may create pods (a binding to one names no rule in the render). */
const BUILTIN_ROLES = new Set(['cluster-admin', 'admin', 'edit']);
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
/**
 * Run-once programs may create pods too: KubeFlex's post-install Job runs `helm upgrade --install`
 * of a PostgreSQL chart from a registry, its ServiceAccount allowed to create StatefulSets.
 */
const RUN_ONCE = new Set(['Job', 'CronJob']);
/** Sites through which a chart tells a program the images it starts. */
const TOLD = new Set(['env', 'arg', 'configmap', 'secret', 'custom-resource', 'builtin']);

export interface PodCreator {
  /** The chart (or subchart path) whose template it is. */
  chart: string;
  template: string;
  kind: string;
  name: string;
  serviceAccount: string;
  /** The role that lets it create pods (`ClusterRole x`), and what it may create. */
  role: string;
  creates: string[];
  images: string[];
  /** Charts its containers name by registry address (`helm upgrade --install x oci://...`). */
  installs: string[];
  /** The ConfigMaps and Secrets its pod reads (`ConfigMap/x`): volumes, envFrom, env references. */
  reads: string[];
  /** Every container only removes (`helm uninstall`, `kubectl delete`): a teardown, starting nothing. */
  removes: boolean;
}

/** The tools whose first word names what they do, and the words that remove (Helm's uninstall and its aliases, kubectl's delete). */
const REMOVING = /^(uninstall|delete|del|un)$/;
const TOOL = /(^|\/)(helm|kubectl)$/;

/**
 * The container runs only a removal: its args under an image whose entrypoint is the tool (KubeFlex's
 * pre-delete Job: `args: [uninstall, postgres]` on a helm image), its command naming the tool, or a
 * shell script every helm or kubectl call of which removes. A container that runs anything else, or
 * nothing this can read, may start pods.
 */
function onlyRemoves(c: Record<string, unknown>, image: string): boolean {
  const command = strings(c.command);
  const args = strings(c.args);
  const words = [...command, ...args];
  const shell = command.length > 0 && /(^|\/)(ba)?sh$/.test(command[0]!);
  if (shell) {
    const script = words
      .slice(1)
      .filter((w) => w !== '-c' && w !== '-ec' && w !== '-e')
      .join('\n');
    const calls = [...script.matchAll(/\b(helm|kubectl)\s+(?:--?[\w-]+(?:[= ]\S+)?\s+)*([a-z]+)/g)];
    const lines = script
      .split(/\n|&&|;/)
      .map((l) => l.trim())
      .filter(Boolean);
    return calls.length > 0 && calls.length === lines.length && calls.every((m) => REMOVING.test(m[2]!));
  }
  const tool = command.length > 0 ? TOOL.test(command[0]!) : TOOL.test(image.replace(/[:@].*$/, ''));
  const verb = (command.length > 0 ? words.slice(1) : args).find((w) => !w.startsWith('-'));
  return tool && verb !== undefined && REMOVING.test(verb);
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** What of MAKES_PODS the rules allow to create (empty: nothing). */
export function podMaking(rules: unknown): string[] {
  const out = new Set<string>();
  for (const r of Array.isArray(rules) ? rules : []) {
    if (!isRecord(r)) continue;
    const verbs = strings(r.verbs);
    if (!verbs.includes('create') && !verbs.includes('*')) continue;
    const groups = strings(r.apiGroups);
    const resources = strings(r.resources);
    for (const [group, kinds] of Object.entries(MAKES_PODS))
      if (groups.includes(group) || groups.includes('*')) for (const k of kinds) if (resources.includes(k) || resources.includes('*')) out.add(k);
  }
  return [...out];
}

/** The workloads of a render whose ServiceAccount a role of the render (or a built-in one) lets create pods. */
export function podCreators(docs: readonly RenderedDoc[]): PodCreator[] {
  // asked of the plain render twice (the slots' probe, then the warning): its documents walked once
  let found = CREATORS.get(docs);
  if (!found) CREATORS.set(docs, (found = grantedWorkloads(docs, podMaking, ['pods'], CREATOR_KINDS)));
  return found;
}

const CREATORS = new WeakMap<readonly RenderedDoc[], PodCreator[]>();
const CREATOR_KINDS: ReadonlySet<string> = new Set([...WORKLOADS, ...RUN_ONCE]);

/** The ConfigMaps and Secrets a pod spec names: as volumes (projected too), envFrom and env references. */
function podReads(spec: Record<string, unknown>): string[] {
  const out = new Set<string>();
  const add = (kind: string, name: unknown) => typeof name === 'string' && out.add(`${kind}/${name}`);
  const volume = (v: unknown) => {
    if (!isRecord(v)) return;
    if (isRecord(v.configMap)) add('ConfigMap', v.configMap.name);
    if (isRecord(v.secret)) add('Secret', v.secret.secretName ?? v.secret.name);
    if (isRecord(v.projected) && Array.isArray(v.projected.sources)) v.projected.sources.forEach(volume);
  };
  (Array.isArray(spec.volumes) ? spec.volumes : []).forEach(volume);
  for (const c of [...(Array.isArray(spec.containers) ? spec.containers : []), ...(Array.isArray(spec.initContainers) ? spec.initContainers : [])]) {
    if (!isRecord(c)) continue;
    for (const f of Array.isArray(c.envFrom) ? c.envFrom : [])
      if (isRecord(f)) (isRecord(f.configMapRef) && add('ConfigMap', f.configMapRef.name)) || (isRecord(f.secretRef) && add('Secret', f.secretRef.name));
    for (const e of Array.isArray(c.env) ? c.env : [])
      if (isRecord(e) && isRecord(e.valueFrom))
        (isRecord(e.valueFrom.configMapKeyRef) && add('ConfigMap', e.valueFrom.configMapKeyRef.name)) ||
          (isRecord(e.valueFrom.secretKeyRef) && add('Secret', e.valueFrom.secretKeyRef.name));
  }
  return [...out];
}

/** A workload's pod spec: a CronJob's is one level further down, in its jobTemplate. */
function podSpecOf(o: Record<string, unknown>): Record<string, unknown> | undefined {
  const spec = isRecord(o.spec) ? o.spec : undefined;
  const holder = o.kind === 'CronJob' && spec && isRecord(spec.jobTemplate) && isRecord(spec.jobTemplate.spec) ? spec.jobTemplate.spec : spec;
  return holder && isRecord(holder.template) && isRecord(holder.template.spec) ? holder.template.spec : undefined;
}

// A role's rules read once: every toggled render of the optional search has the same roles
// (cert-manager's fifteen ClusterRoles), as the same parsed objects (a document is read, never changed).
const GRANTS = new WeakMap<(rules: unknown) => string[], WeakMap<object, string[]>>();

function grantsOf(grants: (rules: unknown) => string[], role: Record<string, unknown>): string[] {
  let byRole = GRANTS.get(grants);
  if (!byRole) GRANTS.set(grants, (byRole = new WeakMap()));
  let made = byRole.get(role);
  if (!made) byRole.set(role, (made = grants(role.rules)));
  return made;
}

/**
 * The workloads of a render whose ServiceAccount a role of the render grants something `grants`
 * reads from its rules (what it names: empty for nothing); `builtin`, what Kubernetes' own
 * cluster-admin, admin and edit grant, for a binding to one of them.
 */
export function grantedWorkloads(
  docs: readonly RenderedDoc[],
  grants: (rules: unknown) => string[],
  builtin: string[],
  kinds: ReadonlySet<string> = WORKLOADS,
): PodCreator[] {
  const objects = docs.map((d) => ({ d, o: sharedDocumentObject(d) }));
  const roles = new Map<string, string[]>();
  for (const { o } of objects)
    if (isRecord(o) && (o.kind === 'Role' || o.kind === 'ClusterRole') && isRecord(o.metadata)) {
      const made = grantsOf(grants, o);
      if (made.length > 0) roles.set(`${o.kind} ${String(o.metadata.name)}`, made);
    }
  const byAccount = new Map<string, { role: string; creates: string[] }>();
  for (const { o } of objects) {
    if (!isRecord(o) || (o.kind !== 'RoleBinding' && o.kind !== 'ClusterRoleBinding') || !isRecord(o.roleRef)) continue;
    const role = `${String(o.roleRef.kind)} ${String(o.roleRef.name)}`;
    const creates = roles.get(role) ?? (o.roleRef.kind === 'ClusterRole' && BUILTIN_ROLES.has(String(o.roleRef.name)) ? builtin : undefined);
    if (!creates) continue;
    // an account bound to several roles may do what any of them grants (Vineyard's manager: a
    // scheduler plugin's role first, the one that reads its CRDs' group after)
    for (const s of Array.isArray(o.subjects) ? o.subjects : []) {
      if (!isRecord(s) || s.kind !== 'ServiceAccount' || typeof s.name !== 'string') continue;
      const had = byAccount.get(s.name);
      if (!had) byAccount.set(s.name, { role, creates });
      else if (!had.role.split(', ').includes(role))
        byAccount.set(s.name, { role: `${had.role}, ${role}`, creates: [...new Set([...had.creates, ...creates])] });
    }
  }
  if (byAccount.size === 0) return [];
  const out: PodCreator[] = [];
  for (const { d, o } of objects) {
    if (!isRecord(o) || typeof o.kind !== 'string' || !kinds.has(o.kind) || !isRecord(o.metadata)) continue;
    const spec = podSpecOf(o);
    if (!spec) continue;
    const account =
      typeof spec.serviceAccountName === 'string' ? spec.serviceAccountName : typeof spec.serviceAccount === 'string' ? spec.serviceAccount : 'default';
    const grant = byAccount.get(account);
    if (!grant) continue;
    const images = (Array.isArray(spec.containers) ? spec.containers : []).flatMap((c) => (isRecord(c) && typeof c.image === 'string' ? [c.image] : []));
    const installs = (Array.isArray(spec.containers) ? spec.containers : []).flatMap((c) =>
      isRecord(c) ? [...strings(c.command), ...strings(c.args)].filter((a) => a.startsWith('oci://')) : [],
    );
    out.push({
      chart: d.chart,
      template: d.template,
      kind: o.kind,
      name: String(o.metadata.name),
      serviceAccount: account,
      ...grant,
      images,
      installs,
      reads: podReads(spec),
      removes: (Array.isArray(spec.containers) ? spec.containers : []).every((c) => isRecord(c) && onlyRemoves(c, typeof c.image === 'string' ? c.image : '')),
    });
  }
  return out;
}

/**
 * A setting of a pod creator's chart that holds an image only once a value is set (MatrixOne's
 * `bucketCleanJob.image` in its operator's ConfigMap, Envoy Gateway's empty envoyProxy image):
 * left unset, the program starts a default of its own for it.
 */
export interface CreatorSlot {
  /** The chart whose program reads the setting. */
  chart: string;
  /** The values path, and where the chart writes it once set (`ConfigMap/x data.y > image`). */
  path: string;
  where: string;
}

/** A CRD schema default of the chart's own CRDs, pulled per resource that leaves its field unset (sites/crd-defaults.ts' isSchemaDefault). */
const crdDefaultOf = (s: ImageSite, chart: string): boolean =>
  s.switchedOff !== undefined && s.source.kind === 'CustomResourceDefinition' && s.source.chart === chart && s.certainty === 'certain';

/**
 * The pod creators of a render that nothing here speaks for: the table has read no operator of the
 * render (its defaults, or a warning, then say what is known), and the render tells no program of
 * the creator's chart an image (an env var, a flag, a ConfigMap or Secret, a custom resource): a
 * chart that does is one whose programs are given their images, and a warning would be noise.
 * Unless the chart writes an image value into its programs' settings only once set (`slots`): that
 * slot the program fills by a default of its own, told images or not.
 */
export function unreadPodCreators(
  docs: readonly RenderedDoc[],
  sites: readonly ImageSite[],
  operators: OperatorSightings,
  slots: readonly CreatorSlot[] = [],
): OperatorWarning[] {
  // an operator the table has read speaks for itself, not for the other programs beside it
  // (cert-manager as a subchart of Symphony, whose API server also creates pods), nor does a
  // resource of one the render does not run (Spin's self-signed cert-manager Issuer)
  const read = new Set([...operators.byEntry.values()].flatMap((e) => e.operators.map((o) => `${o.source.template}\0${o.source.kind}/${o.source.name}`)));
  const all = podCreators(docs);
  // a Job that runs as the ServiceAccount of a long-running program (Airflow's migrations, as its
  // scheduler) has the grant for that program's sake: the program is the one judged
  const serving = new Set(all.filter((c) => !RUN_ONCE.has(c.kind)).map((c) => `${c.chart}\0${c.serviceAccount}`));
  // a run-once Job that only removes (a pre-delete hook's `helm uninstall`) starts nothing, whatever its grant
  // nor does another workload running a program it has read, at a version sighted (sightings keep
  // one workload per tag: Celeborn's worker beside its master)
  const sighted = (c: PodCreator) => read.size > 0 && c.images.some((image) => runsSightedOperator(operators, image));
  const creators = all.filter(
    (c) =>
      !read.has(`${c.template}\0${c.kind}/${c.name}`) &&
      !sighted(c) &&
      !(RUN_ONCE.has(c.kind) && (c.removes || serving.has(`${c.chart}\0${c.serviceAccount}`))),
  );
  const told = toldCharts(sites);
  const injectors = unreadInjectors(docs, sites, told, read);
  if (creators.length === 0) return injectors;
  // a run-once Job is told an image only in its own spec or a ConfigMap or Secret it reads (Kata's
  // dispatcher, its per-node Job templates): what the chart tells its operator (a custom resource, a
  // Secret of hook templates the Job never reads) is not what the Job's program installs
  const toldItself = (c: PodCreator) =>
    sites.some((s) => tellsProgram(s) && ((s.source.kind === c.kind && s.source.name === c.name) || c.reads.includes(`${s.source.kind}/${s.source.name}`)));
  const warned = creators.flatMap((c) => {
    const grant = `its ServiceAccount ${c.serviceAccount} is bound to ${c.role}, which may create ${c.creates.join(', ')}`;
    const running = `${c.kind} ${c.name} (${c.template}, running ${c.images.join(', ')})`;
    const runOnce = RUN_ONCE.has(c.kind);
    if (runOnce && c.installs.length > 0 && !toldItself(c))
      return [
        {
          creator: `${c.kind}/${c.name}`,
          message: `${running} installs ${c.installs.join(', ')} (${grant}): the images of that chart are not listed`,
          next: `list them with \`helm airgap images\` on that chart at the version the Job installs, and carry them (\`helm airgap bundle --image REF\`)`,
        },
      ];
    // the image defaults of the CRDs it serves (sites/served-crd-defaults.ts) are listed for it as run-time
    // images: the render does name those, so the warning says only what is still unknown
    const serves = runOnce ? [] : [...new Set(sites.filter((s) => s.served?.by === `${c.kind}/${c.name}`).map((s) => s.ref))];
    // a default of its chart's CRDs that a resource may leave unset (inside an object with no
    // default: restic-backup-operator's spec.restic.image) is listed as optional, per resource: the
    // render names that image for the chart's program too
    const perResource = runOnce || serves.length > 0 ? [] : [...new Set(sites.filter((s) => crdDefaultOf(s, c.chart)).map((s) => s.ref))];
    if (runOnce ? !toldItself(c) : !told.has(c.chart))
      return [
        {
          creator: `${c.kind}/${c.name}`,
          message:
            serves.length > 0
              ? `${running} may start pods of its own (${grant}); the render names for it only the image defaults of the CRDs it serves (${serves.join(', ')}, listed as run-time images): images it starts by other defaults of its own are not listed`
              : perResource.length > 0
                ? `${running} may start pods of its own (${grant}); the render names for it only the image defaults of its chart's CRDs (${perResource.join(', ')}, listed as optional: pulled for each resource a user applies that leaves the field unset): images it starts by other defaults of its own are not listed`
                : `${running} may start pods of its own (${grant}), and the render names no image for ${runOnce ? 'it to start' : 'any program of its chart'}: images it starts by defaults of its own are not listed`,
          next: `check what ${programs(c)} (its documentation or source) and carry those images: \`helm airgap bundle --image REF\` (repeatable)`,
        },
      ];
    const own = slots.filter((s) => s.chart === c.chart);
    if (own.length === 0) return [];
    // the render cannot tell a slot the program fills from an opt-in part it leaves off unset (WEKA's
    // operator runs its OpenTelemetry installer only when told one): said as may
    const paths = [...new Set(own.map((s) => s.path))];
    return [
      {
        creator: `${c.kind}/${c.name}`,
        message: `${running} may start pods of its own (${grant}); its chart writes ${own.map((s) => `${s.path} into ${s.where}`).join(', ')} only once set: left unset, the program may start a default of its own there (or leave that part off), and no such image is listed`,
        next: `set ${paths.join(', ')} to the image to start (the program's default: its documentation or source) and carry it (\`helm airgap bundle --image REF\`), or carry the default itself`,
      },
    ];
  });
  return [...warned, ...injectors.filter((w) => !warned.some((x) => x.creator === w.creator))];
}

/**
 * The pod injectors (sites/pod-injectors.ts) no table entry read, whose chart tells its programs no image
 * and that read no ConfigMap or Secret naming one: Istio's injector subchart reads the template its
 * parent chart writes into a ConfigMap, the proxy image in it.
 */
function unreadInjectors(docs: readonly RenderedDoc[], sites: readonly ImageSite[], told: ReadonlySet<string>, read: ReadonlySet<string>): OperatorWarning[] {
  return podInjectors(docs)
    .filter((i) => !told.has(i.chart) && !read.has(`${i.template}\0${i.kind}/${i.name}`))
    .filter((i) => {
      const reads = podReads(i.podSpec);
      return !sites.some((s) => tellsProgram(s) && reads.includes(`${s.source.kind}/${s.source.name}`));
    })
    .map((i) => ({
      creator: `${i.kind}/${i.name}`,
      message: `${i.kind} ${i.name} (${i.template}, running ${i.images.join(', ')}) serves MutatingWebhookConfiguration ${i.webhook}, which injects into pods as they are created, and the render names no image for any program of its chart: images it adds by defaults of its own are not listed`,
      next: `check what ${i.images.join(' or ') || i.name} adds to pods (its documentation or source) and carry those images: \`helm airgap bundle --image REF\` (repeatable)`,
    }));
}

/**
 * Who to ask what it starts: the pod's one image, or each of its containers' where it runs several,
 * since which of them creates the pods (kubetorch's controller behind an nginx proxy listed first)
 * the render does not say.
 */
function programs(c: PodCreator): string {
  if (c.images.length > 1) return `each container of ${c.kind} ${c.name} (${c.images.join(', ')}) starts`;
  return `${c.images[0] ?? c.name} starts`;
}

/**
 * The charts whose programs the render tells an image. A CRD's schema default tells the API server
 * what a resource left without the field gets, not the program what it starts: SeaweedFS' operator
 * defaults its server so and compiles in its CSI sidecars.
 */
export function toldCharts(sites: readonly ImageSite[]): Set<string> {
  return new Set(sites.filter(tells).map((s) => s.source.chart));
}

/** A site where the chart tells a program of its own an image: not a CRD's schema default. */
const tells = (s: ImageSite): boolean => (TOLD.has(s.site) || s.source.kind === 'PodTemplate') && s.source.kind !== 'CustomResourceDefinition';

/**
 * Whether a site is where a chart tells one of its programs an image (for a probe's sites). A
 * PodTemplate is one: nothing runs it but a program that reads it (Onyx's sandbox pods).
 */
export function tellsProgram(s: ImageSite): boolean {
  return tells(s) && s.site !== 'builtin';
}
