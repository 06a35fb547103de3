// A bundle as `helm airgap serve` serves it (oci://HOST:PORT): the lock, its signature and SBOM
// read from the served-bundle artifact (served-bundle.ts), and a content store over the served
// registry that answers each layoutRef by the lock's digest, in the repository serve names it in.
// Every manifest and blob fetched is hashed against the digest asked for, so what the lock does
// not name byte for byte is refused. Reached through openBundle and readSignedParts (open.ts).
import { Readable } from 'node:stream';
import type { Ctx, Descriptor, FetchOptions, ReadOnlyTarget } from '../oci/content.js';
import { parseManifest, readAllBounded, successors } from '../oci/manifest.js';
import { isManifestType } from '../oci/media-types.js';
import { isReference, parseReference } from '../oci/reference.js';
import { RegistryClient } from '../registry/client.js';
import { RegistryError } from '../registry/errors.js';
import type { RemoteRepository } from '../registry/repository.js';
import { ArchiveError, UsageError } from '../util/errors.js';
import { parseLock, type BundleLock } from './lock.js';
import type { OpenedBundle, ServedSourceOptions, SignedParts } from './open-types.js';

export type { ServedSourceOptions } from './open-types.js';
import {
  MAX_SERVED_PART,
  parseServedRefs,
  readServedBundleManifest,
  SERVED_ADDRESS,
  SERVED_BUNDLE_REPOSITORY,
  SERVED_BUNDLE_TAG,
  type ServedBundleLayers,
} from './served-bundle.js';

interface ServedParts extends SignedParts {
  refs: Map<string, string>;
  recordedLockDigest?: string;
  client: RegistryClient;
  host: string;
}

export async function openServedBundle(url: string, o: ServedSourceOptions = {}): Promise<OpenedBundle> {
  const p = await readServed(url, o);
  return {
    lock: p.lock,
    store: new ServedStore(p.client, p.host, p.lock, p.refs, url),
    where: url,
    verifiesDigests: true,
    ...(p.recordedLockDigest ? { recordedLockDigest: p.recordedLockDigest } : {}),
    close: async () => undefined,
  };
}

export async function readServedSignedParts(url: string, o: ServedSourceOptions = {}): Promise<SignedParts> {
  const { lock, lockBytes, names, signature, sbom, where } = await readServed(url, o);
  return { lock, lockBytes, names, where, ...(signature ? { signature } : {}), ...(sbom ? { sbom } : {}) };
}

async function readServed(url: string, o: ServedSourceOptions): Promise<ServedParts> {
  const host = servedHost(url);
  const client = new RegistryClient({ insecureHosts: o.insecureHosts, plainHttpFlag: '--insecure-registry' });
  const repo = client.repository(`${host}/${SERVED_BUNDLE_REPOSITORY}`);
  const at = `${url} (${SERVED_BUNDLE_REPOSITORY}:${SERVED_BUNDLE_TAG})`;
  const manifest = await repo.fetchReference(SERVED_BUNDLE_TAG).catch((e: unknown) => {
    if (e instanceof RegistryError && e.status === 404) {
      throw new ArchiveError(`${url}: serves no bundle lock at ${SERVED_BUNDLE_REPOSITORY}:${SERVED_BUNDLE_TAG}`, {
        cause: e,
        hint: 'give the address `helm airgap serve BUNDLE` printed; a registry that is not serve has no lock to push from (use `helm airgap copy`)',
      });
    }
    throw e;
  });
  const layers: ServedBundleLayers = readServedBundleManifest(manifest.bytes, at);
  const read = async (d: Descriptor) => readAllBounded(await repo.fetch(d), MAX_SERVED_PART, `${at} ${d.digest}`);
  const lockBytes = await read(layers.lock);
  const lock = parseLock(lockBytes.toString('utf8'), `${at} airgap-lock.json`);
  const refs = parseServedRefs(await read(layers.refs), at);
  for (const [layoutRef, repository] of refs) {
    // a served name is only ever a repository on the served host: no other host, tag or digest
    const ref = isReference(`${host}/${repository}`) ? parseReference(`${host}/${repository}`) : undefined;
    if (!ref || ref.registry !== host || ref.repository !== repository || ref.tag || ref.digest) {
      throw new ArchiveError(`${at}: the served name of ${layoutRef} is not a repository name: ${JSON.stringify(repository).slice(0, 200)}`, {
        hint: 'serve the bundle again with `helm airgap serve`',
      });
    }
  }
  const sbomName = lock.sbom?.file;
  return {
    where: url,
    lock,
    lockBytes,
    names: { lock: `${at} lock`, signature: `${at} signature`, ...(sbomName ? { sbom: `${at} ${sbomName}` } : {}) },
    ...(layers.signature ? { signature: await read(layers.signature) } : {}),
    ...(layers.sbom && sbomName ? { sbom: await read(layers.sbom) } : {}),
    refs,
    ...(layers.recordedLockDigest ? { recordedLockDigest: layers.recordedLockDigest } : {}),
    client,
    host,
  };
}

/** HOST[:PORT] of oci://HOST[:PORT][/]; a path is refused (serve answers at the root). */
function servedHost(url: string): string {
  const m = SERVED_ADDRESS.exec(url);
  if (!m) {
    throw new UsageError(`${url}: a served bundle is named oci://HOST:PORT (the address \`helm airgap serve\` printed), with no path`, {
      hint: 'e.g. helm airgap push oci://127.0.0.1:5000 --registry TARGET',
    });
  }
  return m[1]!;
}

/**
 * The served registry as a bundle's content store. resolve(layoutRef) asks the repository the
 * refs name for the lock's digest (never a tag); each manifest fetched tells which repository holds
 * its children, so fetch and exists ask there. Content no manifest led to is absent.
 */
class ServedStore implements ReadOnlyTarget {
  readonly #repos = new Map<string, RemoteRepository>();
  /** digest → the repository it was reached in. */
  readonly #where = new Map<string, string>();
  readonly #digests: Map<string, string>;

  constructor(
    private readonly client: RegistryClient,
    private readonly host: string,
    lock: BundleLock,
    private readonly refs: Map<string, string>,
    private readonly url: string,
  ) {
    this.#digests = new Map<string, string>([
      ...lock.images.map((i) => [i.layoutRef, i.digest] as const),
      ...lock.charts.map((c) => [c.layoutRef, c.manifestDigest] as const),
      ...[...lock.images, ...lock.charts].flatMap((i) => (i.artifacts ?? []).map((a) => [a.layoutRef, a.digest] as const)),
    ]);
    // a lock entry may be read before it is resolved (signatures are checked before the verify walk)
    for (const [layoutRef, digest] of this.#digests) {
      const repository = refs.get(layoutRef);
      if (repository && !this.#where.has(digest)) this.#where.set(digest, repository);
    }
  }

  async resolve(layoutRef: string, c?: Ctx): Promise<Descriptor> {
    const digest = this.#digests.get(layoutRef);
    const repository = this.refs.get(layoutRef);
    if (!digest || !repository) {
      throw new ArchiveError(`${this.url}: ${layoutRef} is not served (the served names list no repository for it)`, {
        hint: 'serve the bundle again with `helm airgap serve`',
      });
    }
    return this.#repo(repository).resolve(digest, c);
  }

  async exists(d: Descriptor, c?: Ctx): Promise<boolean> {
    const repository = this.#where.get(d.digest);
    return repository ? this.#repo(repository).exists(d, c) : false;
  }

  async fetch(d: Descriptor, c?: Ctx, o?: FetchOptions) {
    const repository = this.#where.get(d.digest);
    if (!repository) throw new ArchiveError(`${this.url}: ${d.digest} is not reachable from any lock entry`);
    const repo = this.#repo(repository);
    if (!isManifestType(d.mediaType)) return repo.fetch(d, c, o);
    // read whole (bounded, verified by digest), its children then known to live here too
    const raw = await readAllBounded(await repo.fetch(d, c), d.size, `${this.url} ${d.digest}`);
    const m = parseManifest(raw, d.mediaType, `${this.url} ${repository}@${d.digest}`);
    for (const child of successors(m)) if (!this.#where.has(child.digest)) this.#where.set(child.digest, repository);
    return Readable.from([raw.subarray(o?.offset ?? 0)]);
  }

  #repo(repository: string): RemoteRepository {
    let r = this.#repos.get(repository);
    if (!r) this.#repos.set(repository, (r = this.client.repository(`${this.host}/${repository}`)));
    return r;
  }
}
