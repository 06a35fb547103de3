// Image values a chart leaves empty or null that a helper fills (a global registry, a block's
// registry or repository, a root image prefix): no marker can show an empty value, so the caller
// probes them with a stand-in host or name (chart-images.ts), and the values writer sets them.
import { formatPath, type PathSegment } from '../field-path.js';
import { NAME_KEY, NOT_IMAGE, type ImagePart, type ImageValueLeaf } from './image-values.js';
import { isImageKey } from '../sites/site-rules.js';

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);

/**
 * Top-level `global.*Registry` values left empty (Bitnami's global.imageRegistry): they take over
 * every image's registry once set, so the values writer wants them, but no marker can show
 * an empty value. The caller probes them with a stand-in host instead (see registryProbe).
 */
export function emptyGlobalRegistries(values: Record<string, unknown>): ImageValueLeaf[] {
  const g = values.global;
  const globals = !isMap(g)
    ? []
    : Object.entries(g)
        .filter(([k, v]) => v === '' && /registry$/i.test(k) && !NOT_IMAGE.test(k))
        .map(([k]) => ({ path: formatPath(['global', k]), segments: ['global', k], part: 'registry' as const, value: '' }));
  // a root image prefix left null or empty (odigos' `imagePrefix`), which a helper fills with a
  // host and a namespace: set, it replaces both for every image; and a root registry left empty
  // that a helper defaults (ZITADEL's `imageRegistry | default "docker.io"` before each tool's name),
  // where no empty global registry is the route already
  const roots = Object.entries(values)
    .filter(([k, v]) => (v === '' || v === null) && (ROOT_PREFIX_KEY.test(k) || (globals.length === 0 && ROOT_REGISTRY_KEY.test(k))))
    .map(([k]) => ({ path: formatPath([k]), segments: [k], part: 'registry' as const, value: '' }));
  return [...globals, ...roots];
}

/** Root keys that prefix every image's name: imagePrefix, image_prefix, registryPrefix. */
const ROOT_PREFIX_KEY = /^(images?|registry)[_-]?prefix$/i;
/** Root keys naming the registry of the chart's images: imageRegistry, image_registry, containerRegistry. */
const ROOT_REGISTRY_KEY = /^(images?|container|docker)[_-]?registry$/i;

/**
 * Registry keys of image blocks left empty or null (`image: {registry: null, repository: null}`
 * where the template supplies `default "docker.io"`): like the global ones, no marker can show
 * them, so they are probed with a stand-in host too.
 */
export function emptyBlockRegistries(values: Record<string, unknown>): ImageValueLeaf[] {
  return emptyBlockKeys(
    values,
    /^(repository|image|tag|digest)$/i,
    (k, segs) => /^registry$/i.test(k) && !(segs.length === 1 && segs[0] === 'global'),
    'registry',
  );
}

/**
 * Repository keys of image blocks left empty or null (Traefik's `image: {registry: null,
 * repository: null}`, Datadog's `clusterAgent.image.repository` beside `name`, AWS's
 * image.override): a helper fills
 * the default, so no marker can show them; they are probed with a stand-in name instead (see
 * repositoryProbe), which says whether the value, once set, takes the name over and which part.
 */
export function emptyBlockRepositories(values: Record<string, unknown>): ImageValueLeaf[] {
  const blocks = emptyBlockKeys(values, /^(registry|image|name|tag|digest)$/i, (k) => NAME_KEY.test(k), 'repository');
  // an image-named value at the top of the values (Trident's `operatorImage: ""`), which a helper
  // takes whole when set and else writes a literal: probed the same way. Only there: deeper, such
  // a value is as often a mode's switch too (CloudNativePG's cluster.imageName, empty, is what
  // makes the TimescaleDB image catalog), which setting it for the default image would turn off.
  const seen = new Set(blocks.map((b) => b.path));
  const loose = Object.entries(values)
    .filter(([k, v]) => (v === '' || v === null) && isImageKey(k) && !NOT_IMAGE.test(k) && !seen.has(k))
    .map(([k]) => ({ path: formatPath([k]), segments: [k], part: 'repository' as const, value: '' }));
  return [...blocks, ...loose];
}

/** Keys `wanted` picks that an image block (a map with a key `blockKey` matches) leaves empty or null. */
function emptyBlockKeys(
  values: Record<string, unknown>,
  blockKey: RegExp,
  wanted: (k: string, segs: readonly PathSegment[]) => boolean,
  part: ImagePart,
): ImageValueLeaf[] {
  const out: ImageValueLeaf[] = [];
  const segs: PathSegment[] = [];
  const visit = (v: unknown): void => {
    if (!isMap(v) || segs.length > 8) return;
    const keys = Object.keys(v);
    const isBlock = keys.some((k) => blockKey.test(k));
    for (const k of keys) {
      const x = v[k];
      const found = isBlock && wanted(k, segs) && (x === null || x === '');
      segs.push(k);
      if (found) out.push({ path: formatPath(segs), segments: [...segs], part, value: '' });
      else visit(x);
      segs.pop();
    }
  };
  visit(values);
  return out;
}
