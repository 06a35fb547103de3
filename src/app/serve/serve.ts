// `helm airgap serve BUNDLE`: the bundle, as it was carried (a tarball or its parts, read in
// place; or an unpacked folder), served as a read-only OCI distribution registry, so that a site
// with no registry yet can pull from it: `helm pull oci://`, skopeo, containerd, and
// `helm airgap copy`/`push` into the site's first registry. Repositories are named as
// `push --naming` names them below an empty prefix (ecr/naming.ts, through the push plan).
import { readFile } from 'node:fs/promises';
import { openBundle } from '../../bundle/open.js';
import type { NamingMode } from '../../ecr/naming.js';
import { logTo, type Ctx } from '../../util/ctx.js';
import { unreadableInput } from '../../util/input-file.js';
import { UsageError } from '../../util/errors.js';
import { createAnswerer } from './answer.js';
import { readContents } from './contents.js';
import { listen, type ServerBounds } from './http-server.js';

export interface ServeOptions {
  bundle: string;
  address: string;
  /** 0: the system picks a free port. */
  port: number;
  naming: NamingMode;
  certFile?: string;
  keyFile?: string;
  bounds?: Partial<ServerBounds>;
  ctx?: Ctx;
}

export interface ServeReport {
  url: string;
  bundle: string;
  naming: NamingMode;
  repositories: { name: string; tags: string[] }[];
}

export interface Serving {
  report: ServeReport;
  close(): Promise<void>;
}

export async function serve(o: ServeOptions): Promise<Serving> {
  const ctx = o.ctx ?? {};
  if (Boolean(o.certFile) !== Boolean(o.keyFile)) {
    throw new UsageError(`--${o.certFile ? 'key' : 'cert'}-file is missing: TLS needs both the certificate and its key`, {
      hint: 'give --cert-file FILE --key-file FILE (PEM), or neither for plain HTTP',
    });
  }
  const tls = o.certFile && o.keyFile ? { cert: await readPem('--cert-file', o.certFile), key: await readPem('--key-file', o.keyFile) } : undefined;
  const bundle = await openBundle(o.bundle);
  try {
    const contents = await readContents(bundle.lock, bundle.store, o.naming, ctx);
    // archives: blob byte ranges as stored (answer.ts checks each digest itself, one hash, not two)
    const answerer = createAnswerer(contents, bundle.bulkStore ?? bundle.store, (m) => logTo(ctx, 'warn', m), ctx);
    const listening = await listen(
      answerer,
      { address: o.address, port: o.port, tls, bounds: o.bounds },
      { onError: (e) => logTo(ctx, 'warn', `serve: ${e.message}`), onCut: (m) => logTo(ctx, 'debug', m) },
    );
    if (!tls && !isLoopback(o.address))
      logTo(ctx, 'warn', `serving plain HTTP on ${o.address}: anyone who reaches it can read the bundle; --cert-file/--key-file for TLS`);
    const repositories = [...contents.repositories.values()]
      .map((r) => ({ name: r.name, tags: [...r.tags.keys()].sort() }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    return {
      report: { url: listening.url, bundle: o.bundle, naming: o.naming, repositories },
      close: async () => {
        await listening.close();
        await bundle.close();
      },
    };
  } catch (e) {
    await bundle.close();
    throw e;
  }
}

async function readPem(flag: string, path: string): Promise<Buffer> {
  return readFile(path).catch((e: unknown) => {
    throw unreadableInput(flag, path, e);
  });
}

function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || address.startsWith('127.');
}
