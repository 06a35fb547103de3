// The logins of a transfer's two sides (copy, sync), each for its own side only: skopeo's
// --src-creds/--dest-creds USER[:PASSWORD], and the password kept off the command line (where
// `ps` shows it) as docker login takes it: --src-password-stdin, a file, or the environment.
// Which hosts a side's login answers is bound where the hosts are known (registry/credentials.ts
// staticCredentials): never another side's, a list's second column, a redirect or a mirror of the other.
import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import { boundedSecret, MAX_SECRET_BYTES, type Credential } from '../registry/credentials.js';
import { UsageError } from '../util/errors.js';
import { unreadableInput } from '../util/input-file.js';
import type { Runtime } from './runtime.js';
import { stdinSecret } from './settings.js';

export type Side = 'src' | 'dest';

export interface SideLoginFlags {
  srcCreds?: string;
  destCreds?: string;
  srcUsername?: string;
  destUsername?: string;
  srcPasswordStdin?: boolean;
  destPasswordStdin?: boolean;
  srcPasswordFile?: string;
  destPasswordFile?: string;
}

const WORD: Record<Side, string> = { src: 'source', dest: 'destination' };
export const PASSWORD_ENV: Record<Side, string> = { src: 'HELM_AIRGAP_SRC_PASSWORD', dest: 'HELM_AIRGAP_DEST_PASSWORD' };

export function addSideLoginFlags(cmd: Command): Command {
  for (const side of ['src', 'dest'] as const) {
    const word = WORD[side];
    cmd
      .option(`--${side}-creds <user[:password]>`, `${word} login (a password here shows in ps: prefer --${side}-password-stdin)`)
      .option(`--${side}-username <user>`, `${word} login's user (password from --${side}-password-stdin, --${side}-password-file or $${PASSWORD_ENV[side]})`)
      .option(`--${side}-password-stdin`, `read the ${word} password from stdin`)
      .option(`--${side}-password-file <file>`, `read the ${word} password from this file`);
  }
  return cmd;
}

/**
 * Each side's login from its flags, or undefined where none was given. `stdinTaken` names what
 * else reads stdin (copy's --from-file -); only one thing can.
 */
export async function sideLogins(rt: Runtime, f: SideLoginFlags, stdinTaken?: string): Promise<{ src?: Credential; dest?: Credential }> {
  if (f.srcPasswordStdin && f.destPasswordStdin)
    throw new UsageError('--src-password-stdin and --dest-password-stdin both read stdin: give one side its password from a file or the environment');
  for (const side of ['src', 'dest'] as const)
    if (f[`${side}PasswordStdin`] && stdinTaken) throw new UsageError(`${stdinTaken} and --${side}-password-stdin both read stdin: give one of them`);
  return { src: await sideLogin(rt, f, 'src'), dest: await sideLogin(rt, f, 'dest') };
}

async function sideLogin(rt: Runtime, f: SideLoginFlags, side: Side): Promise<Credential | undefined> {
  const creds = f[`${side}Creds`];
  const colon = creds?.indexOf(':') ?? -1;
  const fromCreds = creds === undefined ? undefined : colon < 0 ? creds : creds.slice(0, colon);
  const named = f[`${side}Username`];
  if (creds !== undefined && !fromCreds) throw new UsageError(`--${side}-creds: expected USER[:PASSWORD]`);
  if (named !== undefined && fromCreds !== undefined && named !== fromCreds)
    throw new UsageError(`--${side}-username ${named} and --${side}-creds ${fromCreds} name two users`, { hint: 'give the user once' });
  const username = named ?? fromCreds;
  const given = [
    colon >= 0 && `--${side}-creds USER:PASSWORD`,
    f[`${side}PasswordStdin`] && `--${side}-password-stdin`,
    f[`${side}PasswordFile`] !== undefined && `--${side}-password-file`,
  ].filter((x): x is string => typeof x === 'string');
  if (given.length > 1) throw new UsageError(`${given.join(' and ')} both give the ${WORD[side]} password: give one`);
  if (username === undefined) {
    if (given.length) throw new UsageError(`${given[0]} needs a user: --${side}-username USER (or --${side}-creds USER)`);
    return undefined;
  }
  const hint = `the ${WORD[side]} password is the registry's password or token, not a file of something else`;
  const what = given[0] ?? PASSWORD_ENV[side];
  if (colon >= 0) return { username, password: boundedSecret(creds!.slice(colon + 1), `--${side}-creds`, hint) };
  if (f[`${side}PasswordStdin`]) return { username, password: stdinSecret((await rt.readStdin()).toString('utf8'), what) };
  const file = f[`${side}PasswordFile`];
  if (file !== undefined) {
    const text = await readCapped(file, MAX_SECRET_BYTES + 2).catch((e: unknown) => {
      throw unreadableInput(`--${side}-password-file`, file, e);
    });
    return { username, password: stdinSecret(text, what) };
  }
  const env = rt.env[PASSWORD_ENV[side]];
  if (env !== undefined) return { username, password: boundedSecret(env, what, hint) };
  // skopeo's USER without a password: an empty one (a registry that takes the user alone)
  if (fromCreds !== undefined) return { username, password: boundedSecret('', what, hint) };
  throw new UsageError(`--${side}-username needs a password`, {
    hint: `pipe it to --${side}-password-stdin, or give --${side}-password-file FILE, or set ${PASSWORD_ENV[side]}`,
  });
}

/** At most `max` bytes of a file: a device or a pipe (<(pass show x)) as well as a regular file. */
async function readCapped(file: string, max: number): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of createReadStream(file, { end: max - 1 })) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}
