// The destination side of a transfer (push, copy, sync, verify, login), per target kind: the
// registry client with the right login (ECR's GetAuthorizationToken, ECR Public's, or docker
// config / --username for any other registry) and the repository provisioner (ECR APIs, or
// nothing for create-on-push registries). The ECR side (ecr-destination.ts) is imported only for
// an ECR target: it brings the AWS SDK, whose chunks took ~45 ms to compile and run in every push,
// sync and verify to any registry.
import type { AwsCredentials, EcrCredentialProvider } from './auth.js';
import { noRepositoryProvisioner, type RepositoryProvisioner } from './repositories.js';
import type { EcrRepositorySettings } from './repository-settings.js';
import type { RegistryTarget } from './target.js';
import { RegistryClient } from '../registry/client.js';
import { credentialChain, type CredentialProvider } from '../registry/credentials.js';

const ECR_MIN_PART = 5 * 1024 * 1024;

export interface AwsOptions {
  /** Region for the ECR API (--region); default: the one in the registry host name. */
  region?: string;
  /** For a host name without a region: the environment's (AWS_REGION, AWS_DEFAULT_REGION, the profile's). */
  defaultRegion?: string;
  profile?: string;
  /** --endpoint-url: a VPC endpoint, FIPS endpoint, or test stand-in. */
  endpoint?: string;
  credentials?: AwsCredentials;
  maxAttempts?: number;
}

export interface DestinationOptions {
  aws?: AwsOptions;
  repositorySettings?: EcrRepositorySettings;
  /** Other logins (docker config, --username/--password-stdin), asked after the ECR login. */
  credentials?: CredentialProvider;
  insecureRegistries?: string[];
  /** Registry client retry tuning (tests make it quick). */
  retries?: number;
  retryBaseMs?: number;
  /** Blob upload tuning passed to RemoteRepository. */
  monolithicMax?: number;
  chunkSize?: number;
  /** Small blobs streamed in their PUT (RemoteRepositoryOptions): for a copy that retries from a source it can read again. */
  streamSmall?: boolean;
}

export interface Destination {
  client: RegistryClient;
  provisioner: RepositoryProvisioner;
  /** The ECR login, when there is one (push renews it when the registry says it expired). */
  ecrLogin?: EcrCredentialProvider;
}

export async function createDestination(t: RegistryTarget, o: DestinationOptions): Promise<Destination> {
  const ecr = t.kind === 'oci' ? undefined : await import('./ecr-destination.js');
  const ecrLogin = ecr?.createEcrLogin(t, o);
  const provisioner = ecr?.createProvisioner(t, o) ?? noRepositoryProvisioner;
  const client = new RegistryClient({
    credentials: credentialChain(ecrLogin, o.credentials),
    insecureHosts: o.insecureRegistries,
    retries: o.retries,
    retryBaseMs: o.retryBaseMs,
    monolithicMax: o.monolithicMax,
    streamSmall: o.streamSmall,
    // ECR refuses upload parts under 5 MiB except the last (LayerPartTooSmallException)
    chunkSize: t.kind === 'oci' || o.chunkSize === undefined ? o.chunkSize : Math.max(o.chunkSize, ECR_MIN_PART),
  });
  return { client, provisioner, ...(ecrLogin ? { ecrLogin } : {}) };
}
