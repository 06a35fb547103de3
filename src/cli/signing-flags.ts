// The bundle signature's flags, declared once: --sign-key for the commands that sign (bundle,
// sign; a PEM file or awskms://KEY), --key and --require-signature for those that trust a bundle (push, verify, values).
// A key's password comes from HELM_AIRGAP_KEY_PASSWORD or stdin, never from the command line.
import { Command, Option } from 'commander';
import type { BundleTrust } from '../bundle/signature/check.js';
import type { SigningKey } from '../bundle/signature/keys.js';
import { UsageError } from '../util/errors.js';
import type { Ctx } from '../util/ctx.js';
import { collect } from './flags.js';

export const KEY_PASSWORD_ENV = 'HELM_AIRGAP_KEY_PASSWORD';
export const BUNDLE_KEY_ENV = 'HELM_AIRGAP_BUNDLE_KEY';

export interface TrustFlags {
  key: string[];
  requireSignature?: boolean;
}

export function addTrustFlags(cmd: Command): Command {
  return cmd
    .option(
      '--key <public.pem>',
      `public key of the bundle's signer (repeatable; default $${BUNDLE_KEY_ENV}): the bundle must be signed by it, else exit 3 before anything is used`,
      collect,
      [],
    )
    .option('--require-signature', `refuse a bundle that is not signed by a trusted key (needs --key or $${BUNDLE_KEY_ENV})`);
}

export function keyPasswordOption(): Option {
  return new Option('--key-password-stdin', `read the signing key's password from stdin (or set $${KEY_PASSWORD_ENV})`);
}

/** --key, else $HELM_AIRGAP_BUNDLE_KEY (comma separated): the keys a bundle must be signed by. */
export function toBundleTrust(f: TrustFlags, env: NodeJS.ProcessEnv): BundleTrust | undefined {
  const keys = f.key.length > 0 ? f.key : envKeys(env);
  if (keys.length === 0) {
    if (f.requireSignature)
      throw new UsageError("--require-signature needs the signer's public key to check the signature with", {
        hint: `give --key builder.pub (or set ${BUNDLE_KEY_ENV}=/path/builder.pub)`,
      });
    return undefined;
  }
  return { keys };
}

/**
 * The variable's keys. Set, it is a promise that bundles are checked: a value naming no key, or
 * with an empty entry (`,`, `a.pub,,b.pub`, a secret that came through empty), is refused, never
 * read as "no key" (which would push an unsigned bundle with exit 0).
 */
function envKeys(env: NodeJS.ProcessEnv): string[] {
  const value = env[BUNDLE_KEY_ENV];
  if (value === undefined) return [];
  const keys = value.split(',').map((k) => k.trim());
  if (keys.some((k) => k === ''))
    throw new UsageError(`${BUNDLE_KEY_ENV}=${JSON.stringify(value)}: ${value.trim() === '' ? 'names no key' : 'has an empty entry'}: refused`, {
      hint: `set ${BUNDLE_KEY_ENV} to the signer's public key file (several: comma separated, no empty entry), or unset it to take no key`,
    });
  return keys;
}

/** Reads --sign-key's private key (its password from the environment or stdin only when it is encrypted), or opens its AWS KMS key. */
export async function readSignKeyFlag(
  path: string,
  o: { env: NodeJS.ProcessEnv; passwordStdin?: boolean; readStdin: () => Promise<Buffer | string>; ctx?: Ctx },
): Promise<SigningKey> {
  if (path.startsWith('awskms://')) return (await import('../ecr/kms.js')).kmsSigningKey(path, { env: o.env, ...(o.ctx ? { ctx: o.ctx } : {}) });
  const { readSigningKey } = await import('../bundle/signature/keys.js');
  return readSigningKey(path, async () => {
    if (o.passwordStdin) return String(await o.readStdin()).replace(/\r?\n$/, '');
    return o.env[KEY_PASSWORD_ENV];
  });
}
