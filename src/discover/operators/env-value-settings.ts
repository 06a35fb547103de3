// An operator's default whose override env var the chart writes from no value of its own, while
// the operator's container takes free-form env vars from the chart's values: a mapping of names to
// values (CrateDB's `env: {CRATEDB_OPERATOR_...: "..."}`) or a list of {name, value} entries
// (Restate's `env: []`, the common `extraEnv: []`). That mapping or list is the default's values
// route: the key, or one entry written as the env var. As for argument lists
// (operators/arg-list-settings.ts), which values the container reads is not guessed from names alone: each
// candidate is given a stand-in variable in one probe render (app/scan/builtin-probes.ts), and the
// one whose stand-in the operator's container holds is the route. Pure.
import type { RenderedDoc } from '../../helm/engine/render-types.js';
import { isRecord } from '../../util/is-record.js';
import { settingPart } from './default-overrides.js';
import { formatPath, type PathSegment } from '../field-path.js';
import type { ImageSite } from '../image-site.js';
import { entryIndex } from './arg-list-settings.js';
import { unsetSetting } from './builtin-routes.js';
import { containerAt, docsByPlace } from './sightings.js';
import { setIn } from '../values/value-markers.js';
import { withParts } from '../values/values-paths.js';

/** Values a template may hand a container as env vars: names to values, or a list of entries. */
export interface EnvValues {
  path: string;
  segments: PathSegment[];
  shape: 'map' | 'list';
  /** The names the chart's values give already: the mapping's keys, or each entry's `name`. */
  names: string[];
  /** What each name holds now (an entry's `value`; '' for none). */
  values: string[];
  /** A list's entries as the chart gives them (a probe appends to them: Helm replaces a list whole). */
  items: unknown[];
}

/** At most this many are probed (one render holds them all). */
const MAX_ENV_VALUES = 40;

/** A key that names env vars (`env`, `extraEnv`, `extraEnvVars`, `additionalEnv`), not their sources (`envFrom`). */
const ENV_KEY = /env/i;
const NOT_ENV_KEY = /envfrom|environment/i;

const scalar = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const text = (v: unknown): string => (scalar(v) ? String(v) : '');

/**
 * The env-var values of `values`: under a key that names env vars, a mapping of scalars (or an
 * empty one) or a list of entries each with a string `name` (or an empty one). Others are followed
 * inside, these are not (an entry's own keys are no env vars).
 */
export function envValues(values: Record<string, unknown>): EnvValues[] {
  const out: EnvValues[] = [];
  const visit = (v: Record<string, unknown>, segs: PathSegment[]): void => {
    for (const [k, x] of Object.entries(v)) {
      if (out.length >= MAX_ENV_VALUES) return;
      const at = [...segs, k];
      const named = ENV_KEY.test(k) && !NOT_ENV_KEY.test(k);
      if (named && Array.isArray(x) && x.every((e) => isRecord(e) && typeof e.name === 'string'))
        out.push({ path: formatPath(at), segments: at, shape: 'list', names: x.map((e) => String(e.name)), values: x.map((e) => text(e.value)), items: x });
      else if (named && isRecord(x) && Object.values(x).every(scalar))
        out.push({ path: formatPath(at), segments: at, shape: 'map', names: Object.keys(x), values: Object.values(x).map(text), items: [] });
      else if (isRecord(x)) visit(x, at);
    }
  };
  visit(values, []);
  return out;
}

/** The stand-in variable given to candidate `n` of the probe render: a name no program reads. */
export const envProbe = (n: number): string => `ZQ${n}_AIRGAP_PROBE`;

/** `values` with each candidate given its stand-in variable (a key added, or an entry appended to the chart's). */
export function withEnvProbes(values: Record<string, unknown>, candidates: readonly EnvValues[], probe: (n: number) => string = envProbe): void {
  candidates.forEach((c, n) => {
    if (c.shape === 'map') setIn(values, [...c.segments, probe(n)], 'airgap-probe');
    else setIn(values, c.segments, [...structuredClone(c.items), { name: probe(n), value: 'airgap-probe' }]);
  });
}

/**
 * The defaults (`sites`) whose override env var is unset, each with the candidate whose stand-in
 * (`probe`) its operator's container holds in `docs` (the probe render) as its values route: the
 * mapping's key for it, or the list's entry that sets it already, else one after the chart's own
 * entries (one entry per variable: two defaults set by two variables take two).
 */
export function withEnvSettings(
  sites: readonly ImageSite[],
  docs: readonly RenderedDoc[],
  candidates: readonly EnvValues[],
  probe: (n: number) => string = envProbe,
): ImageSite[] {
  const byPlace = docsByPlace(docs);
  const added = new Map<string, number>();
  return sites.map((s) => {
    const env = wholeEnv(s) ? s.builtin!.overrideEnv : undefined;
    const part = env ? settingPart(s.builtin!.overrideTakes) : undefined;
    const container = part ? containerAt(s.source, byPlace) : undefined;
    const names = Array.isArray(container?.env) ? container.env.flatMap((e) => (isRecord(e) && typeof e.name === 'string' ? [e.name] : [])) : [];
    const n = candidates.findIndex((_, i) => names.includes(probe(i)));
    if (n < 0 || part === undefined || env === undefined) return s;
    const c = candidates[n]!;
    const own = c.names.indexOf(env);
    if (c.shape === 'map') {
      const at = [...c.segments, env];
      return withParts(s, [{ path: formatPath(at), segments: at, part, value: own >= 0 ? c.values[own]! : '' }]);
    }
    const at: PathSegment[] = [...c.segments, entryIndex(added, n, env, own, c.names.length), 'value'];
    return withParts(s, [{ path: formatPath(at), segments: at, part, value: own >= 0 ? c.values[own]! : '', entryName: env }]);
  });
}

/**
 * A default whose override env var no value writes, and which names the whole reference. One that
 * takes a repository (VictoriaMetrics' VM_*_IMAGE, tagged by the operator with its own version)
 * is left to postrender: set there, the re-render's discovery reads the variable as a reference
 * of its own, tagless, where values' proof wants the tagged one the operator composes.
 */
const wholeEnv = (s: ImageSite): boolean => unsetSetting(s) && s.builtin?.overrideEnv !== undefined && s.builtin.overrideTakes === undefined;

/** Whether a default of these sites may take its override env var from the chart's env values (the probe render is asked only then). */
export const wantsEnvValues = (sites: readonly ImageSite[]): boolean => sites.some(wholeEnv);
