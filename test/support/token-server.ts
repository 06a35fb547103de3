// A Bearer token server that docker-registry trusts (distribution auth/token.md), for tests:
//
//   const ts = await startTokenServer({ users: { alice: 'pw' }, anonymousPull: true });
//   const reg = await startRegistry({ auth: ts.registryAuth() });
//   ... clients get 401 + `Bearer realm=ts.realm,service=ts.service,scope=…` from reg ...
//   ts.log  // every token request: user, scopes asked, actions granted
//   await ts.stop();
//
// It signs RS256 JWTs with a fresh RSA key whose self-signed certificate (made with openssl) is
// the registry's rootcertbundle; the `kid` header is the libtrust key ID distribution looks keys
// up by: SHA-256 of the DER SubjectPublicKeyInfo, first 240 bits, base32, groups of 4 joined by
// ':'. GET checks Basic credentials (none = anonymous); POST accepts the OAuth2 form with
// grant_type=password or refresh_token (tokens listed in `refreshTokens`).
import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RegistryAuthToken } from './registry.js';
import { requireTool } from './tools.js';

export interface TokenServerOptions {
  /** username → password accepted with Basic (GET) or grant_type=password (POST). */
  users?: Record<string, string>;
  /** refresh token → username, for grant_type=refresh_token (identity tokens). */
  refreshTokens?: Record<string, string>;
  /** Anonymous callers get pull (default false: they get nothing). */
  anonymousPull?: boolean;
  /** Actions a user may take on a repository (default: all users pull+push everywhere). */
  grant?: (user: string | undefined, repository: string, asked: string[]) => string[];
  service?: string;
  issuer?: string;
  /** Token lifetime in seconds (default 300). */
  expiresIn?: number;
}

export interface TokenLogEntry {
  method: string;
  user?: string;
  scopes: string[];
  granted: { type: string; name: string; actions: string[] }[];
  status: number;
}

export interface TokenServer {
  url: string;
  realm: string;
  service: string;
  issuer: string;
  rootCertPem: string;
  log: TokenLogEntry[];
  /** What startRegistry({ auth }) needs to trust this server. */
  registryAuth(): RegistryAuthToken;
  stop(): Promise<void>;
}

export async function startTokenServer(o: TokenServerOptions = {}): Promise<TokenServer> {
  const service = o.service ?? 'airgap-test-registry';
  const issuer = o.issuer ?? 'airgap-test-issuer';
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rootCertPem = await selfSignedCert(privateKey);
  const kid = libtrustKeyId(publicKey);
  const log: TokenLogEntry[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const out = answer(req, body, o, { service, issuer, kid, privateKey });
      log.push(out.entry);
      res.writeHead(out.entry.status, { 'content-type': 'application/json' }).end(JSON.stringify(out.json));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const realm = `${url}/token`;
  return {
    url,
    realm,
    service,
    issuer,
    rootCertPem,
    log,
    registryAuth: () => ({ kind: 'token', realm, service, issuer, rootCertPem }),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The libtrust key ID distribution uses to find a token's signing key. */
export function libtrustKeyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const b32 = base32(createHash('sha256').update(der).digest().subarray(0, 30));
  return b32.match(/.{1,4}/g)!.join(':');
}

function base32(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

async function selfSignedCert(privateKey: KeyObject): Promise<string> {
  const openssl = await requireTool('openssl', 'openssl');
  const dir = await mkdtemp(join(tmpdir(), 'airgap-token-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    await writeFile(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await promisify(execFile)(openssl, ['req', '-x509', '-new', '-key', keyPath, '-subj', '/CN=airgap-test-token', '-days', '2', '-out', certPath]);
    return await readFile(certPath, 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface Signer {
  service: string;
  issuer: string;
  kid: string;
  privateKey: KeyObject;
}

function answer(req: IncomingMessage, body: string, o: TokenServerOptions, s: Signer): { json: unknown; entry: TokenLogEntry } {
  const url = new URL(req.url ?? '/', 'http://x');
  const form = new URLSearchParams(req.method === 'POST' ? body : '');
  const scopes = req.method === 'POST' ? (form.get('scope') ?? '').split(' ').filter(Boolean) : url.searchParams.getAll('scope');
  const who = authenticate(req, form, o);
  const entry: TokenLogEntry = { method: req.method ?? 'GET', user: who.user, scopes, granted: [], status: 200 };
  if (!who.ok) {
    entry.status = 401;
    return { json: { errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] }, entry };
  }
  entry.granted = scopes.map((sc) => grantScope(sc, who.user, o)).filter((a) => a.actions.length > 0);
  const expiresIn = o.expiresIn ?? 300;
  const token = signJwt(s, who.user ?? '', entry.granted, expiresIn);
  const json: Record<string, unknown> = { token, access_token: token, expires_in: expiresIn, issued_at: new Date().toISOString() };
  return { json, entry };
}

function authenticate(req: IncomingMessage, form: URLSearchParams, o: TokenServerOptions): { ok: boolean; user?: string } {
  if (req.method === 'POST') {
    const grant = form.get('grant_type');
    if (grant === 'refresh_token') {
      const user = o.refreshTokens?.[form.get('refresh_token') ?? ''];
      return { ok: user !== undefined, user };
    }
    const user = form.get('username') ?? '';
    return { ok: grant === 'password' && o.users?.[user] === form.get('password'), user };
  }
  const header = req.headers.authorization;
  if (!header) return { ok: true };
  const decoded = Buffer.from(header.replace(/^Basic /i, ''), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  const user = decoded.slice(0, i);
  return { ok: i > 0 && o.users?.[user] === decoded.slice(i + 1), user };
}

/** `repository:<name>:<actions>`; the name may hold host:port, so split at the first and last colon. */
function grantScope(scope: string, user: string | undefined, o: TokenServerOptions) {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  const type = scope.slice(0, first);
  const name = scope.slice(first + 1, last);
  const asked = scope
    .slice(last + 1)
    .split(',')
    .filter(Boolean);
  let allowed: string[];
  if (o.grant) allowed = o.grant(user, name, asked);
  else if (user) allowed = ['pull', 'push', 'delete', '*'];
  else allowed = o.anonymousPull ? ['pull'] : [];
  return { type, name, actions: asked.filter((a) => allowed.includes(a)) };
}

function signJwt(s: Signer, subject: string, access: TokenLogEntry['granted'], expiresIn: number): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { typ: 'JWT', alg: 'RS256', kid: s.kid };
  const claims = { iss: s.issuer, sub: subject, aud: s.service, exp: now + expiresIn, nbf: now - 10, iat: now, jti: randomUUID(), access };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${sign('sha256', Buffer.from(input), s.privateKey).toString('base64url')}`;
}

function b64url(s: string): string {
  return Buffer.from(s).toString('base64url');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (d) => (data += String(d)));
    req.on('end', () => resolve(data));
  });
}
