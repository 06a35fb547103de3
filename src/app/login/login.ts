// `helm airgap login`: an ECR (or ECR Public) login from the AWS default chain, written where Helm
// and container tools read logins (Helm's registry config, docker's config.json), so an
// installer job needs no `aws` CLI. Other entries of those files are kept; the files are written
// whole (temp, fsync, rename) and readable by their owner only. The token is never printed
// unless asked (--print, for a pipe).
import { parseJsonQuietly } from '../../util/json-position.js';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseTarget, type TargetKind } from '../../ecr/target.js';
import { toRegistryCredential } from '../../ecr/auth.js';
import type { Ctx } from '../../util/ctx.js';
import { UsageError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import type { Secret } from '../../util/secret.js';
import type { DestinationOptions } from '../../ecr/destination.js';
import { ecrTokenSourceFor } from '../../ecr/ecr-destination.js';

export interface LoginOptions extends DestinationOptions {
  registry: string;
  targetKind?: TargetKind;
  /** Config files to write the login into (docker's config.json, Helm's registry config). */
  configFiles: string[];
}

export interface LoginReport {
  host: string;
  username: string;
  expiresAt: string;
  /** Whole minutes until the token expires. */
  validForMinutes: number;
  files: string[];
}

export interface Login {
  report: LoginReport;
  /** The password, for --print only. */
  password: Secret;
}

export async function ecrLogin(o: LoginOptions, ctx: Ctx = {}, now = Date.now()): Promise<Login> {
  const target = parseTarget(o.registry, o.targetKind, { registryOnly: true });
  if (target.kind === 'oci') {
    throw new UsageError(`login: ${target.host} is not an ECR or ECR Public host`, {
      hint: 'pass --type ecr for a stand-in or custom DNS name; other registries: docker login or helm registry login',
    });
  }
  const token = await ecrTokenSourceFor(target, o)(ctx);
  const cred = toRegistryCredential(token.token);
  const username = cred.username ?? 'AWS';
  for (const file of o.configFiles) await writeLogin(file, target.host, username, cred.password);
  const report: LoginReport = {
    host: target.host,
    username,
    expiresAt: token.expiresAt.toISOString(),
    validForMinutes: Math.max(0, Math.floor((token.expiresAt.getTime() - now) / 60_000)),
    files: o.configFiles,
  };
  return { report, password: cred.password! };
}

/** Sets auths[host] in a docker-format config file, keeping everything else in it. */
async function writeLogin(file: string, host: string, username: string, password: Secret | undefined): Promise<void> {
  let config: Record<string, unknown> = {};
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? '' : Promise.reject(e)));
  if (text.trim() !== '') {
    try {
      config = parseJsonQuietly(text, file) as Record<string, unknown>;
    } catch (e) {
      // the position only: the text near a fault may be another login's secret
      throw new UsageError(`${(e as Error).message}, so the login cannot be added to it`, {
        hint: 'fix or move the file, then log in again',
        cause: e,
      });
    }
  }
  const auths = (config.auths && typeof config.auths === 'object' ? config.auths : {}) as Record<string, unknown>;
  auths[host] = { auth: Buffer.from(`${username}:${password?.reveal() ?? ''}`).toString('base64') };
  config.auths = auths;
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
}
