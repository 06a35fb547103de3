// A real TUF repository served over HTTP on 127.0.0.1: its metadata made and signed by
// @tufjs/repo-mock and @tufjs/models (the TUF project's own JavaScript implementation, which
// nobody here wrote), answered by node:http so that the client under test reaches it over the
// wire as it would reach Sigstore's. Any answer can be replaced (a tampered target, another
// repository's metadata) and each path's requests are counted.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { initializeTUFRepo, tufHandlers } from '@tufjs/repo-mock';
import { KeyPair } from '@tufjs/repo-mock/dist/key.js';
import { createRootMeta, createSnapshotMeta, createTargetsMeta } from '@tufjs/repo-mock/dist/metadata.js';
import { Metadata, MetaFile, TargetFile, Timestamp } from '@tufjs/models';

/** Path on the server (/1.root.json, /timestamp.json, /targets/NAME) → body. */
export type TufFiles = Map<string, string | Buffer>;

/** A repository holding `targets`, signed by one fresh key for every role (as repo-mock makes it). */
export function tufRepoFiles(targets: { name: string; content: string | Buffer }[]): TufFiles {
  const repo = initializeTUFRepo(targets);
  const files: TufFiles = new Map();
  for (const h of tufHandlers(repo, { metadataPathPrefix: '', targetPathPrefix: '/targets' })) {
    const r = h.fn();
    if (r.statusCode === 200) files.set(h.path, r.response);
  }
  return files;
}

/** As tufRepoFiles, but its timestamp expired yesterday (signed by the root's own key). */
export function expiredTufRepoFiles(targets: { name: string; content: string }[]): TufFiles {
  const keys = new KeyPair();
  const targetsMeta = createTargetsMeta(
    targets.map((t) => new TargetFile({ path: t.name, length: Buffer.byteLength(t.content), hashes: { sha256: sha256(t.content) } })),
    keys,
  );
  const snapshot = createSnapshotMeta(targetsMeta, keys);
  const snapshotText = JSON.stringify(snapshot);
  const timestamp = new Metadata(
    new Timestamp({
      version: 1,
      specVersion: '1.0.0',
      expires: new Date(Date.now() - 86400_000).toISOString(),
      snapshotMeta: new MetaFile({ version: 1, length: snapshotText.length, hashes: { sha256: sha256(snapshotText) } }),
    }),
  );
  timestamp.sign((data) => keys.sign(data));
  return new Map<string, string | Buffer>([
    ['/1.root.json', JSON.stringify(createRootMeta(keys).toJSON())],
    ['/timestamp.json', JSON.stringify(timestamp.toJSON())],
    ['/snapshot.json', snapshotText],
    ['/targets.json', JSON.stringify(targetsMeta.toJSON())],
    ...targets.map((t) => [`/targets/${t.name}`, t.content] as [string, string]),
  ]);
}

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

export interface TufServer {
  /** http://127.0.0.1:PORT, the mirror URL. */
  url: string;
  /** The repository's first root (1.root.json): what `--tuf-root` is given. */
  root: string;
  files: TufFiles;
  /** Requests per path. */
  hits: Map<string, number>;
  stop(): Promise<void>;
}

export async function serveTufRepo(files: TufFiles): Promise<TufServer> {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const body = files.get(path);
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    root: String(files.get('/1.root.json')),
    files,
    hits,
    stop: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
