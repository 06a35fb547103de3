import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../src/registry/client.js';
import { RegistryError } from '../../src/registry/errors.js';
import { referrersTag } from '../../src/registry/listing.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { blob, image, randomBlob, readStream, sameBytes, stream } from './content.js';

describe('RemoteRepository against docker-registry without auth', () => {
  let reg: RunningRegistry;
  let client: RegistryClient;
  beforeAll(async () => {
    reg = await startRegistry();
    client = new RegistryClient({ chunkSize: 64 * 1024, monolithicMax: 100 * 1024 });
  });
  afterAll(() => reg.stop());

  it('pushes blobs and a manifest, then resolves, fetches and tags it (DS push/pull)', async () => {
    const repo = client.repository(`${reg.host}/app/one`);
    const img = image([randomBlob(5000), randomBlob(300 * 1024)]);
    for (const b of [img.config, ...img.layers]) await repo.push(b.desc, stream(b));
    await repo.push(img.manifest.desc, stream(img.manifest));
    await repo.tag(img.manifest.desc, 'v1');
    expect(await repo.resolve('v1')).toEqual(img.manifest.desc);
    expect(await repo.resolve(`${reg.host}/app/one:v1`)).toEqual(img.manifest.desc);
    expect(sameBytes(await readStream(await repo.fetch(img.manifest.desc)), img.manifest.bytes)).toBe(true);
    for (const b of img.layers) expect(sameBytes(await readStream(await repo.fetch(b.desc)), b.bytes)).toBe(true);
    expect(await repo.exists(img.layers[1]!.desc)).toBe(true);
    expect(await repo.exists(randomBlob(10).desc)).toBe(false);
  });

  it('keeps manifest bytes exactly, whitespace included (digest never changes)', async () => {
    const repo = client.repository(`${reg.host}/app/bytes`);
    const img = image([randomBlob(100)], { docker: true });
    for (const b of [img.config, ...img.layers]) await repo.push(b.desc, stream(b));
    await repo.pushManifest(img.manifest.desc, img.manifest.bytes, 'latest');
    const got = await repo.fetchReference('latest');
    expect(got.descriptor).toEqual(img.manifest.desc);
    expect(Buffer.from(got.bytes)).toEqual(img.manifest.bytes);
  });

  it('pings the API root (GET /v2/ → 200)', async () => {
    await expect(client.ping(reg.host)).resolves.toBeUndefined();
  });

  it('pushing content already present is success (idempotent)', async () => {
    const repo = client.repository(`${reg.host}/app/one`);
    const b = randomBlob(2000);
    await repo.push(b.desc, stream(b));
    await repo.push(b.desc, stream(b));
    expect(await repo.exists(b.desc)).toBe(true);
  });

  it('lists tags across pages, sorted (DS Listing Tags)', async () => {
    const repo = client.repository(`${reg.host}/app/tags`);
    const img = image([randomBlob(10)]);
    for (const b of [img.config, ...img.layers]) await repo.push(b.desc, stream(b));
    await repo.push(img.manifest.desc, stream(img.manifest));
    for (const t of ['b', 'a', 'c']) await repo.tag(img.manifest.desc, t);
    expect(await repo.listTags()).toEqual(['a', 'b', 'c']);
    expect(await repo.listTags(undefined, { pageSize: 1 })).toEqual(['a', 'b', 'c']);
  });

  it('mounts a blob from another repository of the same registry (DS mount)', async () => {
    const src = client.repository(`${reg.host}/app/src`);
    const dst = client.repository(`${reg.host}/app/dst`);
    const b = randomBlob(4000);
    await src.push(b.desc, stream(b));
    expect(await dst.mount(b.desc, 'app/src')).toBe(true);
    expect(await dst.exists(b.desc)).toBe(true);
    const c = randomBlob(1000);
    await dst.push(c.desc, stream(c), undefined, { mountFrom: 'app/src' }); // not there: falls back to upload
    expect(await dst.exists(c.desc)).toBe(true);
  });

  it('refuses a blob whose bytes do not match its digest, and stores nothing', async () => {
    const repo = client.repository(`${reg.host}/app/bad`);
    const good = randomBlob(3000);
    const tampered = Buffer.from(good.bytes);
    tampered[10] ^= 1;
    await expect(repo.push(good.desc, stream(tampered))).rejects.toThrow(/digest mismatch/);
    expect(await repo.exists(good.desc)).toBe(false);
    const big = randomBlob(200 * 1024); // chunked path
    const bigTampered = Buffer.from(big.bytes);
    bigTampered[150 * 1024] ^= 1;
    await expect(repo.push(big.desc, stream(bigTampered))).rejects.toThrow(/digest mismatch/);
    expect(await repo.exists(big.desc)).toBe(false);
  });

  it('names a missing tag in a clear error (MANIFEST_UNKNOWN)', async () => {
    const repo = client.repository(`${reg.host}/app/one`);
    const err = await repo.resolve('nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).message).toContain(`${reg.host}/app/one:nope`);
    expect((err as RegistryError).codes).toContain('MANIFEST_UNKNOWN');
  });

  it('finds referrers through the sha256-<hex> tag when the API is absent (DS referrers tag schema)', async () => {
    const repo = client.repository(`${reg.host}/app/refs`);
    const img = image([randomBlob(10)]);
    for (const b of [img.config, ...img.layers]) await repo.push(b.desc, stream(b));
    await repo.push(img.manifest.desc, stream(img.manifest));
    expect(await repo.referrers(img.manifest.desc)).toEqual([]);
    const sig = image([blob('signature', 'application/vnd.dev.cosign.simplesigning.v1+json')], {
      subject: img.manifest.desc,
      artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
    });
    for (const b of [sig.config, ...sig.layers]) await repo.push(b.desc, stream(b));
    await repo.push(sig.manifest.desc, stream(sig.manifest));
    const sigDesc = { ...sig.manifest.desc, artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json' };
    const index = blob(
      JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [sigDesc] }),
      'application/vnd.oci.image.index.v1+json',
    );
    await repo.pushManifest(index.desc, index.bytes, referrersTag(img.manifest.desc.digest));
    expect(await repo.referrers(img.manifest.desc)).toEqual([sigDesc]);
  });

  it('uploads when the registry answers relative Locations (DS: resolve against the request URL)', async () => {
    const rel = await startRegistry({ relativeUrls: true });
    try {
      const repo = client.repository(`${rel.host}/app/rel`);
      for (const b of [randomBlob(1000), randomBlob(250 * 1024)]) {
        await repo.push(b.desc, stream(b));
        expect(await repo.exists(b.desc)).toBe(true);
      }
    } finally {
      await rel.stop();
    }
  });

  it('fetches through a mirror while keeping the name (--mirror quay.io=HOST/quay.io)', async () => {
    const mirrored = new RegistryClient({ mirrors: { 'quay.io': `${reg.host}/quay.io` } });
    const repo = mirrored.repository('quay.io/jetstack/cert-manager-controller');
    expect(repo.name).toBe('quay.io/jetstack/cert-manager-controller');
    expect(repo.endpoint).toEqual({ host: reg.host, path: 'quay.io/jetstack/cert-manager-controller' });
    const img = image([randomBlob(10)]);
    for (const b of [img.config, ...img.layers]) await repo.push(b.desc, stream(b));
    await repo.push(img.manifest.desc, stream(img.manifest));
    await repo.tag(img.manifest.desc, 'v1.14.4');
    const direct = client.repository(`${reg.host}/quay.io/jetstack/cert-manager-controller`);
    expect((await direct.resolve('v1.14.4')).digest).toBe(img.manifest.desc.digest);
  });
});
