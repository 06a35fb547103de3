// The operator defaults table (operators/index.ts) run over one render: which operators run in
// it (a pod-spec image discovery found whose repository is an operator's), which resources they
// reconcile are in it, and so which images the operators will pull by their compiled-in defaults.
// An operator whose version no entry was read for gets a warning, and images only where the
// readings held still and the version is past them (standInFor), marked so.

import type { RenderedDoc } from '../../helm/engine/render-types.js';
import {
  composedAt,
  composes,
  composingIn,
  fieldKnob,
  flagValues,
  isSet,
  knob,
  overridden,
  overrideWords,
  resourceField,
  setByEvery,
} from './default-overrides.js';
import { formatPath } from '../field-path.js';
import type { BuiltinProvenance, ImageSite, ImageSource } from '../image-site.js';
import { toImageRef } from '../image-ref.js';
import { knownReleases, movingTag, newestPulls, releaseFor, standInFor } from './releases.js';
import { OPERATOR_DEFAULTS } from './catalog.js';
import type { BuiltinDefault, OperatorEntry } from './model.js';
import { isRecord } from '../../util/is-record.js';
import { stripMarkers } from '../values/value-markers.js';
import {
  sightOperators,
  mergeSighted,
  type ConfigSighting,
  type OperatorSighting,
  type OperatorSightings,
  type ResourceSighting,
  type Sighted,
} from './sightings.js';
import { matchesConstraint, parseConstraint } from '../../sprig/semver-constraint.js';
import { parseVersion } from '../../sprig/semver.js';
import { CONFIG, FLAG, offUntil, settingHolds, turnsOn } from '../toggles/operator-default.js';
import { optionalUntil } from './need.js';

/** Something the table knows the render leaves out: an operator of an unread version, or a resource whose operator is not in the render. */
export interface OperatorWarning {
  /** The operator it is about (absent: the chart's own values schema, `schemaRefs`). */
  operator?: string;
  version?: string;
  /** A CRD's tagless image default (sites/crd-defaults.ts), not the table's: said per chart in a run of several. */
  crd?: string;
  /** The addresses the chart's values.schema.json refers to, which Helm downloads to check values: said per chart too. */
  schemaRefs?: string[];
  /** A workload that may start pods, whose images nothing names (sites/pod-creators.ts): said per chart too. */
  creator?: string;
  /** An image only a user's action pulls (onAction): no setting moves it, so `values` leaves it to images and bundle. */
  onAction?: true;
  message: string;
  next: string;
}

export interface BuiltinImages {
  sites: ImageSite[];
  warnings: OperatorWarning[];
}

/** A warning of the chart itself (a CRD's default, its values schema), not of the table: kept per chart when the table is applied across a run. */
export const chartOwnWarning = (w: OperatorWarning): boolean => w.crd !== undefined || w.schemaRefs !== undefined || w.creator !== undefined;

const NEXT =
  'mirror the images this operator pulls by default by hand: `helm airgap bundle --image REF` (repeatable) or the `images:` list of an airgap.yaml spec carries them';

/** The built-in defaults of every operator the render runs or whose resources it renders. */
export function builtinImages(docs: readonly RenderedDoc[], found: readonly ImageSite[], table: readonly OperatorEntry[] = OPERATOR_DEFAULTS): BuiltinImages {
  return applyOperatorDefaults([sightOperators(docs, found, table)], table);
}

/**
 * The table over the renders of one run together: an operator one chart deploys reconciles the
 * resources another renders (an operator chart and a cluster chart installed side by side).
 */
export function applyOperatorDefaults(renders: readonly OperatorSightings[], table: readonly OperatorEntry[] = OPERATOR_DEFAULTS): BuiltinImages {
  const out: BuiltinImages = { sites: [], warnings: [] };
  table.forEach((entry, i) => {
    const seen = renders.flatMap((r) => r.byEntry.get(i) ?? []);
    if (seen.length === 0) return;
    const operators = seen.flatMap((x) => x.operators).filter((o, n, all) => all.findIndex((p) => p.tag === o.tag) === n);
    applyEntry(entry, operators, mergeSighted(seen), out, new Set(renders.flatMap((r) => [...(r.named ?? [])])));
  });
  return { sites: dedupe(out.sites), warnings: out.warnings };
}

function applyEntry(
  entry: OperatorEntry,
  operators: readonly OperatorSighting[],
  { resources, configs, settings, policies }: Sighted,
  out: BuiltinImages,
  named: ReadonlySet<string>,
): void {
  for (const op of operators) {
    const read = releaseFor(entry, op.tag);
    // an entry of node-OS rules alone knows no compiled-in default to miss
    if (!read && entry.releases.length === 0) continue;
    // an operator read to start only the images its users name (no default at any release read)
    // is not said to pull defaults of its own at another version: only that it was not read there
    if (!read && entry.releases.every((r) => r.defaults.length === 0)) {
      // one that composes images from its resources alone (fromResource, listed below) starts those too
      const names = entry.fromResource?.length ? 'the images its users name and those its resources pick (listed from them)' : 'the images its users name';
      out.warnings.push({
        operator: entry.operator,
        version: op.tag,
        message: `${entry.operator} ${op.tag} (its image's tag, in ${op.source.template}) starts only ${names} at ${knownReleases(entry)}, as its source was read; ${op.tag} was not read${movingTag(op.tag)}`,
        next: `check whether ${entry.operator} ${op.tag} starts images of its own (its source at that version); carry any with \`helm airgap bundle --image REF\``,
      });
      continue;
    }
    const standIn = read ? undefined : standInFor(entry, op.tag);
    const where = `${entry.operator} ${op.tag} (its image's tag, in ${op.source.template}) pulls images by defaults compiled into it, which the chart names nowhere`;
    if (!read && !standIn) {
      const onAction = entry.releases.every((r) => r.defaults.every((d) => d.onAction));
      out.warnings.push({
        operator: entry.operator,
        version: op.tag,
        message: `${onAction ? `${entry.operator} ${op.tag} (${op.source.template}) pulls images when a user acts` : where}; they were read for ${entry.operator} ${knownReleases(entry)} only, so none are listed for ${op.tag}${movingTag(op.tag)}${newestPulls(entry, op)}`,
        next: NEXT,
      });
      continue;
    }
    const release = (read ?? standIn?.release)!;
    // defaults pulled only on a user's action are warned of one by one, assumption included; defaults
    // the render overrides all (cert-manager's chart passes its solver flag) leave nothing to doubt
    if (standIn && !release.defaults.every((d) => d.onAction) && !release.defaults.every((d) => overridden(d.unless, op.container)))
      out.warnings.push({
        operator: entry.operator,
        version: op.tag,
        message: `${where}; they were read for ${entry.operator} ${knownReleases(entry)}, not ${op.tag}${movingTag(op.tag)}: listed as the newest release read, ${standIn.version}, pulls them (its newest readings agree), which ${op.tag} may not`,
        next: `check what ${entry.operator} ${op.tag} pulls (its source at that version); a default it changed is missing from the list: \`helm airgap bundle --image REF\` carries it`,
      });
    for (const d of release.defaults) {
      if (overridden(d.unless, op.container) || !settingHolds(d.when, settings)) continue;
      // a key of the settings ConfigMap the render sets names what is pulled instead
      if (d.unless?.setting && settings.some((data) => isSet(data[d.unless!.setting!]))) continue;
      // a field of the operator's config file that every file of the render sets names what is pulled instead
      if (!readsConfig(d) && d.unless?.config && configs.length > 0 && configs.every((c) => isSet(resourceField(c.object, d.unless!.config!)))) continue;
      if (d.onAction) {
        const ref = composedAt(compose(d, op), composingIn(d.unless, op.container));
        if (ref !== undefined) out.warnings.push(onActionWarning(entry, op, d, ref, standIn?.version));
        continue;
      }
      // the setting to set (postrender, values' route) where the site is the operator's container, not a resource
      const prov = (inContainer: boolean): BuiltinProvenance => ({
        operator: entry.operator,
        version: op.tag,
        read: `${entry.repository}@${release.read}`,
        ...(standIn ? { assumed: { read: standIn.version, why: standIn.why } } : {}),
        at: d.at,
        override: overrideWords(d.unless),
        ...(inContainer ? knob(d.unless) : fieldKnob(d.unless)),
        ...(inContainer && d.unless?.field ? { overrideField: d.unless.field } : {}),
        ...(d.unless?.setting && entry.settings ? { overrideSetting: { configMap: entry.settings, key: d.unless.setting } } : {}),
        ...(envPartNames(d).length > 0 ? { envParts: envPartNames(d) } : {}),
        ...(d.pulledBy ? { pulledBy: d.pulledBy } : {}),
      });
      const at = composingIn(d.unless, op.container);
      // an opt-in feature's or a second resource kind's default, which no rendered resource pulls
      const optional = optionalUntil(entry, d, resources);
      // a guess the chart names itself is the chart's (rook-ceph hands the CSI images to the
      // ceph-csi-operator it runs at :latest): the operator is given it, values moves it
      const guessed = (ref: string | undefined) => (standIn && ref !== undefined && named.has(toImageRef(ref)?.normalized ?? ref) ? undefined : ref);
      if (readsConfig(d)) {
        // where the render's config file sets what the default reads: the site is that place of the file
        for (const c of configs) add(out, guessed(composedAt(compose(d, op, undefined, c.object), at)), configPlace(d, c), prov(true), optional);
      } else if (d.per) {
        for (const r of resources.filter((x) => x.kind === d.per)) {
          const ref = guessed(composedAt(compose(d, op, r), at));
          add(out, ref, r.source, prov(false), optional);
          if (ref !== undefined && d.partWhile && partKept(d, op) && !out.warnings.some((w) => w.message.includes(ref)))
            out.warnings.push(partWarning(entry, op, { ...d, partWhile: d.partWhile }, toImageRef(ref)?.normalized ?? ref));
        }
      } else if (
        !(d.kind ? [resources.filter((x) => x.kind === d.kind)] : [resources]).some((of) => setByEvery(d.unless?.field, of) || setByEvery(d.givenBy, of)) &&
        // a default the config file overrides without reading it otherwise (Envoy Gateway's proxy
        // image): the file the render gives names the image instead, which the site table finds
        !configs.some((c) => d.unless?.config !== undefined && isSet(resourceField(c.object, d.unless.config)))
      )
        add(
          out,
          guessed(composedAt(compose(d, op), at)),
          overridePlace(d, configs[0]) ?? op.source,
          prov(true),
          offUntil(entry, d, resources, policies) ?? optional,
        );
    }
  }
  // a resource of the entry's kinds says so too when its operator is rendered elsewhere (an
  // instance chart beside the operator's): the resource alone names none of those images
  const seen = operators[0]?.source ?? resources[0]?.source;
  // a resource no default reads (a Cluster API provider the table does not name) keeps the warning
  const read = (r: ResourceSighting) =>
    [...(entry.fromResource ?? []), ...entry.releases.flatMap((x) => x.defaults)].some(
      (d) => d.per === r.kind && (d.named === undefined || resourceField(r.object, 'metadata.name') === d.named),
    );
  if (entry.uncovered && seen && !(entry.uncovered.forLater && resources.length > 0 && resources.every(read)))
    out.warnings.push({
      operator: entry.operator,
      ...(operators.length > 0 ? { version: operators.map((o) => o.tag).join(', ') } : {}),
      message: `${entry.operator} (${seen.template}) also pulls ${entry.uncovered.images} (${entry.repository} ${entry.uncovered.at}); those are not listed`,
      next: NEXT,
    });
  const container = operators[0]?.container;
  for (const d of entry.fromResource ?? []) {
    if (overridden(d.unless, container)) continue;
    for (const r of resources.filter((x) => x.kind === d.per)) {
      const prov: BuiltinProvenance = {
        operator: entry.operator,
        ...(operators[0] ? { version: operators[0].tag } : {}),
        read: d.source ? `github.com/${d.source}` : `${entry.repository}@${entry.releases.map((x) => x.read).join(',')}`,
        at: d.at,
        override: overrideWords(d.unless),
        ...fieldKnob(d.unless),
        // what the rendered operator's env var or flag composing with it holds (Contrast's default registry), for the
        // words values prints; not the env var itself: the site is the resource, whose document postrender cannot set it in
        ...(container && d.unless && composes(d.unless) ? { overrideTakes: d.unless.takes } : {}),
      };
      add(out, composedAt(compose(d, operators[0], r), composingIn(d.unless, container)), r.source, prov, optionalUntil(entry, d, resources));
    }
  }
  // a resource no default takes (a self-signed Issuer, where cert-manager's solver wants spec.acme)
  // adds nothing by the operator's defaults, whatever its version
  const takes = (d: BuiltinDefault, r: ResourceSighting) =>
    (d.kind ?? d.per ?? r.kind) === r.kind && (!d.when || /^(config|setting):/.test(d.when) || turnsOn(r.object, d.when));
  const concerned = resources.filter((r) => entry.releases.some((x) => x.defaults.some((d) => takes(d, r))));
  if (operators.length === 0 && concerned.length > 0) {
    const kinds = [...new Set(concerned.map((r) => r.kind))].join(', ');
    out.warnings.push({
      operator: entry.operator,
      message: `${kinds} resources are reconciled by ${entry.operator}, which this render does not run: the images it adds by its compiled-in defaults depend on its version (known: ${knownReleases(entry)}) and are not listed`,
      next: `render the operator's chart in the same command (\`helm airgap images OPERATOR-CHART THIS-CHART\`), or ${NEXT}`,
    });
  }
}

/** An image the operator pulls only when a user acts: named, composed, with the action and the source read. */
function onActionWarning(entry: OperatorEntry, op: OperatorSighting, d: BuiltinDefault, raw: string, assumed: string | undefined): OperatorWarning {
  const ref = toImageRef(raw)?.normalized ?? raw;
  const read = assumed ? `; read for ${entry.operator} ${knownReleases(entry)}, assumed for ${op.tag} as ${assumed} has it` : '';
  return {
    operator: entry.operator,
    version: op.tag,
    onAction: true,
    message: `${entry.operator} ${op.tag} (${op.source.template}) pulls ${ref} only when ${d.onAction} (${entry.repository} ${d.at}${read}): not listed, since nothing pulls it at install`,
    next: `where users do that in the isolated network, carry it: \`helm airgap bundle --image ${ref}\``,
  };
}

/**
 * The default's reference, or undefined when a resource field (or a field of the operator's config
 * file, `config`) it needs is unset, or the setting that names another image instead is set there.
 */
function compose(d: BuiltinDefault, op: OperatorSighting | undefined, r?: ResourceSighting, config?: Record<string, unknown>): string | undefined {
  const tag = op?.tag;
  // a field that holds the registry the default is composed under (`{cr:...}` of it) names no other image
  if (r && d.unless?.field && !composes(d.unless) && isSet(resourceField(r.object, d.unless.field))) return undefined;
  if (config && d.unless?.config && isSet(resourceField(config, d.unless.config))) return undefined;
  // a default the operator adds only when its container is given a flag (Theia Cloud's oauth2-proxy with --keycloak)
  if (d.when?.startsWith(FLAG)) {
    if (!op?.container || flagValues(op.container, d.when.slice(FLAG.length)).length === 0) return undefined;
  } else if (d.when?.startsWith(CONFIG)) {
    if (!config || !turnsOn(config, d.when.slice(CONFIG.length))) return undefined;
  } else if (r && d.when && !turnsOn(r.object, d.when)) return undefined;
  if (r && d.named !== undefined && resourceField(r.object, 'metadata.name') !== d.named) return undefined;
  if (r && d.givenBy && isSet(resourceField(r.object, d.givenBy))) return undefined;
  if (d.whenVersion && !versionIn(r ? resourceField(r.object, d.whenVersion.field) : undefined, d.whenVersion.versions)) return undefined;
  let missing = false;
  const field = (o: Record<string, unknown> | undefined, p: string, fallback?: string) => {
    const v = o ? resourceField(o, p) : undefined;
    if ((typeof v === 'string' && v !== '') || typeof v === 'number') return String(v);
    return fallback ?? ((missing = true), '');
  };
  const part = (name: string, word?: string) => {
    const v = envPart(op?.container, name);
    return v === null ? ((missing = true), '') : (v ?? word ?? ((missing = true), ''));
  };
  const raw = (d.partWhile && !partKept(d, op) ? d.image.replace(d.partWhile.part, '') : d.image)
    .replace(ENV_PART, (_m, n: string, word?: string) => part(n, word))
    .replace(FLAG_PART, (_m, n: string, word?: string) => (op?.container ? flagValues(op.container, n).at(-1) : undefined) || word || ((missing = true), ''))
    .replace(/\{operatorTag\}/g, () => tag ?? ((missing = true), ''))
    .replace(/\{operatorPath\}/g, () => op?.path ?? ((missing = true), ''))
    // `{cr:PATH|WORD}`: the resource's field, else the operator's default WORD (Kamaji's registry)
    .replace(/\{cr:([^}|]+)(?:\|([^}]*))?\}/g, (_m, p: string, word?: string) => field(r?.object, p, word))
    .replace(/\{config:([^}|]+)(\|operatorTag)?\}/g, (_m, p: string, own?: string) => field(config, p, own ? tag : undefined));
  return missing ? undefined : raw;
}

const ENV_PART = /\{env:([^}|]+)(?:\|([^}]*))?\}/g;
/** `{flag:--NAME|WORD}`: the last value the operator's container gives the flag, else WORD (the flag's compiled-in default). */
const FLAG_PART = /\{flag:([^}|]+)(?:\|([^}]*))?\}/g;

/** The env vars a default is joined from (`{env:NAME}`). */
export const envPartNames = (d: BuiltinDefault): string[] => [...d.image.matchAll(ENV_PART)].map((m) => m[1]!);

/**
 * The literal value of the operator container's env var (a trailing `/` trimmed, as the operator
 * joins it); undefined where the container sets none, null where it sets one no render shows (valueFrom).
 */
function envPart(container: Record<string, unknown> | undefined, name: string): string | null | undefined {
  const e = Array.isArray(container?.env) ? container.env.find((x) => isRecord(x) && x.name === name) : undefined;
  if (!isRecord(e)) return undefined;
  return typeof e.value === 'string' ? e.value.trim().replace(/\/+$/, '') : e.valueFrom === undefined ? '' : null;
}

/** The operator adds the default's `partWhile` part: its env var holds one of the values it adds it at. */
const partKept = (d: BuiltinDefault, op: OperatorSighting | undefined): boolean =>
  // a marker render (values/value-markers.ts) wraps the value in markers: what the chart renders without them decides
  !d.partWhile || d.partWhile.values.includes(stripMarkers(envPart(op?.container, d.partWhile.env) ?? ''));

/**
 * A default whose tag the operator completes with a part only at the repositories it ships
 * (MongoDB Community's `-ubi8`): copied to a mirror and the env var pointed there, the operator
 * asks for the tag without it, which the copy does not have. Said once per default and operator.
 */
function partWarning(
  entry: OperatorEntry,
  op: OperatorSighting,
  d: BuiltinDefault & { partWhile: NonNullable<BuiltinDefault['partWhile']> },
  ref: string,
): OperatorWarning {
  const w = d.partWhile;
  const added = w.part.replace(ENV_PART, (_m, n: string, word?: string) => envPart(op.container, n) ?? word ?? '');
  const parsed = toImageRef(ref);
  const name = parsed ? `${parsed.path.slice(parsed.path.lastIndexOf('/') + 1)}:${(parsed.tag ?? '').replace(added, '')}` : ref;
  const field = d.unless?.field;
  return {
    operator: entry.operator,
    version: op.tag,
    message: `${entry.operator} ${op.tag} (${op.source.template}) pulls ${ref} (${entry.repository} ${d.at}), adding \`${added}\` to the tag only while ${w.env} is ${w.values.join(' or ')}: pointed at a mirror, it pulls <${w.env}>/${name} instead, a tag a copy of ${ref} does not have`,
    next: `${field ? `keep the tag by giving each ${d.per ?? 'resource'} ${field} the mirror's reference (\`helm airgap values\` sets it where a list of the chart's values fills that entry, \`helm airgap postrender\` at install), or ` : ''}copy the image to the mirror as ${name} under the registry path you set ${w.env} to (the chart's value that writes it)`,
  };
}

/** A resource's version field that names a version the constraint holds (an unset or unparsable one none). */
function versionIn(v: unknown, versions: string): boolean {
  if (typeof v !== 'string' && typeof v !== 'number') return false;
  try {
    return matchesConstraint(parseConstraint(versions), parseVersion(String(v)));
  } catch {
    return false;
  }
}

const CONFIG_FIELD = /\{config:([^}|]+)/;

/** A default completed from the operator's config file (`{config:...}`). */
const readsConfig = (d: BuiltinDefault): boolean => CONFIG_FIELD.test(d.image);

/**
 * Where in the config file's ConfigMap a default read from it sits: the mapping its first
 * `{config:...}` field is in (eraser's components.collector.image, whose tag it reads), written as
 * the site table writes that place (`data["KEY"] > components.collector.image`), so that a
 * reference the file names there in full is the same site.
 */
function configPlace(d: BuiltinDefault, c: ConfigSighting): ImageSource {
  const inside = CONFIG_FIELD.exec(d.image)![1]!.split('.').slice(0, -1);
  return { ...c.source, fieldPath: inside.length > 0 ? `${c.source.fieldPath} > ${formatPath(inside)}` : c.source.fieldPath };
}

/**
 * Where a default its config file's field overrides sits when the render carries that file: that
 * field (`data["KEY"] > envoyProxy...image`), written as the site table writes a reference the
 * file names there, so the values that set it are proven by the reference the re-render finds.
 */
function overridePlace(d: BuiltinDefault, c: ConfigSighting | undefined): ImageSource | undefined {
  const field = d.unless?.config;
  return c && field && !d.unless?.env && !d.unless?.flag ? { ...c.source, fieldPath: `${c.source.fieldPath} > ${field}` } : undefined;
}

function add(
  out: BuiltinImages,
  raw: string | undefined,
  source: ImageSource,
  builtin: BuiltinProvenance,
  off?: Pick<ImageSite, 'switchedOff' | 'toggle'>,
): void {
  const ref = raw === undefined ? undefined : toImageRef(raw);
  if (!raw || !ref) return;
  // its need as this render has it: optional while switched off, with what switches it on
  const need: Pick<BuiltinProvenance, 'need' | 'pulledWith'> =
    off?.switchedOff !== undefined ? { need: 'optional', pulledWith: off.toggle ?? off.switchedOff } : { need: 'needed' };
  out.sites.push({ ref: ref.normalized, raw, certainty: 'certain', site: 'builtin', source, valuesPaths: [], builtin: { ...builtin, ...need }, ...off });
}

function dedupe(sites: ImageSite[]): ImageSite[] {
  const seen = new Set<string>();
  return sites.filter((s) => {
    // one image two settings override (OpenTelemetry's apache-httpd and nginx, k6's runner and
    // initializer fields) is two sites: postrender, or the user, sets both
    const k = `${s.source.template}\0${s.source.position}\0${s.ref}\0${s.builtin?.overrideEnv ?? ''}\0${s.builtin?.overrideFlag ?? ''}\0${s.builtin?.overrideField ?? ''}`;
    return !seen.has(k) && (seen.add(k), true);
  });
}
