// Registry logins for ECR and ECR Public: GetAuthorizationToken through the AWS SDK (whose own
// default chain finds the AWS credentials: env, --profile, SSO, web identity, instance and pod
// roles), decoded into the Basic "AWS:<password>" login the /v2/ API wants, and fetched again
// before it expires so a push that outlives the 12-hour token keeps going.
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { ECRPUBLICClient, GetAuthorizationTokenCommand as GetPublicAuthorizationTokenCommand } from '@aws-sdk/client-ecr-public';
import type { Credential, CredentialProvider } from '../registry/credentials.js';
import type { Ctx } from '../util/ctx.js';
import { EcrError } from '../util/errors.js';
import { Secret } from '../util/secret.js';
import { withRetry } from '../util/retry.js';
import { toEcrError } from './ecr-errors.js';
import { boundedCall, boundedRequestHandler, isRetriedAroundSdk, nameApiHost } from './api-bounds.js';

/** Static AWS credentials (tests, or keys handed over explicitly). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface AwsClientOptions {
  region: string;
  /** A profile of ~/.aws/config (as AWS_PROFILE), read by the SDK's own credential chain. */
  profile?: string;
  /** API endpoint override: a VPC interface endpoint, FIPS endpoint, or a test stand-in. */
  endpoint?: string;
  useFipsEndpoint?: boolean;
  useDualstackEndpoint?: boolean;
  /** Fixed AWS credentials; default is the SDK's default provider chain. */
  credentials?: AwsCredentials;
  /** SDK attempts per call, retries of throttling and 5xx included (default 5). */
  maxAttempts?: number;
}

export function createEcrClient(o: AwsClientOptions): ECRClient {
  const client = new ECRClient(toClientConfig(o));
  nameApiHost(client, o, 'ecr');
  return client;
}

export function createEcrPublicClient(o: AwsClientOptions): ECRPUBLICClient {
  // ECR Public's API is served from us-east-1 whatever region the caller is in
  const client = new ECRPUBLICClient(toClientConfig({ ...o, region: 'us-east-1' }));
  nameApiHost(client, { ...o, region: 'us-east-1' }, 'ecr-public');
  return client;
}

function toClientConfig(o: AwsClientOptions) {
  return {
    region: o.region,
    maxAttempts: o.maxAttempts ?? 5,
    requestHandler: boundedRequestHandler(),
    ...(o.profile ? { profile: o.profile } : {}),
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
    ...(o.useFipsEndpoint ? { useFipsEndpoint: true } : {}),
    ...(o.useDualstackEndpoint ? { useDualstackEndpoint: true } : {}),
    ...(o.credentials ? { credentials: o.credentials } : {}),
  };
}

export interface AuthorizationToken {
  /** base64 of "AWS:<password>", as GetAuthorizationToken returns it. */
  token: Secret;
  expiresAt: Date;
}

export type TokenSource = (c?: Ctx) => Promise<AuthorizationToken>;

export function ecrTokenSource(client: ECRClient): TokenSource {
  return async (c) => {
    const what = 'ecr GetAuthorizationToken';
    const out = await withAwsRetry(what, () => boundedCall(client, what, c, (o) => client.send(new GetAuthorizationTokenCommand({}), o)), c);
    return toAuthorizationToken(out.authorizationData?.[0], what);
  };
}

export function ecrPublicTokenSource(client: ECRPUBLICClient): TokenSource {
  return async (c) => {
    const what = 'ecr-public GetAuthorizationToken';
    const out = await withAwsRetry(what, () => boundedCall(client, what, c, (o) => client.send(new GetPublicAuthorizationTokenCommand({}), o)), c);
    return toAuthorizationToken(out.authorizationData, what);
  };
}

/** Our backoff over the SDK's own retries, for throttling storms; failures become EcrErrors. */
async function withAwsRetry<T>(what: string, fn: () => Promise<T>, c?: Ctx): Promise<T> {
  try {
    return await withRetry(fn, { retries: c?.retries ?? 5, baseMs: 500, signal: c?.signal, isTransient: isRetriedAroundSdk });
  } catch (e) {
    throw toEcrError(what, e);
  }
}

function toAuthorizationToken(d: { authorizationToken?: string; expiresAt?: Date } | undefined, what: string): AuthorizationToken {
  if (!d?.authorizationToken)
    throw new EcrError(`${what}: the answer holds no authorization token`, { hint: 'check that the AWS principal may call GetAuthorizationToken' });
  // without an expiry, assume ECR's documented 12 hours
  return { token: new Secret(d.authorizationToken), expiresAt: d.expiresAt ?? new Date(Date.now() + 12 * 3600_000) };
}

/** Decodes base64("AWS:<password>") into a Basic login. */
export function toRegistryCredential(token: Secret): Credential {
  const decoded = Buffer.from(token.reveal(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new EcrError('ecr authorization token is not "user:password" once decoded', { hint: 'this is not an ECR token: check --endpoint-url' });
  return { username: decoded.slice(0, colon), password: new Secret(decoded.slice(colon + 1)) };
}

export interface EcrCredentialOptions {
  source: TokenSource;
  /** Registry hosts (host[:port]) this login is for. */
  hosts: string[];
  /** Fetch a new token this long before the old one expires (default 15 min). */
  refreshBeforeMs?: number;
  now?: () => number;
}

/** A CredentialProvider that serves the ECR login for its hosts and renews it before expiry. */
export class EcrCredentialProvider implements CredentialProvider {
  readonly #o: EcrCredentialOptions;
  readonly #hosts: Set<string>;
  #current?: { cred: Credential; expiresAt: number; fetchedAt: number };
  #inflight?: Promise<Credential>;
  /** How many tokens were fetched (reported, and checked by tests). */
  fetches = 0;

  constructor(o: EcrCredentialOptions) {
    this.#o = o;
    this.#hosts = new Set(o.hosts.map((h) => h.toLowerCase()));
  }

  async get(host: string, c?: Ctx): Promise<Credential | undefined> {
    if (!this.#hosts.has(host.toLowerCase())) return undefined;
    const now = (this.#o.now ?? Date.now)();
    const cur = this.#current;
    if (cur && now < cur.expiresAt - this.#refreshBefore(cur)) return cur.cred;
    this.#inflight ??= this.#fetch(c).finally(() => (this.#inflight = undefined));
    return this.#inflight;
  }

  /** Forgets the login (the registry refused it, e.g. "authorization token has expired"). */
  invalidate(): void {
    this.#current = undefined;
  }

  /** Whether the login in use was fetched before `t` (ms since epoch), or there is none. */
  fetchedBefore(t: number): boolean {
    return !this.#current || this.#current.fetchedAt < t;
  }

  #refreshBefore(cur: { expiresAt: number; fetchedAt: number }): number {
    // never more than half the token's life, so short-lived tokens are still reused
    return Math.min(this.#o.refreshBeforeMs ?? 15 * 60_000, (cur.expiresAt - cur.fetchedAt) / 2);
  }

  async #fetch(c?: Ctx): Promise<Credential> {
    const t = await this.#o.source(c);
    this.fetches++;
    const cred = toRegistryCredential(t.token);
    this.#current = { cred, expiresAt: t.expiresAt.getTime(), fetchedAt: (this.#o.now ?? Date.now)() };
    return cred;
  }
}
