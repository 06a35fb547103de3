// Turns AWS SDK exceptions into EcrErrors that say what to do next, and decides which ones are
// worth retrying. The SDK already retries throttling and 5xx a few times; our own backoff sits
// on top for long throttling storms (many pods of an Indexed Job creating repositories at once).
import { EcrError } from '../util/errors.js';
import { printableLine } from '../util/printable.js';

/** SDK exception name → hint for the user. */
const HINTS: Record<string, string> = {
  RepositoryNotFoundException: 'the repository does not exist in this registry: check --registry, --region and the account',
  InvalidParameterException: 'check the repository name and the --tag-mutability/--encryption/--kms-key values',
  InvalidTagParameterException: 'repository tags: keys 1-128 characters, values up to 256, no "aws:" prefix',
  TooManyTagsException: 'at most 50 --repo-tag values are allowed',
  LimitExceededException: 'an ECR service quota was reached (repositories per registry?): raise it in Service Quotas',
  KmsException: 'check --kms-key: the key must exist, be enabled and allow ECR to use it',
  AccessDeniedException: 'the AWS principal lacks an ECR permission: check its IAM policy (and --profile)',
  UnrecognizedClientException: 'the AWS credentials are invalid: check --profile, AWS_PROFILE or AWS_ACCESS_KEY_ID',
  InvalidSignatureException: 'the AWS secret key does not match the access key: check the credentials',
  ExpiredTokenException: 'the AWS session has expired: log in again (aws sso login) or refresh the credentials',
  ThrottlingException: 'ECR is throttling API calls: use fewer parallel pushes (--shard with fewer pods) or retry later',
  ServerException: 'ECR had an internal error: retry later',
  CredentialsProviderError: 'no AWS credentials were found: set AWS_PROFILE/--profile, environment keys, or run where an IAM role is attached',
  UnknownOperationException:
    'this endpoint does not offer that ECR API operation (an AWS partition or an ECR-compatible endpoint without it): check --endpoint-url and --region',
  UnknownError: 'the ECR API (or a proxy in front of it) failed without naming the error: check --endpoint-url and any proxy, then retry',
};

const NOT_AWS_HINT = 'something between here and the ECR API (a proxy, a load balancer, a wrong --endpoint-url) answered instead of ECR: check them';

const TRANSIENT = new Set(['ThrottlingException', 'ServerException', 'ServiceUnavailableException', 'RequestTimeout', 'TimeoutError', 'InternalFailure']);

export function errorName(e: unknown): string {
  return (e as { name?: string })?.name ?? '';
}

/** Throttling, 5xx and connection failures: trying again later may succeed. */
export function isTransientAwsError(e: unknown): boolean {
  const err = (e instanceof EcrError ? e.cause : e) as { name?: string; $metadata?: { httpStatusCode?: number }; code?: string } | undefined;
  if (!err) return false;
  if (TRANSIENT.has(err.name ?? '')) return true;
  const status = err.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  return ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE'].includes(err.code ?? '');
}

export function toEcrError(context: string, e: unknown): EcrError {
  if (e instanceof EcrError) return e;
  const name = errorName(e);
  const status = (e as { $metadata?: { httpStatusCode?: number }; $response?: { statusCode?: number } })?.$response?.statusCode;
  // the SDK's deserialization failure: its message would send the user to a hidden field
  if (name === 'SyntaxError' && status !== undefined)
    return new EcrError(`${context}: HTTP ${status} with a body that is not AWS JSON`, { hint: NOT_AWS_HINT, cause: e });
  const message = printableLine(e instanceof Error ? e.message : String(e));
  // an error answer naming no type: the SDK calls it UnknownError and says nothing more
  if (name === 'UnknownError' || message === 'UnknownError') {
    const code = status ?? (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
    return new EcrError(`${context}: UnknownError${code ? ` (HTTP ${code}, the answer names no error type)` : ''}`, { hint: HINTS.UnknownError, cause: e });
  }
  return new EcrError(`${context}: ${name && !message.startsWith(name) ? `${name}: ` : ''}${message}`, { hint: HINTS[name], cause: e });
}
