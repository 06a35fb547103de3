// Referrers are written by anyone who can push to a repository, so `bundle` reads them as a
// hostile graph: a real docker-registry (no referrers API: the sha256-<hex> tag index) holds the
// image, and our fault proxy in front of it answers the referrers API, signature tags and made-up
// manifests as an attacker would: a cycle, a chain without end, a signature layer claiming 1 TiB,
// a 100 MiB "Sigstore bundle", a `.sig` that is `null`, a referrers answer that is no index. Each
// run goes through the sh launcher and the built CLI, and must end (never exit 0 having written
// nothing), naming what it refused, with bytes refused before they move.
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleLock } from '../../src/bundle/open.js';
import { startFaultProxy, type FaultProxy, type Reply } from '../support/fault-proxy.js';
import { putBlob, putManifest, sha256 } from '../support/raw-push.js';
import { startSeededSource, type SeededSource } from '../sync/sync-world.js';

const BIN = resolve(import.meta.dirname, '../../bin/helm-airgap');
const REPO = 'acme.example/team/app';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const EMPTY_TYPE = 'application/vnd.oci.empty.v1+json';
const SIGSTORE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const SIMPLE_SIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json';
const CHAIN = 'application/vnd.example.chain.v1+json';
const MiB = 1024 * 1024;

interface Desc {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
}

/** What the front answers: undefined forwards to the registry. */
type Front = (method: string, path: string) => Reply | undefined;

let src: SeededSource;
let proxy: FaultProxy;
let work: string;
let image: Desc;
let empty: Desc;
let signed: Desc;
let front: Front = () => undefined;
/** Manifests the front made up, served by digest. */
const made = new Map<string, Buffer>();

const sigTag = () => `${image.digest.replace(':', '-')}.sig`;
const manifestReply = (bytes: Buffer): Reply => ({
  status: 200,
  headers: { 'content-type': OCI_MANIFEST, 'docker-content-digest': sha256(bytes) },
  body: bytes,
});
const indexReply = (manifests: Desc[]): Reply => ({
  status: 200,
  headers: { 'content-type': OCI_INDEX },
  body: JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests }),
});

/** A manifest of ours, served by the front: its descriptor. */
function make(json: Record<string, unknown>): Desc {
  const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, ...json }));
  made.set(sha256(bytes), bytes);
  return { mediaType: OCI_MANIFEST, digest: sha256(bytes), size: bytes.length, ...(json.artifactType ? { artifactType: json.artifactType as string } : {}) };
}

const referrersOf = (path: string) => new RegExp(`^/v2/${REPO}/referrers/(sha256:[0-9a-f]{64})`).exec(path)?.[1];
const manifestAt = (path: string) => new RegExp(`^/v2/${REPO}/manifests/([^/?]+)`).exec(path)?.[1];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-referrer-graphs-'));
  src = await startSeededSource([{ name: REPO, tag: '1.0', layers: [{ seed: 'app', size: 20_000 }] }]);
  const host = src.registry.host;
  image = { mediaType: src.images[0]!.mediaType, digest: src.images[0]!.digest, size: src.images[0]!.size };
  empty = { mediaType: EMPTY_TYPE, ...(await putBlob(host, REPO, Buffer.from('{}'))) };
  // a real referrer in the registry: an artifact whose subject is the image
  const payload = await putBlob(host, REPO, Buffer.from('{"made":"by the test"}'));
  const doc = { schemaVersion: 2, mediaType: OCI_MANIFEST, artifactType: CHAIN, config: empty, layers: [{ mediaType: CHAIN, ...payload }], subject: image };
  signed = { ...(await putManifest(host, REPO, sha256(JSON.stringify(doc)), OCI_MANIFEST, doc)), artifactType: CHAIN };
  proxy = await startFaultProxy(host);
  proxy.inject({ times: Number.POSITIVE_INFINITY, fault: { kind: 'reply', reply: (method, path) => front(method, path) } });
});

afterAll(async () => {
  await proxy?.stop();
  await src?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** A cosign public key file (P-256) no signature in the registry is made with. */
async function keyFile(): Promise<string> {
  const file = join(work, 'cosign.pub');
  await writeFile(file, generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }));
  return file;
}

async function bundle(name: string, extra: string[] = [], out = join(work, name, 'out.tar')) {
  await mkdir(join(work, name), { recursive: true });
  proxy.log.length = 0;
  const r = await execa(BIN, ['bundle', '--image', `${REPO}:1.0`, '--mirror', `acme.example=${proxy.host}/acme.example`, ...extra, '-o', out], {
    reject: false,
    timeout: 90_000,
    env: { HELM_AIRGAP_CACHE: join(work, name, 'cache'), DOCKER_CONFIG: join(work, 'no-docker'), CI: 'true' },
  });
  expect(r.timedOut, `${name} did not end`).toBe(false);
  return { ...r, out };
}

describe('referrer graphs are graphs', () => {
  it('an image its own sha256-<hex> tag index lists as its referrer: the cycle is skipped and a fresh bundle replaces the old one', async () => {
    front = () => undefined;
    const tagIndex = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ ...image, artifactType: 'application/vnd.example.self' }] };
    await putManifest(src.registry.host, REPO, image.digest.replace(':', '-'), OCI_INDEX, tagIndex);
    const out = join(work, 'self', 'out.tar');
    await mkdir(join(work, 'self'), { recursive: true });
    await writeFile(out, 'the bundle of a previous run');
    const r = await bundle('self', [], out);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(`the registry lists ${image.digest} as a referrer of ${image.digest}, which this copy already holds (a cycle): skipped`);
    expect((await readBundleLock(out)).images.map((i) => i.digest)).toEqual([image.digest]);
    // under a policy the image, with no signature, is refused: exit 3, never 0 with nothing written
    const fresh = await readFile(out);
    const policed = await bundle('self', ['-v', '--verify-key', await keyFile()], out);
    expect(policed.exitCode, policed.stderr).toBe(3);
    expect(policed.stderr).toContain(`image ${REPO}:1.0: signature policy "**" (command line) refused it: no signature`);
    expect((await readFile(out)).equals(fresh)).toBe(true);
  });

  it('a referrers API answering a cycle (image -> referrer -> image): each is carried once, and the run ends', async () => {
    front = (_m, path) => {
      const of = referrersOf(path);
      if (!of) return undefined;
      return indexReply(of === image.digest ? [signed] : of === signed.digest ? [image] : []);
    };
    const r = await bundle('api-cycle');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(`lists ${image.digest} as a referrer of ${signed.digest}, which this copy already holds (a cycle): skipped`);
    const artifacts = (await readBundleLock(r.out)).images[0]!.artifacts ?? [];
    expect(artifacts.map((a) => a.digest)).toEqual([signed.digest]);
  });

  it('a chain without end (each referrer has one more, each a new manifest) ends at the depth bound, naming the chain', async () => {
    front = (_m, path) => {
      const of = referrersOf(path);
      if (of)
        return indexReply([
          make({
            artifactType: CHAIN,
            config: empty,
            layers: [{ ...empty, mediaType: CHAIN }],
            subject: { mediaType: OCI_MANIFEST, digest: of, size: 1 },
            annotations: { after: of },
          }),
        ]);
      const at = manifestAt(path);
      const bytes = at ? made.get(at) : undefined;
      return bytes ? manifestReply(bytes) : undefined;
    };
    const r = await bundle('chain');
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `Error: .*referrers of ${image.digest} nest more than 4 levels deep \\(${image.digest.slice(0, 19)} -> (sha256:[0-9a-f]{12} -> ){4}sha256:[0-9a-f]{12}\\): refused`,
      ),
    );
    expect(r.stderr).toMatch(/^next: .*--no-with-referrers/m);
    expect(proxy.log.filter((l) => l.path.includes('/referrers/')).length).toBeLessThanOrEqual(6);
  });

  it('a referrers answer that is no index is an error, not "no referrers"', async () => {
    front = (_m, path) => (referrersOf(path) ? { status: 200, headers: { 'content-type': OCI_INDEX }, body: '{"manifests":"all of them"}' } : undefined);
    const r = await bundle('garbage');
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toContain(`the referrers answer for ${image.digest} is not an image index: no "manifests" list`);
  });
});

describe('declared sizes are checked before bytes move', () => {
  const hugeLayer = { mediaType: SIMPLE_SIGNING, digest: sha256('claims a terabyte'), size: 2 ** 40 };

  it('a .sig layer claiming 1 TiB is refused unread', async () => {
    const sig = make({ config: empty, layers: [hugeLayer] });
    front = (_m, path) => {
      if (referrersOf(path)) return indexReply([]);
      const at = manifestAt(path);
      if (at === sigTag() || at === sig.digest) return manifestReply(made.get(sig.digest)!);
      return undefined;
    };
    const r = await bundle('huge-sig');
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toContain(
      `${SIMPLE_SIGNING} ${hugeLayer.digest} declares ${2 ** 40} bytes, past the 1 MiB a cosign signature payload may be: refused before pulling it`,
    );
    expect(r.stderr).toMatch(/^next: /m);
    expect(proxy.log.filter((l) => l.path.includes(hugeLayer.digest))).toEqual([]);
  });

  it('a 100 MiB Sigstore bundle referrer is refused, not carried', async () => {
    const layer = { mediaType: SIGSTORE, digest: sha256('claims 100 MiB'), size: 100 * MiB };
    const bundleRef = make({ artifactType: SIGSTORE, config: empty, layers: [layer], subject: image });
    front = (_m, path) => {
      if (referrersOf(path)) return indexReply(referrersOf(path) === image.digest ? [bundleRef] : []);
      const at = manifestAt(path);
      return at === bundleRef.digest ? manifestReply(made.get(at)!) : undefined;
    };
    const r = await bundle('huge-bundle');
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toContain(
      `referrer ${bundleRef.digest}: ${SIGSTORE} ${layer.digest} declares ${100 * MiB} bytes, past the 8 MiB a Sigstore bundle may be`,
    );
    expect(proxy.log.filter((l) => l.path.includes(layer.digest))).toEqual([]);
  });
});

describe('a broken signature under a policy is the policy refusal', () => {
  it('a .sig tag answering null exits 3, as the policy refuses, naming the tag', async () => {
    const nul = Buffer.from('null');
    front = (_m, path) => {
      if (referrersOf(path)) return indexReply([]);
      const at = manifestAt(path);
      return at === sigTag() || at === sha256(nul) ? manifestReply(nul) : undefined;
    };
    const r = await bundle('null-sig', ['--verify-key', await keyFile()]);
    expect(r.exitCode, r.stderr).toBe(3);
    expect(r.stderr).toContain(`image ${REPO}:1.0: signature policy`);
    expect(r.stderr).toContain(`${sigTag()}: `);
    expect(r.stderr).toContain('manifest is not a JSON object');
    await expect(readFile(r.out)).rejects.toThrow(/ENOENT/);
  });
});
