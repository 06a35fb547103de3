// Serves a folder as a Helm HTTP chart repository on 127.0.0.1 (index.yaml + archives), with
// optional Basic auth (an htpasswd in front of a chart folder) and optional TLS (a private CA's
// certificate, and client certificates it asks for), for tests and the demo. writeRepoIndex() makes index.yaml for a folder
// of .tgz files the way `helm repo index` does (relative urls, sha256 digests).
import { createHash, timingSafeEqual } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { join, normalize, sep } from 'node:path';
import { stringify } from 'yaml';
import { readChartArchiveInfo } from '../../src/charts/chart-meta.js';

export interface ChartRepoOptions {
  /** Folder to serve; its index.yaml is served as is (write one with writeRepoIndex). */
  dir: string;
  auth?: { username: string; password: string };
  /** HTTPS with this certificate and key (PEM files); with clientCaFile, a client certificate it signed is required. */
  tls?: { certFile: string; keyFile: string; clientCaFile?: string };
}

export interface RunningChartRepo {
  /** http://127.0.0.1:PORT/ */
  url: string;
  host: string;
  /** Paths requested so far, in order (e.g. to prove a cache hit). */
  requests: string[];
  /** The Authorization header of each request (undefined when it came without one). */
  authorizations: (string | undefined)[];
  stop(): Promise<void>;
}

export async function startChartRepo(o: ChartRepoOptions): Promise<RunningChartRepo> {
  const requests: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const root = normalize(o.dir);
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    authorizations.push(req.headers.authorization);
    if (o.auth && !authorized(req.headers.authorization, o.auth)) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="charts"' }).end('unauthorized');
      return;
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-length': body.length, 'content-type': file.endsWith('.yaml') ? 'text/yaml' : 'application/gzip' }).end(body),
      () => res.writeHead(404).end('not found'),
    );
  };
  const server = o.tls
    ? createTlsServer(
        {
          cert: await readFile(o.tls.certFile),
          key: await readFile(o.tls.keyFile),
          ...(o.tls.clientCaFile ? { ca: await readFile(o.tls.clientCaFile), requestCert: true, rejectUnauthorized: true } : {}),
        },
        handle,
      )
    : createServer(handle);
  const port = await listen(server);
  return {
    url: `${o.tls ? 'https' : 'http'}://127.0.0.1:${port}/`,
    host: `127.0.0.1:${port}`,
    requests,
    authorizations,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    });
  });
}

function authorized(header: string | undefined, want: { username: string; password: string }): boolean {
  const expected = Buffer.from(`Basic ${Buffer.from(`${want.username}:${want.password}`).toString('base64')}`);
  const got = Buffer.from(header ?? '');
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/** Writes index.yaml for every .tgz in `dir` (urls relative, or under `baseUrl` when given). */
export async function writeRepoIndex(dir: string, baseUrl?: string): Promise<void> {
  const entries: Record<string, Record<string, unknown>[]> = {};
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.tgz')).sort()) {
    const bytes = await readFile(join(dir, name));
    const { metadata } = await readChartArchiveInfo(bytes, name);
    const created = (await stat(join(dir, name))).mtime.toISOString();
    const url = baseUrl ? `${baseUrl.replace(/\/$/, '')}/${name}` : name;
    const digest = createHash('sha256').update(bytes).digest('hex');
    (entries[metadata.name] ??= []).push({ ...metadata, created, digest, urls: [url] });
  }
  await writeFile(join(dir, 'index.yaml'), stringify({ apiVersion: 'v1', entries, generated: new Date().toISOString() }));
}
