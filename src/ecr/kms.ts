// AWS KMS keys named as cosign names them, awskms://[ENDPOINT]/KEY (a key ID, alias/NAME, or a
// key or alias ARN): GetPublicKey for a policy's or a signer's public key, read once on the
// connected side and carried as PEM from then on, and Sign over a digest, so the private key
// never leaves KMS. The client is bounded as the ECR clients are (api-bounds.ts), its
// credentials come from the SDK's default chain and are never named in a message.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { homedir } from 'node:os';
import { GetPublicKeyCommand, KMSClient, SignCommand, type SigningAlgorithmSpec } from '@aws-sdk/client-kms';
import { describeKey, type SigningKey } from '../bundle/signature/keys.js';
import type { Ctx } from '../util/ctx.js';
import { AirgapError, EcrError, UsageError, findCause } from '../util/errors.js';
import { printableLine } from '../util/printable.js';
import { AnswerTooLargeError, boundAnswerBytes, boundedCall, boundedRequestHandler } from './api-bounds.js';
import { DEFAULT_EXCHANGE_TIMEOUT_MS } from '../registry/http.js';
import { environmentRegion } from './aws-region.js';
import { errorName } from './ecr-errors.js';

export const AWS_KMS_SCHEME = 'awskms://';
/** No GetPublicKey or Sign answer is near this (an RSA 4096 public key is 550 bytes of DER). */
export const KMS_ANSWER_MAX_BYTES = 64 * 1024;

export interface KmsKeyRef {
  /** The URI as given, for messages. */
  uri: string;
  /** host[:port] of the URI (a VPC endpoint, LocalStack, a stand-in); empty: the region's KMS. */
  endpoint: string;
  keyId: string;
  /** The region of an ARN; else the environment's. */
  region?: string;
}

export interface KmsOptions {
  env: NodeJS.ProcessEnv;
  home?: string;
  /** SDK attempts per call, retries of throttling, 5xx and refused connections included (default: --retries + 1, else 5). */
  maxAttempts?: number;
  /** --timeout (exchangeTimeoutMs: each attempt, twice it the whole call), --retries and the run's signal. */
  ctx?: Ctx;
}

const ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:(key\/[A-Za-z0-9-]+|alias\/[A-Za-z0-9/_-]+)$/;
const KEY_ID = /^(?:[A-Za-z0-9-]{1,64}|alias\/[A-Za-z0-9/_-]+)$/;

export function isAwsKmsUri(s: string): boolean {
  return s.startsWith(AWS_KMS_SCHEME);
}

/** cosign's forms: awskms:///ARN, awskms://HOST:PORT/alias/NAME; also awskms://ARN (no endpoint). */
export function parseKmsUri(uri: string, flag: string): KmsKeyRef {
  const rest = uri.slice(AWS_KMS_SCHEME.length);
  const bare = rest.startsWith('arn:');
  const slash = rest.indexOf('/');
  const endpoint = bare || slash < 0 ? '' : rest.slice(0, slash);
  const keyId = bare ? rest : rest.slice(slash + 1);
  const arn = ARN.exec(keyId);
  if (!isAwsKmsUri(uri) || (!arn && !KEY_ID.test(keyId)) || !/^[A-Za-z0-9.:[\]-]*$/.test(endpoint))
    throw new UsageError(`${flag} ${printableLine(uri)}: not an AWS KMS key URI`, {
      hint: 'write awskms:///arn:aws:kms:REGION:ACCOUNT:key/ID, awskms:///alias/NAME, or awskms://HOST:PORT/alias/NAME for another endpoint',
    });
  return { uri, endpoint, keyId, ...(arn ? { region: arn[1] } : {}) };
}

/** A KMS key's public half, as PEM: what a policy carries in the lock. */
export async function kmsPublicKeyPem(uri: string, flag: string, o: KmsOptions): Promise<string> {
  const k = await openKmsKey(uri, flag, o);
  return k.key.export({ type: 'spki', format: 'pem' }).toString();
}

/** A signer whose private key stays in KMS: Sign with MessageType DIGEST over the lock's digest. */
export async function kmsSigningKey(uri: string, o: KmsOptions): Promise<SigningKey> {
  const flag = '--sign-key';
  const k = await openKmsKey(uri, flag, o);
  if (k.usage !== 'SIGN_VERIFY')
    throw new UsageError(`${flag} ${uri}: the key's usage is ${k.usage ?? 'not said'}, not SIGN_VERIFY`, {
      hint: 'create an asymmetric signing key: aws kms create-key --key-usage SIGN_VERIFY --key-spec ECC_NIST_P256',
    });
  const publicKey = describeKey(k.key, uri, flag);
  const algorithm = signingAlgorithm(publicKey.kind.details);
  if (!algorithm || !k.algorithms.includes(algorithm))
    throw new UsageError(`${flag} ${uri}: a ${k.spec ?? 'key'} key does not sign with ${algorithm ?? publicKey.kind.details} over a digest`, {
      hint: 'use a KMS key of spec ECC_NIST_P256, ECC_NIST_P384 or RSA_2048/3072/4096',
    });
  return {
    publicKey,
    sign: async (_message, digest) => {
      const out = await kmsCall(k, 'Sign', o, (s) =>
        k.client.send(new SignCommand({ KeyId: k.ref.keyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: algorithm }), s),
      );
      if (!out.Signature?.length)
        throw new AirgapError(`${flag} ${uri}: KMS Sign answered no signature`, {
          code: 'ERR_KMS',
          hint: 'retry; if it persists, check the key in the KMS console',
        });
      return Buffer.from(out.Signature);
    },
  };
}

/** The KMS signing algorithm giving the signature a key kind's Sigstore bundle names. */
function signingAlgorithm(details: string): SigningAlgorithmSpec | undefined {
  if (details === 'PKIX_ECDSA_P256_SHA_256') return 'ECDSA_SHA_256';
  if (details === 'PKIX_ECDSA_P384_SHA_384') return 'ECDSA_SHA_384';
  if (details.startsWith('PKIX_RSA_PKCS1V15_')) return 'RSASSA_PKCS1_V1_5_SHA_256';
  return undefined;
}

interface OpenKey {
  ref: KmsKeyRef;
  /** The flag or policy line that named the key, for messages. */
  flag: string;
  client: KMSClient;
  host: string;
  key: KeyObject;
  usage?: string;
  spec?: string;
  algorithms: string[];
}

async function openKmsKey(uri: string, flag: string, o: KmsOptions): Promise<OpenKey> {
  const ref = parseKmsUri(uri, flag);
  const region = ref.region ?? (await environmentRegion(o.env, { home: o.home ?? o.env.HOME ?? homedir() }))?.region;
  if (!region)
    throw new UsageError(`${flag} ${uri}: the AWS region is not in the key's ARN, nor set here`, {
      hint: 'name the key by its ARN (awskms:///arn:aws:kms:REGION:…), or set AWS_REGION',
    });
  // a loopback endpoint is a stand-in or LocalStack on this machine, spoken to in plain HTTP
  const scheme = /^(localhost|127\.[\d.]+|\[::1\])(:\d+)?$/.test(ref.endpoint) ? 'http' : 'https';
  // the URI's endpoint, else the SDK's own variables (read from our environment, as the region is)
  const endpoint = ref.endpoint ? `${scheme}://${ref.endpoint}` : o.env.AWS_ENDPOINT_URL_KMS || o.env.AWS_ENDPOINT_URL || undefined;
  const client = new KMSClient({
    region,
    maxAttempts: o.maxAttempts ?? (o.ctx?.retries !== undefined ? o.ctx.retries + 1 : 5),
    requestHandler: boundedRequestHandler(),
    ...(endpoint ? { endpoint } : {}),
  });
  boundAnswerBytes(client, KMS_ANSWER_MAX_BYTES);
  const host = ref.endpoint || (endpoint ? hostOf(endpoint) : `kms.${region}.amazonaws.com`);
  const partial = { ref, client, host, flag };
  const out = await kmsCall(partial, 'GetPublicKey', o, (s) => client.send(new GetPublicKeyCommand({ KeyId: ref.keyId }), s));
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(out.PublicKey ?? []), format: 'der', type: 'spki' });
  } catch (e) {
    throw new AirgapError(`${flag} ${uri}: KMS GetPublicKey answered no readable public key`, {
      code: 'ERR_KMS',
      cause: e,
      hint: 'check that the key is an asymmetric key (a symmetric key has no public half)',
    });
  }
  return {
    ...partial,
    key,
    ...(out.KeyUsage ? { usage: out.KeyUsage } : {}),
    ...(out.KeySpec ? { spec: out.KeySpec } : {}),
    algorithms: out.SigningAlgorithms ?? [],
  };
}

const HINTS: Record<string, string> = {
  AccessDeniedException: 'the AWS principal may not use this key: allow it kms:GetPublicKey and kms:Sign in the key policy or IAM (check AWS_PROFILE)',
  NotFoundException: 'no such key: check the key ID, alias or ARN, and the region',
  DisabledException: 'the key is disabled: enable it (aws kms enable-key) or name another',
  KMSInvalidStateException: 'the key is not usable now (pending deletion or import): check it in the KMS console',
  InvalidKeyUsageException: 'the key is not a SIGN_VERIFY key: name an asymmetric signing key',
  UnrecognizedClientException: 'the AWS credentials are invalid: check AWS_PROFILE or AWS_ACCESS_KEY_ID',
  InvalidSignatureException: 'the AWS secret key does not match the access key: check the credentials',
  ExpiredTokenException: 'the AWS session has expired: log in again (aws sso login) or refresh the credentials',
  CredentialsProviderError: 'no AWS credentials were found: set AWS_PROFILE or environment keys, or run where an IAM role is attached',
};

async function kmsCall<T>(
  k: { ref: KmsKeyRef; client: KMSClient; host: string; flag: string },
  op: string,
  o: KmsOptions,
  call: (s: { abortSignal: AbortSignal; requestTimeout: number }) => Promise<T>,
): Promise<T> {
  const what = `${k.flag} ${k.ref.uri}: KMS ${op}`;
  try {
    return await boundedCall(k.client, what, o.ctx, call);
  } catch (e) {
    if (o.ctx?.signal?.aborted) throw e;
    const tooLarge = findCause<AnswerTooLargeError>(e, (x) => x instanceof AnswerTooLargeError);
    if (tooLarge)
      throw new AirgapError(`${what}: ${k.host} ${tooLarge.message}`, {
        code: 'ERR_KMS',
        cause: e,
        hint: `check that ${k.host} is the KMS endpoint meant (the key URI, AWS_ENDPOINT_URL_KMS, a proxy), or export the public key (aws kms get-public-key) and name the file`,
      });
    // boundedCall's own message names the operation and the time; its hint is the ECR API's
    if (e instanceof EcrError)
      throw new AirgapError(`${what}: no answer from ${k.host} within ${(o.ctx?.exchangeTimeoutMs ?? DEFAULT_EXCHANGE_TIMEOUT_MS) / 1000} s (--timeout)`, {
        code: 'ERR_KMS',
        cause: e,
        hint: `check that ${k.host} is reachable from here (VPC endpoint, proxy, firewall; a slow link may need a longer --timeout), or export the public key (aws kms get-public-key) and name the file`,
      });
    const name = errorName(e);
    const code = (e as { code?: string }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ECONNRESET')
      throw new AirgapError(`${what}: ${k.host} cannot be reached (${code})`, {
        code: 'ERR_KMS',
        cause: e,
        hint: `check the endpoint in the key URI or AWS_ENDPOINT_URL_KMS, and that ${k.host} is reachable from here`,
      });
    const message = printableLine(e instanceof Error ? e.message : String(e));
    throw new AirgapError(`${what}: ${name && !message.startsWith(name) ? `${name}: ` : ''}${message}`, {
      code: 'ERR_KMS',
      cause: e,
      hint: HINTS[name] ?? `check the key ${k.ref.keyId} and the AWS credentials, then retry`,
    });
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
