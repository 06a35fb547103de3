// The ECR half of a destination: the login by GetAuthorizationToken and the repository APIs of
// ECR and ECR Public. destination.ts imports it only for an ECR target (it loads the AWS SDK).
import { parseRegistryHost } from './hosts.js';
import {
  createEcrClient,
  createEcrPublicClient,
  EcrCredentialProvider,
  ecrPublicTokenSource,
  ecrTokenSource,
  type AwsClientOptions,
  type TokenSource,
} from './auth.js';
import { ApiRepositoryProvisioner, type RepositoryProvisioner } from './repositories.js';
import { ecrPublicRepositoryApi, ecrRepositoryApi } from './repository-api.js';
import { UsageError } from '../util/errors.js';
import type { DestinationOptions } from './destination.js';
import type { RegistryTarget } from './target.js';

function awsClientOptions(t: RegistryTarget, o: DestinationOptions): AwsClientOptions {
  const host = parseRegistryHost(t.host);
  const region = o.aws?.region ?? (host.kind === 'oci' ? undefined : host.region) ?? o.aws?.defaultRegion;
  if (!region) {
    throw new UsageError(`--registry ${t.host}: the AWS region is not in the host name, nor set here`, {
      hint: 'pass --region, or set AWS_REGION (or region in the AWS profile, as the AWS CLI reads it)',
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

export function createEcrLogin(t: RegistryTarget, o: DestinationOptions): EcrCredentialProvider {
  return new EcrCredentialProvider({ source: ecrTokenSourceFor(t, o), hosts: [t.host] });
}

/** GetAuthorizationToken of ECR or ECR Public for this target (region from the host or --region). */
export function ecrTokenSourceFor(t: RegistryTarget, o: DestinationOptions): TokenSource {
  const aws = awsClientOptions(t, o);
  return t.kind === 'ecr-public' ? ecrPublicTokenSource(createEcrPublicClient(aws)) : ecrTokenSource(createEcrClient(aws));
}

/** The ECR or ECR Public repository API behind a provisioner (an ECR target: kind is not 'oci'). */
export function createProvisioner(t: RegistryTarget, o: DestinationOptions): RepositoryProvisioner {
  const aws = awsClientOptions(t, o);
  const when = { when: o.repositorySettings?.create };
  if (t.kind === 'ecr-public')
    return new ApiRepositoryProvisioner(ecrPublicRepositoryApi(createEcrPublicClient(aws), { tags: o.repositorySettings?.tags }), when);
  const host = parseRegistryHost(t.host);
  const registryId = o.repositorySettings?.registryId ?? (host.kind === 'ecr' ? host.account : undefined);
  return new ApiRepositoryProvisioner(ecrRepositoryApi(createEcrClient(aws), { ...o.repositorySettings, registryId }), when);
}
