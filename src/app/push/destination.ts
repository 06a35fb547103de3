// The destination side of a push, per target kind: the registry client with the right login
// (ECR's GetAuthorizationToken, ECR Public's, or docker config / --username for any other
// registry) and the repository provisioner (ECR APIs, or nothing for create-on-push registries).
import { parseRegistryHost } from '../../ecr/hosts.js';
import {
  createEcrClient,
  createEcrPublicClient,
  EcrCredentialProvider,
  ecrPublicTokenSource,
  ecrTokenSource,
  type TokenSource,
  type AwsClientOptions,
  type AwsCredentials,
} from '../../ecr/auth.js';
import { ApiRepositoryProvisioner, noRepositoryProvisioner, type RepositoryProvisioner } from '../../ecr/repositories.js';
import { ecrPublicRepositoryApi, ecrRepositoryApi, type EcrRepositorySettings } from '../../ecr/repository-api.js';
import { RegistryClient } from '../../registry/client.js';
import { credentialChain, type CredentialProvider } from '../../registry/credentials.js';
import { UsageError } from '../../util/errors.js';
import type { PushTarget } from './plan.js';

const ECR_MIN_PART = 5 * 1024 * 1024;

export interface AwsOptions {
  /** Region for the ECR API; default: the one in the registry host name. */
  region?: string;
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
}

export interface Destination {
  client: RegistryClient;
  provisioner: RepositoryProvisioner;
  /** The ECR login, when there is one (push renews it when the registry says it expired). */
  ecrLogin?: EcrCredentialProvider;
}

export function createDestination(t: PushTarget, o: DestinationOptions): Destination {
  const ecrLogin = t.kind === 'oci' ? undefined : createEcrLogin(t, o);
  const provisioner = createProvisioner(t, o);
  const client = new RegistryClient({
    credentials: credentialChain(ecrLogin, o.credentials),
    insecureHosts: o.insecureRegistries,
    retries: o.retries,
    retryBaseMs: o.retryBaseMs,
    monolithicMax: o.monolithicMax,
    // ECR refuses upload parts under 5 MiB except the last (LayerPartTooSmallException)
    chunkSize: t.kind === 'oci' || o.chunkSize === undefined ? o.chunkSize : Math.max(o.chunkSize, ECR_MIN_PART),
  });
  return { client, provisioner, ecrLogin };
}

function awsClientOptions(t: PushTarget, o: DestinationOptions): AwsClientOptions {
  const host = parseRegistryHost(t.host);
  const region = o.aws?.region ?? (host.kind === 'oci' ? undefined : host.region);
  if (!region) {
    throw new UsageError(`--registry ${t.host}: the AWS region is not in the host name`, {
      hint: 'pass --region (needed with a custom --endpoint-url or host)',
    });
  }
  return {
    region,
    profile: o.aws?.profile,
    endpoint: o.aws?.endpoint,
    credentials: o.aws?.credentials,
    maxAttempts: o.aws?.maxAttempts,
    useFipsEndpoint: host.kind === 'ecr' && host.fips,
    useDualstackEndpoint: host.kind === 'ecr' && host.dualStack,
  };
}

function createEcrLogin(t: PushTarget, o: DestinationOptions): EcrCredentialProvider {
  return new EcrCredentialProvider({ source: ecrTokenSourceFor(t, o), hosts: [t.host] });
}

/** GetAuthorizationToken of ECR or ECR Public for this target (region from the host or --region). */
export function ecrTokenSourceFor(t: PushTarget, o: DestinationOptions): TokenSource {
  const aws = awsClientOptions(t, o);
  return t.kind === 'ecr-public' ? ecrPublicTokenSource(createEcrPublicClient(aws)) : ecrTokenSource(createEcrClient(aws));
}

function createProvisioner(t: PushTarget, o: DestinationOptions): RepositoryProvisioner {
  if (t.kind === 'oci') return noRepositoryProvisioner;
  const aws = awsClientOptions(t, o);
  if (t.kind === 'ecr-public') return new ApiRepositoryProvisioner(ecrPublicRepositoryApi(createEcrPublicClient(aws), { tags: o.repositorySettings?.tags }));
  const host = parseRegistryHost(t.host);
  const registryId = o.repositorySettings?.registryId ?? (host.kind === 'ecr' ? host.account : undefined);
  return new ApiRepositoryProvisioner(ecrRepositoryApi(createEcrClient(aws), { ...o.repositorySettings, registryId }));
}
