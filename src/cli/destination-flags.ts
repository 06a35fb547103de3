// The flags of a transfer's destination beyond its address: which kind of registry it is, the AWS
// API behind an ECR host, and the settings of the repositories a transfer creates there. push,
// copy and sync declare them here once, so they read and behave the same in each (one
// provisioner behind them all: ecr/repositories.ts provisionRepositories).
import { Option, type Command } from 'commander';
import type { AwsOptions } from '../ecr/destination.js';
import {
  checkEcrSettings,
  CREATE_WHEN,
  type CreateWhen,
  ENCRYPTION_TYPES,
  TAG_MUTABILITY,
  type EcrRepositorySettings,
  type EncryptionType,
  type TagMutability,
} from '../ecr/repository-settings.js';
import type { TargetKind } from '../ecr/target.js';
import { collect } from './flags.js';
import { parsePairs } from './settings.js';

export interface AwsFlags {
  type?: TargetKind;
  region?: string;
  profile?: string;
  endpointUrl?: string;
}

export interface RepositoryFlags {
  createRepositories?: CreateWhen;
  tagMutability?: TagMutability;
  scanOnPush?: boolean;
  encryption?: EncryptionType;
  kmsKey?: string;
  repoTag: string[];
  registryId?: string;
}

export type DestinationFlags = AwsFlags & RepositoryFlags;

/** --type, --region, --profile, --endpoint-url: the destination's kind and its AWS API. */
export function addAwsFlags(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--type <kind>', 'destination registry kind (default: from the host name; ecr for a custom DNS name)').choices(['ecr', 'ecr-public', 'oci']),
    )
    .option('--region <region>', "AWS region for the ECR API (default: from the host name, else AWS_REGION, AWS_DEFAULT_REGION, the profile's)")
    .option('--profile <name>', 'AWS profile from ~/.aws/config (default: the SDK chain)')
    .option('--endpoint-url <url>', 'ECR API endpoint (VPC endpoint, FIPS)');
}

/** The settings of every repository created in ECR (existing ones are left as they are). */
export function addRepositoryFlags(cmd: Command): Command {
  return cmd
    .addOption(
      new Option(
        '--create-repositories <when>',
        "missing ECR repositories: auto leaves to the account's create-on-push templates those a template covers and creates the rest; always creates all; never fails first, naming them",
      )
        .choices([...CREATE_WHEN])
        .default('auto'),
    )
    .addOption(new Option('--tag-mutability <m>', 'new ECR repositories: tag mutability').choices([...TAG_MUTABILITY]))
    .option('--scan-on-push', 'new ECR repositories: scan images on push')
    .addOption(new Option('--encryption <type>', 'new ECR repositories: encryption').choices([...ENCRYPTION_TYPES]))
    .option('--kms-key <arn>', 'KMS key for --encryption KMS')
    .option('--repo-tag <k=v>', 'tag for new repositories (repeatable)', collect, [])
    .option(
      '--registry-id <account>',
      "the AWS account whose ECR registry the host is, passed on every ECR API call (default: from the host name; needed where the name does not say: a VPC endpoint's private DNS, a proxy)",
    );
}

/** Both groups, for commands whose destination is named in their arguments (copy, sync). */
export function addDestinationFlags(cmd: Command): Command {
  return addRepositoryFlags(addAwsFlags(cmd));
}

/** --region, --profile, --endpoint-url, and the environment's region for a host name without one. */
export async function awsOptions(f: Omit<AwsFlags, 'type'>, env: NodeJS.ProcessEnv, home: string): Promise<AwsOptions> {
  const { environmentRegion } = await import('../ecr/aws-region.js');
  const fallback = f.region ? undefined : await environmentRegion(env, { profile: f.profile, home });
  return { region: f.region, profile: f.profile, endpoint: f.endpointUrl, ...(fallback ? { defaultRegion: fallback.region } : {}) };
}

/** Checked here, so a mistake is a usage error whether or not the run meets an ECR host. */
export function toRepositorySettings(f: RepositoryFlags): EcrRepositorySettings {
  const s: EcrRepositorySettings = {
    create: f.createRepositories,
    tagMutability: f.tagMutability,
    scanOnPush: f.scanOnPush,
    encryption: f.encryption,
    kmsKey: f.kmsKey,
    tags: parsePairs(f.repoTag, '--repo-tag', 'team=platform', { allowEmptyValue: true }),
    ...(f.registryId !== undefined ? { registryId: f.registryId } : {}),
  };
  checkEcrSettings(s);
  return s;
}

export async function toDestinationSettings(
  f: DestinationFlags,
  env: NodeJS.ProcessEnv,
  home: string,
): Promise<{ targetKind?: TargetKind; aws: AwsOptions; repositorySettings: EcrRepositorySettings }> {
  return { targetKind: f.type, aws: await awsOptions(f, env, home), repositorySettings: toRepositorySettings(f) };
}
