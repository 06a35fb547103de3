// Credentials from a docker config.json (DCLI file.go, file_store.go, native_store.go):
// precedence credHelpers[host] → credsStore → auths, helpers run as `docker-credential-<name> get`
// with the server URL on stdin. The file path and helper environment come from the caller.
import { readFile } from 'node:fs/promises';
import { AirgapError } from '../util/errors.js';
import { Secret } from '../util/secret.js';
import type { Credential, CredentialProvider } from './credentials.js';

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

export class DockerConfigError extends AirgapError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'ERR_CREDENTIALS', hint: 'fix the docker config file or the credential helper, or pass --username with --password-stdin', cause });
  }
}

export function dockerConfigCredentials(o: DockerConfigOptions): CredentialProvider {
  let config: Promise<DockerConfig> | undefined;
  const cache = new Map<string, Promise<Credential | undefined>>();
  return {
    get(host) {
      const key = host.toLowerCase();
      let hit = cache.get(key);
      if (!hit) {
        config ??= loadConfig(o);
        hit = config.then((cfg) => lookup(cfg, key, o.env));
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
  try {
    return JSON.parse(text) as DockerConfig;
  } catch (e) {
    throw new DockerConfigError(`parse docker config ${o.path}: ${(e as Error).message}`, e);
  }
}

async function lookup(cfg: DockerConfig, host: string, env: DockerConfigOptions['env']): Promise<Credential | undefined> {
  const hub = HUB_HOSTS.has(host);
  const helper = cfg.credHelpers?.[host] ?? (hub ? (cfg.credHelpers?.[HUB_KEY] ?? cfg.credHelpers?.['docker.io']) : undefined) ?? cfg.credsStore;
  if (helper) return runHelper(helper, hub ? HUB_KEY : host, env);
  const entry = findAuth(cfg.auths ?? {}, host, hub);
  return entry && toCredential(entry, host);
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

function toCredential(e: AuthEntry, host: string): Credential | undefined {
  const cred: Credential = {};
  if (e.auth) {
    const decoded = Buffer.from(e.auth, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i <= 0) throw new DockerConfigError(`docker config auths[${host}]: "auth" is not base64 of user:password`);
    cred.username = decoded.slice(0, i);
    cred.password = new Secret(decoded.slice(i + 1).replace(/\0+$/, ''));
  } else if (e.username && e.password) {
    cred.username = e.username;
    cred.password = new Secret(e.password);
  }
  if (e.identitytoken) cred.refreshToken = new Secret(e.identitytoken);
  if (e.registrytoken) cred.accessToken = new Secret(e.registrytoken);
  return cred.password || cred.refreshToken || cred.accessToken ? cred : undefined;
}

const NOT_FOUND = /credentials not found/i;

async function runHelper(name: string, serverUrl: string, env: DockerConfigOptions['env']): Promise<Credential | undefined> {
  const bin = `docker-credential-${name}`;
  let res;
  try {
    // loaded on use: most runs call no helper, and execa weighs on every start
    const { execa } = await import('execa');
    res = await execa(bin, ['get'], { input: serverUrl, reject: false, ...(env ? { env, extendEnv: false } : {}) });
  } catch (e) {
    throw new DockerConfigError(`credential helper ${bin}: ${(e as Error).message}`, e);
  }
  if (res.failed) {
    if (NOT_FOUND.test(String(res.stdout))) return undefined;
    const why = res.code === 'ENOENT' ? 'not found on PATH' : `exit ${res.exitCode}: ${String(res.stderr).trim().slice(0, 200)}`;
    throw new DockerConfigError(`credential helper ${bin} get ${serverUrl}: ${why}`);
  }
  return parseHelperOutput(String(res.stdout), bin);
}

function parseHelperOutput(stdout: string, bin: string): Credential | undefined {
  let out: { Username?: string; Secret?: string };
  try {
    out = JSON.parse(stdout) as typeof out;
  } catch {
    throw new DockerConfigError(`credential helper ${bin}: output is not JSON`);
  }
  if (!out.Secret) return undefined;
  if (out.Username === '<token>') return { refreshToken: new Secret(out.Secret) };
  return { username: out.Username ?? '', password: new Secret(out.Secret) };
}
