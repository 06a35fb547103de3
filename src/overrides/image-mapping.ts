// Image → target reference, the same names `push` creates (src/ecr/naming.ts), so that an
// override or a post-rendered manifest points exactly where the bundle's images were pushed.
import { formatReference, parseReference } from '../oci/reference.js';
import { toTargetRepository, type NamingMode } from '../ecr/naming.js';
import { parseTarget as parseRegistryTarget, targetPath } from '../ecr/target.js';

/** As in ecr/naming.ts; full (PREFIX/<source host>/<source path>) is push's default. */
export type MappingNaming = NamingMode;

export interface MappingTarget {
  /** Target registry host[:port], e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com. */
  registry: string;
  /** Path inside the registry every image goes under, e.g. "mirror". */
  prefix?: string;
}

/** e.g. ("quay.io/jetstack/cm:v1", {registry: "r.example", prefix: "m"}) → "r.example/m/quay.io/jetstack/cm:v1"; tag and digest kept. */
export function mapImage(ref: string, target: MappingTarget, naming: MappingNaming = 'full'): string {
  const r = parseReference(ref);
  const repository = toTargetRepository(r, target.prefix ?? '', naming);
  return formatReference({ registry: target.registry, repository, tag: r.tag, digest: r.digest });
}

/** The --registry target as image mapping needs it (push's own parser, so both agree). */
export function parseTarget(spec: string): MappingTarget {
  const t = parseRegistryTarget(spec);
  const prefix = targetPath(t);
  return prefix ? { registry: t.host, prefix } : { registry: t.host };
}
