// The ECR and ECR Public control-plane operations helm-airgap calls, answered in the AWS JSON 1.1
// protocol the SDK speaks: JSON in and out, errors as {"__type","message"} with the exception
// name ECR uses, so the real SDK turns them into its own exception classes.
import type { StandinRepository, StandinState } from './state.js';

export interface ApiResponse {
  status: number;
  body: unknown;
}

type Input = Record<string, unknown>;
type Operation = (s: StandinState, input: Input, ctx: ApiContext) => ApiResponse;

export interface ApiContext {
  /** host:port of the registry front, for repositoryUri / proxyEndpoint. */
  frontHost: string;
}

export class ApiException extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const NAME_RE = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const MUTABILITY = ['MUTABLE', 'IMMUTABLE', 'IMMUTABLE_WITH_EXCLUSION', 'MUTABLE_WITH_EXCLUSION'];
const ENCRYPTION = ['AES256', 'KMS', 'KMS_DSSE'];

export const PRIVATE_TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921';
export const PUBLIC_TARGET_PREFIX = 'SpencerFrontendService';

export const PRIVATE_OPERATIONS: Record<string, Operation> = {
  GetAuthorizationToken: (s, _in, ctx) => {
    const { password, expiresAt } = s.issuePassword();
    const authorizationToken = Buffer.from(`AWS:${password}`).toString('base64');
    return ok({ authorizationData: [{ authorizationToken, expiresAt: expiresAt / 1000, proxyEndpoint: `http://${ctx.frontHost}` }] });
  },
  DescribeRepositories: (s, input, ctx) => describeRepositories(s, input, ctx, 1000),
  CreateRepository: (s, input, ctx) => {
    const repo = createRepository(s, input, ctx, 256);
    return ok({ repository: view(repo) });
  },
  DescribeRepositoryCreationTemplates: (s, input) => {
    const prefixes = input.prefixes as string[] | undefined;
    const all = s.templates.filter((t) => !prefixes || prefixes.includes(t.prefix)).sort((a, b) => a.prefix.localeCompare(b.prefix));
    const start = input.nextToken ? Number(Buffer.from(String(input.nextToken), 'base64').toString()) : 0;
    const size = Math.min(Number(input.maxResults ?? 1000), 1000);
    const page = all.slice(start, start + size);
    const next = start + size < all.length ? Buffer.from(String(start + size)).toString('base64') : undefined;
    return ok({ registryId: s.account, repositoryCreationTemplates: page, ...(next ? { nextToken: next } : {}) });
  },
};

/** ECR creating a repository a push met missing, with the settings of the template covering it. */
export function createOnPush(s: StandinState, name: string, frontHost: string): StandinRepository | undefined {
  const t = s.createOnPushTemplate(name);
  if (!t) return undefined;
  const input = { repositoryName: name, imageTagMutability: t.imageTagMutability, encryptionConfiguration: t.encryptionConfiguration, tags: t.resourceTags };
  return createRepository(s, input, { frontHost }, 256);
}

export const PUBLIC_OPERATIONS: Record<string, Operation> = {
  GetAuthorizationToken: (s) => {
    const { password, expiresAt } = s.issuePassword();
    const authorizationToken = Buffer.from(`AWS:${password}`).toString('base64');
    return ok({ authorizationData: { authorizationToken, expiresAt: expiresAt / 1000 } });
  },
  DescribeRegistries: (s, _in, ctx) =>
    ok({
      registries: [
        {
          registryId: s.account,
          registryArn: `arn:aws:ecr-public::${s.account}:registry/${s.account}`,
          registryUri: `${ctx.frontHost}/${s.publicAlias}`,
          verified: false,
          aliases: [{ name: s.publicAlias, status: 'ACTIVE', primaryRegistryAlias: true, defaultRegistryAlias: true }],
        },
      ],
    }),
  DescribeRepositories: (s, input, ctx) => describeRepositories(s, input, ctx, 1000),
  CreateRepository: (s, input, ctx) => {
    const repo = createRepository(s, input, ctx, 205);
    return ok({ repository: view(repo), catalogData: repo.catalogData ?? {} });
  },
};

function ok(body: unknown): ApiResponse {
  return { status: 200, body };
}

function describeRepositories(s: StandinState, input: Input, ctx: ApiContext, maxPage: number): ApiResponse {
  const names = input.repositoryNames as string[] | undefined;
  if (names) {
    if (names.length < 1 || names.length > 100) {
      throw new ApiException(
        'InvalidParameterException',
        "Invalid parameter at 'repositoryNames' failed to satisfy constraint: 'Member must have length between 1 and 100'",
      );
    }
    const found = names.map((n) => {
      const r = s.repositories.get(n);
      if (!r) throw notFound(s, n);
      return r;
    });
    return ok({ repositories: found.map(view) });
  }
  const all = [...s.repositories.values()].sort((a, b) => a.repositoryName.localeCompare(b.repositoryName));
  const start = input.nextToken ? Number(Buffer.from(String(input.nextToken), 'base64').toString()) : 0;
  const size = Math.min(Number(input.maxResults ?? 100), maxPage);
  const page = all.slice(start, start + size);
  const next = start + size < all.length ? Buffer.from(String(start + size)).toString('base64') : undefined;
  void ctx;
  return ok({ repositories: page.map(view), ...(next ? { nextToken: next } : {}) });
}

function notFound(s: StandinState, name: string): ApiException {
  return new ApiException('RepositoryNotFoundException', `The repository with name '${name}' does not exist in the registry with id '${s.account}'`);
}

export function createRepository(s: StandinState, input: Input, ctx: ApiContext, maxLen: number): StandinRepository {
  const name = String(input.repositoryName ?? '');
  checkName(name, maxLen);
  if (s.repositories.has(name)) {
    throw new ApiException('RepositoryAlreadyExistsException', `The repository with name '${name}' already exists in the registry with id '${s.account}'`);
  }
  const tags = checkTags(input.tags);
  const mutability = String(input.imageTagMutability ?? 'MUTABLE');
  if (!MUTABILITY.includes(mutability)) throw invalid('imageTagMutability', `Member must satisfy enum value set: [${MUTABILITY.join(', ')}]`);
  const encryption = checkEncryption(input.encryptionConfiguration);
  const scan = input.imageScanningConfiguration as { scanOnPush?: boolean } | undefined;
  const repo: StandinRepository = {
    repositoryName: name,
    registryId: s.account,
    repositoryArn: `arn:aws:ecr${s.partition === 'public' ? '-public' : ''}:${s.region}:${s.account}:repository/${name}`,
    repositoryUri: s.partition === 'public' ? `${ctx.frontHost}/${s.publicAlias}/${name}` : `${ctx.frontHost}/${name}`,
    createdAt: Date.now() / 1000,
    imageTagMutability: mutability,
    imageScanningConfiguration: { scanOnPush: Boolean(scan?.scanOnPush) },
    encryptionConfiguration: encryption,
    tags,
    catalogData: input.catalogData as Record<string, unknown> | undefined,
  };
  s.repositories.set(name, repo);
  return repo;
}

function checkName(name: string, maxLen: number): void {
  if (name.length < 2 || name.length > maxLen) throw invalid('repositoryName', `Member must have length between 2 and ${maxLen}`);
  if (!NAME_RE.test(name)) throw invalid('repositoryName', `must satisfy regular expression '${NAME_RE.source.slice(1, -1)}'`);
}

function checkTags(raw: unknown): { Key: string; Value: string }[] {
  const tags = (raw as { Key: string; Value: string }[] | undefined) ?? [];
  if (tags.length > 50)
    throw new ApiException(
      'TooManyTagsException',
      'The list of tags on the repository is over the limit. The maximum number of tags that can be applied to a repository is 50.',
    );
  for (const t of tags) {
    if (!t.Key || t.Key.length > 128 || (t.Value ?? '').length > 256 || t.Key.startsWith('aws:')) {
      throw new ApiException('InvalidTagParameterException', `An invalid parameter was specified for tag key '${t.Key}'`);
    }
  }
  return tags;
}

function checkEncryption(raw: unknown): { encryptionType: string; kmsKey?: string } {
  const e = (raw as { encryptionType?: string; kmsKey?: string } | undefined) ?? { encryptionType: 'AES256' };
  const type = e.encryptionType ?? 'AES256';
  if (!ENCRYPTION.includes(type)) throw invalid('encryptionConfiguration.encryptionType', `Member must satisfy enum value set: [${ENCRYPTION.join(', ')}]`);
  if (type === 'AES256' && e.kmsKey)
    throw new ApiException('InvalidParameterException', 'Invalid parameter: kmsKey can only be specified when encryptionType is KMS or KMS_DSSE');
  if (type !== 'AES256' && e.kmsKey === 'arn:aws:kms:invalid') throw new ApiException('KmsException', 'The KMS key is not valid or not enabled');
  return type === 'AES256' ? { encryptionType: type } : { encryptionType: type, kmsKey: e.kmsKey ?? 'arn:aws:kms:aws-managed/ecr' };
}

function invalid(field: string, constraint: string): ApiException {
  return new ApiException('InvalidParameterException', `Invalid parameter at '${field}' failed to satisfy constraint: '${constraint}'`);
}

function view(r: StandinRepository): Omit<StandinRepository, 'tags' | 'catalogData'> {
  const { tags: _t, catalogData: _c, ...rest } = r;
  return rest;
}
