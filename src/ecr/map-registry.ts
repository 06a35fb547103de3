// How a map records the way to its destinations (kind, ECR endpoint, region; never a login) and
// how a reader takes it back: what --type, --endpoint-url and --region said to the writer is what a
// later verify, values or kustomize --map needs, so it is kept in the map; a reader's own flags win.
import type { MapRegistry } from '../bundle/image-map.js';
import type { AwsOptions } from './destination.js';
import { parseRegistryHost } from './hosts.js';
import { parseTarget, type RegistryTarget, type TargetKind } from './target.js';
import { credentialChain, type CredentialProvider } from '../registry/credentials.js';

/**
 * The region is the one the writer's ECR calls used, wherever it came from (--region, the host
 * name, AWS_REGION, AWS_DEFAULT_REGION, the profile): a reader in another shell has none of them.
 */
export function mapRegistryOf(t: Pick<RegistryTarget, 'host' | 'kind'>, aws?: Pick<AwsOptions, 'endpoint' | 'region' | 'defaultRegion'>): MapRegistry {
  const host = parseRegistryHost(t.host);
  const region = aws?.region ?? (host.kind === 'oci' ? undefined : host.region) ?? aws?.defaultRegion;
  return {
    host: t.host,
    kind: t.kind,
    ...(t.kind !== 'oci' && aws?.endpoint ? { endpoint: withoutLogin(aws.endpoint) } : {}),
    ...(t.kind !== 'oci' && region ? { region } : {}),
  };
}

/** An endpoint URL as the map may hold it: a user:password@ in it is never written. */
function withoutLogin(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
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

/**
 * ECR logins (GetAuthorizationToken through the AWS chain) for the map's ECR hosts, each for its own
 * host only: what values --check-registry or --pin-digests needs to read tags there.
 */
export async function mapLogins(registries: readonly MapRegistry[]): Promise<CredentialProvider | undefined> {
  const ecr = registries.filter((r) => r.kind !== 'oci');
  if (ecr.length === 0) return undefined;
  const { createEcrLogin } = await import('./ecr-destination.js');
  return credentialChain(
    ...ecr.map((r) =>
      createEcrLogin(parseTarget(r.host, r.kind, { registryOnly: true }), {
        aws: { ...(r.endpoint ? { endpoint: r.endpoint } : {}), ...(r.region ? { region: r.region } : {}) },
      }),
    ),
  );
}
