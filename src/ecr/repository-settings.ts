// Repository settings the CLI validates before anything loads the AWS SDK (kept apart from
// repository-api.ts so `--help` and other commands start without it, and a copy or sync that
// meets no ECR host still refuses what ECR would refuse).
import { UsageError } from '../util/errors.js';

export const TAG_MUTABILITY = ['MUTABLE', 'IMMUTABLE', 'IMMUTABLE_WITH_EXCLUSION', 'MUTABLE_WITH_EXCLUSION'] as const;
export type TagMutability = (typeof TAG_MUTABILITY)[number];
export const ENCRYPTION_TYPES = ['AES256', 'KMS', 'KMS_DSSE'] as const;
export type EncryptionType = (typeof ENCRYPTION_TYPES)[number];

/** When a transfer creates a missing repository: auto leaves to a create-on-push template what one
 * covers and creates the rest; always creates every one; never creates none and fails first. */
export const CREATE_WHEN = ['auto', 'always', 'never'] as const;
export type CreateWhen = (typeof CREATE_WHEN)[number];

export interface EcrRepositorySettings {
  /** --create-repositories (default auto). */
  create?: CreateWhen;
  tagMutability?: TagMutability;
  /** Deprecated by AWS in favour of registry-level scanning, still honoured per repository. */
  scanOnPush?: boolean;
  encryption?: EncryptionType;
  kmsKey?: string;
  tags?: Record<string, string>;
  /** Another account's registry (cross-account push); default: the caller's. */
  registryId?: string;
}

/** Refuses settings ECR would refuse, before any call is made. */
export function checkEcrSettings(s: EcrRepositorySettings): void {
  if (s.kmsKey && (s.encryption ?? 'AES256') === 'AES256') {
    throw new UsageError('--kms-key needs --encryption KMS or KMS_DSSE', { hint: 'add --encryption KMS, or drop --kms-key for AES256' });
  }
  if (Object.keys(s.tags ?? {}).length > 50) throw new UsageError('at most 50 --repo-tag values are allowed (ECR limit)');
  if (s.registryId !== undefined && !/^\d{12}$/.test(s.registryId))
    throw new UsageError(`--registry-id ${JSON.stringify(s.registryId)}: an AWS account ID is 12 digits`, { hint: 'e.g. --registry-id 123456789012' });
}
