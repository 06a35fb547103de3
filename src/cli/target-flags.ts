// The flags that name a target registry and how to log in to it, shared by every command that
// talks to one (push, verify): declared once so they read the same everywhere (the AWS ones in
// destination-flags.ts, which copy and sync share).
import type { Command } from 'commander';
import { parseNaming, type NamingMode } from '../ecr/naming.js';
import { parseTarget, type TargetKind } from '../ecr/target.js';
import type { DestinationOptions } from '../ecr/destination.js';
import { credentialChain, staticCredentials } from '../registry/credentials.js';
import { UsageError } from '../util/errors.js';
import { addAwsFlags, awsOptions, type AwsFlags } from './destination-flags.js';
import { collect } from './flags.js';
import type { Runtime } from './runtime.js';
import { readSettings, registryCredentials, stdinSecret } from './settings.js';

export interface TargetFlags extends AwsFlags {
  registry: string;
  naming?: string;
  concurrency: number;
  username?: string;
  passwordStdin?: boolean;
  insecureRegistry: string[];
  cache?: string;
}

export function addTargetFlags(cmd: Command, o: { registryOptional?: string } = {}): Command {
  const registry: [string, string] = ['--registry <host[/prefix]>', `target registry and repository prefix${o.registryOptional ?? ''}`];
  return addAwsFlags(o.registryOptional ? cmd.option(...registry) : cmd.requiredOption(...registry))
    .option('--naming <mode>', 'target repository naming (table below; default full)')
    .option('--concurrency <n>', 'parallel transfers', (v) => Number(v), 8)
    .option('--username <user>', 'registry login for non-AWS registries (with --password-stdin)')
    .option('--password-stdin', 'read the registry password from stdin')
    .option('--insecure-registry <host>', 'allow plain HTTP to this host (repeatable)', collect, []);
}

/** Target flags → where and how to connect (AWS chain, docker and Helm logins, --username). */
export async function toTargetOptions(
  rt: Runtime,
  f: TargetFlags,
): Promise<DestinationOptions & { registry: string; targetKind?: TargetKind; naming: NamingMode; concurrency: number }> {
  if (!Number.isInteger(f.concurrency) || f.concurrency < 1) throw new UsageError('--concurrency must be a positive integer');
  if (f.passwordStdin && !f.username) throw new UsageError('--password-stdin needs --username');
  const settings = readSettings(rt.env, { cache: f.cache });
  if (f.username && !f.registry)
    throw new UsageError('--username is the login of the --registry host, and no --registry was given', {
      hint: "give --registry HOST[/PREFIX]; a map's other registries log in with docker login or helm registry login",
    });
  // the login goes to the --registry host only: never a map's other hosts or an upload's Location elsewhere
  const login =
    f.username && f.passwordStdin
      ? staticCredentials({ username: f.username, password: stdinSecret((await rt.readStdin()).toString('utf8')) }, [parseTarget(f.registry, f.type).host])
      : undefined;
  return {
    registry: f.registry,
    targetKind: f.type,
    naming: parseNaming(f.naming),
    concurrency: f.concurrency,
    aws: await awsOptions(f, rt.env, settings.home),
    credentials: credentialChain(login, registryCredentials(settings, rt.env)),
    insecureRegistries: f.insecureRegistry,
  };
}
