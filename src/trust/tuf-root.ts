// The trusted root a keyless policy is checked against, taken on the connected side as cosign
// takes it: the `trusted_root.json` target of a TUF repository (Sigstore's public one unless told
// otherwise), verified by tuf-js (the TUF project's own client: root rotation, thresholds of
// signatures, expiry, rollback and the target's length and hashes) from a TUF root that is either
// the one @sigstore/tuf ships for the public repository or the file the user names. The TUF
// metadata is cached per mirror in a cache folder of the user's alone (safe-fs ownFolder), so a
// later run asks only for the timestamp; the bytes returned are read back without following a
// link and checked against the verified target's hashes again. Requests go through the registry
// client: --timeout, --retries, --ca-file and the plain-HTTP rule apply as to every other call.
import { Readable } from 'node:stream';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Updater, type Fetcher } from 'tuf-js';
import { DownloadHTTPError } from 'tuf-js/dist/error.js';
import { DEFAULT_EXCHANGE_TIMEOUT_MS, HttpClient } from '../registry/http.js';
import { takeLock, type HeldLock } from '../util/process-lock.js';
import { RegistryError } from '../registry/errors.js';
import { AirgapError, UsageError, findCause } from '../util/errors.js';
import { logTo, type Ctx } from '../util/ctx.js';
import { createExclusive, ownFolder, readRegular } from '../util/safe-fs.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/** Sigstore's public-good TUF repository, the one cosign initialize uses by default. */
export const SIGSTORE_TUF_MIRROR = 'https://tuf-repo-cdn.sigstore.dev';
const TARGET = 'trusted_root.json';
/** No TUF document of Sigstore's is near this; a mirror sending more is refused, not read. */
const MAX_DOCUMENT = 16 * 1024 * 1024;
/**
 * A TUF refresh is a walk of several small documents (root versions, timestamp, snapshot, targets,
 * the target): each request gets at most this long (or --timeout, when shorter), and the whole walk
 * TUF_WALK_MS, retries included. A mirror that hangs is then "cannot be reached": the cached,
 * unexpired metadata is used, or the run ends naming the mirror, in well under a minute.
 */
export const TUF_REQUEST_MS = 10_000;
export const TUF_WALK_MS = 30_000;

export interface TufRootOptions {
  /** The repository's URL (default SIGSTORE_TUF_MIRROR). */
  mirror?: string;
  /** The TUF root (root.json) the repository is trusted by: its text. Default: the one cached, else the one shipped for Sigstore's. */
  root?: string;
  /** HELM_AIRGAP_CACHE: the metadata goes under tuf/. */
  cacheDir: string;
}

export interface TufTrustedRoot {
  text: string;
  mirror: string;
  /** The mirror did not answer: the cached, still unexpired metadata named this target. */
  fromCache: boolean;
}

/** The verified trusted_root.json of a TUF repository; fails closed on anything TUF refuses. */
export async function tufTrustedRoot(o: TufRootOptions, ctx: Ctx = {}): Promise<TufTrustedRoot> {
  const mirror = (o.mirror ?? SIGSTORE_TUF_MIRROR).replace(/\/+$/, '');
  const url = new URL(mirror);
  const name = encodeURIComponent(url.host + url.pathname.replace(/\/+$/, ''));
  const dir = ownFolder(o.cacheDir, 'tuf', name);
  // tuf-js rewrites the metadata files in place: one run at a time per mirror, the others wait
  const lock = await waitForLock(join(o.cacheDir, 'tuf', `${name}.lock`), mirror, ctx);
  try {
    return await takeRoot(o, mirror, dir, ctx);
  } finally {
    await lock.release();
  }
}

async function takeRoot(o: TufRootOptions, mirror: string, dir: string, ctx: Ctx): Promise<TufTrustedRoot> {
  const targetDir = ownFolder(dir, 'targets');
  const rootPath = join(dir, 'root.json');
  if (o.root !== undefined) await writeFileAtomic(rootPath, o.root, { mode: 0o600 });
  else if (!existsSync(rootPath)) {
    const seed = await shippedRoot(mirror);
    if (!seed)
      throw new UsageError(`no TUF root for ${mirror}: only Sigstore's public repository (${SIGSTORE_TUF_MIRROR}) has one built in`, {
        code: 'ERR_TUF_ROOT',
        hint: `give --tuf-root root.json (or signatures.tufRoot): the TUF root that repository is trusted by, as \`cosign initialize --mirror ${mirror} --root root.json\` takes it`,
      });
    await writeFileAtomic(rootPath, seed, { mode: 0o600 });
  }
  const walk = AbortSignal.timeout(TUF_WALK_MS);
  const fetchCtx: Ctx = {
    ...ctx,
    signal: ctx.signal ? AbortSignal.any([ctx.signal, walk]) : walk,
    exchangeTimeoutMs: Math.min(ctx.exchangeTimeoutMs ?? DEFAULT_EXCHANGE_TIMEOUT_MS, TUF_REQUEST_MS),
  };
  const fetcher = new MirrorFetcher(new HttpClient({ userAgent: 'helm-airgap (tuf)' }), ownFolder(o.cacheDir, 'tmp'), fetchCtx, ctx.signal, walk);
  const updater = (forceCache: boolean) =>
    new Updater({ metadataBaseUrl: mirror, targetBaseUrl: `${mirror}/targets`, metadataDir: dir, targetDir, fetcher, forceCache });
  // the root is read (and its own signatures checked) as the updater is made: a bad one is the
  // file's fault, not the mirror's
  try {
    updater(false);
  } catch (e) {
    const which = o.root !== undefined ? '--tuf-root' : `the TUF root cached for ${mirror} (${rootPath})`;
    throw new UsageError(`${which}: not a usable TUF root.json: ${(e as Error).message}`, {
      code: 'ERR_TUF_ROOT',
      cause: e,
      hint:
        o.root !== undefined
          ? "give the repository's root.json (its first, or one you trust), signed by its root keys, as cosign initialize --root takes it"
          : `remove ${dir} and give --tuf-root root.json`,
    });
  }
  try {
    return { text: await verifiedTarget(updater(false)), mirror, fromCache: false };
  } catch (e) {
    const unreachable = findCause<MirrorUnreachable>(e, (x) => x instanceof MirrorUnreachable);
    if (!unreachable) throw refused(mirror, dir, e);
    // the repository's own expiry says how long its metadata may be trusted without asking again
    const cached = await verifiedTarget(updater(true)).catch(() => undefined);
    if (cached === undefined)
      throw new AirgapError(`the TUF repository ${mirror} cannot be reached (${unreachable.message}), and no unexpired copy of its metadata is cached`, {
        code: 'ERR_TUF_UNREACHABLE',
        cause: e,
        hint: `check the connection to ${mirror} (${TUF_REQUEST_MS / 1000} s a request, ${TUF_WALK_MS / 1000} s the whole refresh, or --timeout when shorter); or give --trusted-root trusted_root.json taken where it can be reached (\`cosign initialize\` caches the public one under ~/.sigstore/root)`,
      });
    logTo(ctx, 'warn', `the TUF repository ${mirror} cannot be reached: using the trusted root cached from it (its TUF metadata has not expired)`);
    return { text: cached, mirror, fromCache: true };
  }
}

/** The cache's lock for one mirror, waited for at most --timeout (another run holds it while it refreshes). */
async function waitForLock(path: string, mirror: string, ctx: Ctx): Promise<HeldLock> {
  const until = Date.now() + (ctx.exchangeTimeoutMs ?? DEFAULT_EXCHANGE_TIMEOUT_MS);
  for (;;) {
    const held = await takeLock(path);
    if ('release' in held) return held;
    if (Date.now() >= until || ctx.signal?.aborted)
      throw new AirgapError(`the TUF cache of ${mirror} is being updated by another run (pid and host: ${held.heldBy})`, {
        code: 'ERR_TUF_BUSY',
        hint: `run again when it is done; a lock left by a process on another host is not taken over: remove ${path} if none is running`,
      });
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The TUF root @sigstore/tuf ships for a mirror (Sigstore's public one), as text. */
async function shippedRoot(mirror: string): Promise<string | undefined> {
  const seeds = (await import('@sigstore/tuf/seeds.json', { with: { type: 'json' } })).default as Record<string, { 'root.json': string }>;
  const seed = seeds[mirror];
  return seed ? Buffer.from(seed['root.json'], 'base64').toString('utf8') : undefined;
}

async function verifiedTarget(u: Updater): Promise<string> {
  await u.refresh();
  const info = await u.getTargetInfo(TARGET);
  if (!info) throw new Error(`the repository's targets name no ${TARGET}`);
  try {
    const path = (await u.findCachedTarget(info)) ?? (await u.downloadTarget(info));
    // read back as the cache's files are read (no link followed), and held to the verified hashes again
    const bytes = await readRegular(path);
    await info.verify(Readable.from([bytes]));
    return bytes.toString('utf8');
  } catch (e) {
    throw new Error(`${TARGET}: ${(e as Error).message}`, { cause: e });
  }
}

function refused(mirror: string, cache: string, e: unknown): AirgapError {
  const why = (e as Error)?.message ?? String(e);
  return new AirgapError(`the TUF repository ${mirror} was refused: ${why}`, {
    code: 'ERR_TUF_REFUSED',
    cause: e,
    hint: `nothing was bundled: what it serves is not what its TUF root signs (tampered, expired, or another repository's). Check the mirror and the --tuf-root given (a cache of another root: rm -r ${cache}), or give --trusted-root trusted_root.json taken another way`,
  });
}

/** The mirror did not answer (refused, timed out, DNS): not a verdict on its metadata. */
class MirrorUnreachable extends Error {}

/**
 * tuf-js's fetcher over the registry's HTTP client. A 404 or 403 is tuf-js's own error (it ends
 * the walk of root versions); a body past the length TUF expects is refused as tuf-js's is.
 */
class MirrorFetcher implements Fetcher {
  constructor(
    private readonly client: HttpClient,
    private readonly tmpDir: string,
    private readonly ctx: Ctx,
    /** The run's own signal (Ctrl-C): an abort by it is the user's, not the mirror's. */
    private readonly userSignal: AbortSignal | undefined,
    private readonly walk: AbortSignal,
  ) {}

  async downloadBytes(url: string, maxLength: number): Promise<Buffer> {
    let bytes: Buffer;
    try {
      ({ bytes } = await this.client.fetchSmall({ method: 'GET', url, largeBody: true }, Math.min(maxLength, MAX_DOCUMENT), `GET ${url}`, this.ctx));
    } catch (e) {
      if (this.userSignal?.aborted || (e instanceof RegistryError && /sent more than/.test(e.message))) throw e;
      if (this.walk.aborted)
        throw new MirrorUnreachable(`no answer within ${TUF_WALK_MS / 1000} s for the whole TUF refresh (${TUF_REQUEST_MS / 1000} s a request)`, { cause: e });
      // an answer is a verdict (404 ends tuf-js's walk of root versions); 5xx, 429 and no answer are not
      if (e instanceof RegistryError && e.status !== undefined && !e.transient) throw new DownloadHTTPError(`GET ${url}: HTTP ${e.status}`, e.status);
      throw new MirrorUnreachable((e as Error).message, { cause: e });
    }
    return bytes;
  }

  async downloadFile<T>(url: string, maxLength: number, handler: (file: string) => Promise<T>): Promise<T> {
    const bytes = await this.downloadBytes(url, maxLength);
    const tmp = join(this.tmpDir, `tuf-${randomBytes(8).toString('hex')}`);
    const fh = await createExclusive(tmp);
    try {
      await fh.writeFile(bytes);
    } finally {
      await fh.close();
    }
    try {
      return await handler(tmp);
    } finally {
      await rm(tmp, { force: true });
    }
  }
}
