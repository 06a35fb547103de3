// `helm airgap serve BUNDLE`: the bundle, as it was carried (a tarball or its parts, read in
// place; or an unpacked folder), served as a read-only OCI distribution registry, so that a site
// with no registry yet can pull from it: `helm pull oci://`, skopeo, containerd, and
// `helm airgap copy`/`push` into the site's first registry. Repositories are named as
// `push --naming` names them below an empty prefix (ecr/naming.ts, through the push plan).
import { toMapEntry, type MapEntry } from '../../bundle/image-map.js';
import { writeImageMap } from '../../bundle/image-map-file.js';
import { openBundle, readSignedParts } from '../../bundle/open.js';
import { SERVED_BUNDLE_REPOSITORY } from '../../bundle/served-bundle.js';
import type { ReadOnlyTarget } from '../../oci/content.js';
import { platformChildren } from '../../oci/manifest.js';
import type { NamingMode } from '../../ecr/naming.js';
import { logTo, type Ctx } from '../../util/ctx.js';
import { readTrustFile, refuseReadableByOthers } from '../../util/trust-file.js';
import { UsageError } from '../../util/errors.js';
import { createAnswerer } from './answer.js';
import { blobIdentity } from './blob-identity.js';
import { addServedBundle, readContents, type ServedImage } from './contents.js';
import { listen, type ServerBounds } from './http-server.js';

export interface ServeOptions {
  bundle: string;
  address: string;
  /** 0: the system picks a free port. */
  port: number;
  naming: NamingMode;
  certFile?: string;
  keyFile?: string;
  /** Write where each bundle image is served (bundle/image-map.ts), once listening. */
  writeMap?: string;
  bounds?: Partial<ServerBounds>;
  ctx?: Ctx;
}

export interface ServeReport {
  url: string;
  bundle: string;
  naming: NamingMode;
  repositories: { name: string; tags: string[] }[];
  /** --write-map: the image map written. */
  mapFile?: string;
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
  if (o.keyFile) await refuseReadableByOthers(o.keyFile, '--key-file');
  const tls =
    o.certFile && o.keyFile
      ? { cert: await readTrustFile(o.certFile, 'certificates', '--cert-file'), key: await readTrustFile(o.keyFile, 'key', '--key-file') }
      : undefined;
  const bundle = await openBundle(o.bundle);
  try {
    const contents = await readContents(bundle.lock, bundle.store, o.naming, ctx);
    // the lock as stored, with what its signature covers, so `push oci://` checks it as it would the file
    const parts = await readSignedParts(o.bundle);
    addServedBundle(contents, {
      lockBytes: parts.lockBytes,
      ...(parts.signature ? { signature: parts.signature } : {}),
      ...(parts.sbom && parts.lock.sbom ? { sbom: { file: parts.lock.sbom.file, bytes: parts.sbom } } : {}),
      ...(bundle.recordedLockDigest ? { recordedLockDigest: bundle.recordedLockDigest } : {}),
    });
    // archives: blob byte ranges as stored (answer.ts checks each digest itself, one hash, not two)
    const identity = await blobIdentity(o.bundle);
    const answerer = createAnswerer(contents, bundle.bulkStore ?? bundle.store, identity, (m) => logTo(ctx, 'warn', m), ctx);
    const listening = await listen(
      answerer,
      { address: o.address, port: o.port, tls, bounds: o.bounds },
      { onError: (e) => logTo(ctx, 'warn', `serve: ${e.message}`), onCut: (m) => logTo(ctx, 'debug', m) },
    );
    if (!tls && !isLoopback(o.address))
      logTo(ctx, 'warn', `serving plain HTTP on ${o.address}: anyone who reaches it can read the bundle; --cert-file/--key-file for TLS`);
    const repositories = [...contents.repositories.values()]
      .filter((r) => r.name !== SERVED_BUNDLE_REPOSITORY)
      .map((r) => ({ name: r.name, tags: [...r.tags.keys()].sort() }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const close = async () => {
      await listening.close();
      await bundle.close();
    };
    const report: ServeReport = { url: listening.url, bundle: o.bundle, naming: o.naming, repositories };
    if (o.writeMap) {
      await writeServedMap(o.writeMap, mapHost(new URL(listening.url)), contents.images, bundle.store, ctx).catch(async (e: unknown) => {
        await listening.close();
        throw e;
      });
      report.mapFile = o.writeMap;
    }
    return { report, close };
  } catch (e) {
    await bundle.close();
    throw e;
  }
}

/**
 * Each bundle image at the address it is served on: source → HOST:PORT/REPOSITORY:TAG, its digest
 * and platform children, as push writes them for its target. So `copy --from-map`, `verify --map`
 * and `values --map` read what serve answers as they read any transfer's map.
 */
async function writeServedMap(file: string, host: string, images: readonly ServedImage[], store: ReadOnlyTarget, ctx: Ctx): Promise<void> {
  const entries: MapEntry[] = [];
  for (const i of images) {
    const platforms = await platformChildren(store, i.root, i.source, ctx);
    entries.push(toMapEntry(i.source, `${host}/${i.repository}${i.tag ? `:${i.tag}` : ''}@${i.root.digest}`, platforms));
  }
  await writeImageMap(file, entries, 'serve', { registries: [{ host, kind: 'oci' }] });
}

/** A wildcard address is no address a client connects to: the map names loopback, how this host reaches it. */
function mapHost(url: URL): string {
  if (url.hostname === '0.0.0.0') return `127.0.0.1:${url.port}`;
  if (url.hostname === '[::]') return `[::1]:${url.port}`;
  return url.host;
}

function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || address.startsWith('127.');
}
