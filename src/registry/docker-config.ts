// Credentials from a docker config.json (DCLI file.go, file_store.go, native_store.go):
// precedence credHelpers[host] → credsStore → auths, helpers run by credential-helper.ts. The file
// path and helper environment come from the caller. Nothing of the file's text is ever quoted in
// an error (a syntax error names its line and column): what stands near a fault may be a secret.
import { readFile } from 'node:fs/promises';
import type { Ctx } from '../util/ctx.js';
import { AirgapError } from '../util/errors.js';
import { parseJsonQuietly } from '../util/json-position.js';
import { boundedSecret, credentialKey, type Credential, type CredentialProvider } from './credentials.js';

interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
  registrytoken?: string;
}

export interface DockerConfig {
  auths?: Record<string, AuthEntry>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

export interface DockerConfigOptions {
  /** Path of config.json; a missing file means no credentials. */
  path?: string;
  /** An already parsed config (wins over path). */
  config?: DockerConfig;
  /** Environment for credential helpers (PATH finds them); default: the process environment. */
  env?: Record<string, string | undefined>;
}

/** Docker Hub is stored under its legacy index URL (GGCR authn DefaultAuthKey). */
const HUB_KEY = 'https://index.docker.io/v1/';
const HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const HINT = 'fix the docker config file or the credential helper, or log in again (docker login, helm registry login)';

export class DockerConfigError extends AirgapError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'ERR_CREDENTIALS', hint: HINT, cause });
  }
}

export function dockerConfigCredentials(o: DockerConfigOptions): CredentialProvider {
  let config: Promise<DockerConfig> | undefined;
  const cache = new Map<string, Promise<Credential | undefined>>();
  return {
    get(host, c) {
      const key = host.toLowerCase();
      let hit = cache.get(key);
      if (!hit) {
        config ??= loadConfig(o);
        hit = config.then((cfg) => lookup(cfg, key, o, c));
        cache.set(key, hit);
      }
      return hit;
    },
  };
}

async function loadConfig(o: DockerConfigOptions): Promise<DockerConfig> {
  if (o.config) return o.config;
  if (!o.path) return {};
  let text: string;
  try {
    text = await readFile(o.path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new DockerConfigError(`read docker config ${o.path}: ${(e as Error).message}`, e);
  }
  let cfg: unknown;
  try {
    cfg = parseJsonQuietly(text, o.path);
  } catch (e) {
    throw new DockerConfigError((e as Error).message);
  }
  return checkShape(cfg, o.path);
}

/** The parts read here have the types Docker writes; entries are named by key, never by value. */
function checkShape(cfg: unknown, file: string): DockerConfig {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(cfg)) throw new DockerConfigError(`${file}: not a JSON object`);
  const { auths, credHelpers, credsStore } = cfg;
  if (auths !== undefined && !isObject(auths)) throw new DockerConfigError(`${file}: "auths" is not an object`);
  for (const [key, entry] of Object.entries(auths ?? {})) {
    if (!isObject(entry)) throw new DockerConfigError(`${file}: auths[${JSON.stringify(key)}] is not an object`);
    for (const field of ['auth', 'username', 'password', 'identitytoken', 'registrytoken'])
      if (entry[field] !== undefined && typeof entry[field] !== 'string')
        throw new DockerConfigError(`${file}: auths[${JSON.stringify(key)}].${field} is not a string`);
  }
  if (credHelpers !== undefined && !isObject(credHelpers)) throw new DockerConfigError(`${file}: "credHelpers" is not an object`);
  for (const [key, name] of Object.entries(credHelpers ?? {}))
    if (typeof name !== 'string') throw new DockerConfigError(`${file}: credHelpers[${JSON.stringify(key)}] is not a string`);
  if (credsStore !== undefined && typeof credsStore !== 'string') throw new DockerConfigError(`${file}: "credsStore" is not a string`);
  return cfg as DockerConfig;
}

async function lookup(cfg: DockerConfig, host: string, o: DockerConfigOptions, c?: Ctx): Promise<Credential | undefined> {
  const hub = credentialKey(host) === 'docker.io';
  const byHost = cfg.credHelpers?.[host] ?? (hub ? (cfg.credHelpers?.[HUB_KEY] ?? cfg.credHelpers?.['docker.io']) : undefined);
  const helper = byHost ?? cfg.credsStore;
  const from = `${o.path ?? 'docker config'} ${byHost !== undefined ? `credHelpers[${JSON.stringify(host)}]` : 'credsStore'}`;
  if (helper) {
    // loaded on use: most runs call no helper
    const { runCredentialHelper } = await import('./credential-helper.js');
    return runCredentialHelper(helper, hub ? HUB_KEY : host, o.env, from, c);
  }
  const entry = findAuth(cfg.auths ?? {}, host, hub);
  return entry && toCredential(entry, host, o.path ?? 'docker config');
}

/** Exact key first, then keys normalised to a host name (ConvertToHostname). */
function findAuth(auths: Record<string, AuthEntry>, host: string, hub: boolean): AuthEntry | undefined {
  const wanted = hub ? HUB_HOSTS : new Set([host]);
  if (hub && auths[HUB_KEY]) return auths[HUB_KEY];
  if (auths[host]) return auths[host];
  for (const [key, entry] of Object.entries(auths)) {
    if (wanted.has(toHostname(key))) return entry;
  }
  return undefined;
}

export function toHostname(key: string): string {
  return key
    .replace(/^[a-z]+:\/\//i, '')
    .split('/')[0]!
    .toLowerCase();
}

function toCredential(e: AuthEntry, host: string, file: string): Credential | undefined {
  const cred: Credential = {};
  const where = `${file} auths[${host}]`;
  const secret = (v: string, field: string) => boundedSecret(v, `${where}.${field}`, HINT);
  if (e.auth) {
    const decoded = Buffer.from(e.auth, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i <= 0) throw new DockerConfigError(`${where}: "auth" is not base64 of user:password`);
    cred.username = decoded.slice(0, i);
    cred.password = secret(decoded.slice(i + 1).replace(/\0+$/, ''), 'auth');
  } else if (e.username && e.password) {
    cred.username = e.username;
    cred.password = secret(e.password, 'password');
  }
  if (e.identitytoken) cred.refreshToken = secret(e.identitytoken, 'identitytoken');
  if (e.registrytoken) cred.accessToken = secret(e.registrytoken, 'registrytoken');
  return cred.password || cred.refreshToken || cred.accessToken ? cred : undefined;
}
