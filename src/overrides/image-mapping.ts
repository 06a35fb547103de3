// Image → target reference, the same names `push` creates (src/ecr/naming.ts), so that an
// override or a post-rendered manifest points exactly where the bundle's images were pushed.
import { formatReference, parseReference } from '../oci/reference.js';
import { toTargetRepository, type NamingMode } from '../ecr/naming.js';

/** "default" is the push command's default naming ("full": PREFIX/<source host>/<source path>). */
export type MappingNaming = 'default' | NamingMode;

export interface MappingTarget {
  /** Target registry host[:port], e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com. */
  registry: string;
  /** Path inside the registry every image goes under, e.g. "mirror". */
  prefix?: string;
}

const toMode = (n: MappingNaming): NamingMode => (n === 'default' ? 'full' : n);

/** e.g. ("quay.io/jetstack/cm:v1", {registry: "r.example", prefix: "m"}) → "r.example/m/quay.io/jetstack/cm:v1"; tag and digest kept. */
export function mapImage(ref: string, target: MappingTarget, naming: MappingNaming = 'default'): string {
  const r = parseReference(ref);
  const repository = toTargetRepository(r, target.prefix ?? '', toMode(naming));
  return formatReference({ registry: target.registry, repository, tag: r.tag, digest: r.digest });
}

/** Splits "host[:port][/prefix...]" as given to --registry. */
export function parseTarget(spec: string): MappingTarget {
  const s = spec.replace(/^oci:\/\//, '').replace(/\/+$/, '');
  const slash = s.indexOf('/');
  if (slash < 0) return { registry: s };
  return { registry: s.slice(0, slash), prefix: s.slice(slash + 1) };
}
