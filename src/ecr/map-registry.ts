// How a map records the way to its destinations (kind, ECR endpoint, region; never a login) and
// how a reader takes it back: what --type, --endpoint-url and --region said to the writer is what a
// later verify, values or kustomize --map needs, so it is kept in the map; a reader's own flags win.
import type { MapRegistry } from '../bundle/image-map.js';
import type { AwsOptions } from './destination.js';
import type { RegistryTarget, TargetKind } from './target.js';

export function mapRegistryOf(t: Pick<RegistryTarget, 'host' | 'kind'>, aws?: Pick<AwsOptions, 'endpoint' | 'region'>): MapRegistry {
  return {
    host: t.host,
    kind: t.kind,
    ...(t.kind !== 'oci' && aws?.endpoint ? { endpoint: aws.endpoint } : {}),
    ...(t.kind !== 'oci' && aws?.region ? { region: aws.region } : {}),
  };
}

/** The kind and AWS options for `host`: the reader's flags where given, else the map's record. */
export function accessFor(
  recorded: MapRegistry | undefined,
  flags: { targetKind?: TargetKind; aws?: AwsOptions },
): { targetKind?: TargetKind; aws?: AwsOptions } {
  if (!recorded) return flags;
  return {
    targetKind: flags.targetKind ?? recorded.kind,
    aws: {
      ...flags.aws,
      ...(flags.aws?.endpoint ? {} : recorded.endpoint ? { endpoint: recorded.endpoint } : {}),
      ...(flags.aws?.region ? {} : recorded.region ? { region: recorded.region } : {}),
    },
  };
}
