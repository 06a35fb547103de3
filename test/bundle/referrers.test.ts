// Signed images keep their signatures across bundle and push: a source registry (docker-registry,
// no referrers API) holds an image, an OCI signature artifact whose `subject` is the image (found
// through the referrers tag schema index, as a signer writes it there) and a cosign .sig tag. The
// bundle carries both by default; push writes them into the target's repository and makes the
// referrer findable again (tag schema index); each is read back with plain HTTP.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleLock } from '../../src/bundle/open.js';
import { runCli } from './run-cli.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { putBlob, putManifest, sha256 } from '../support/raw-push.js';
import { plainHttp, startSeededSource, type SeededSource } from '../sync/sync-world.js';
import { execa } from 'execa';
import { resolve } from 'node:path';
import { standinEnv, standinFlags, startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';

const BIN = resolve(import.meta.dirname, '../../bin/helm-airgap');

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const SIG_TYPE = 'application/vnd.example.signature.v1+json';
const REPO = 'acme.example/team/app';

let src: SeededSource;
let dst: RunningRegistry;
let work: string;
let image: string;
let referrer: string;
let cosign: string;
let cosignDoc: Record<string, unknown>;
const env = () => ({ HELM_AIRGAP_CACHE: join(work, 'cache'), DOCKER_CONFIG: join(work, 'no-docker'), CI: 'true' });
const mirror = () => ['--mirror', `acme.example=${src.registry.host}/acme.example`];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-referrers-'));
  src = await startSeededSource([{ name: REPO, tag: '1.0', layers: [{ seed: 'app', size: 20_000 }] }]);
  dst = await startRegistry();
  const host = src.registry.host;
  image = src.images[0]!.digest;
  const subject = { mediaType: src.images[0]!.mediaType, digest: image, size: src.images[0]!.size };
  const empty = await putBlob(host, REPO, Buffer.from('{}'));
  const sig = await putBlob(host, REPO, Buffer.from('{"signature":"made by the test"}'));
  const sigManifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType: SIG_TYPE,
    config: { mediaType: 'application/vnd.oci.empty.v1+json', ...empty },
    layers: [{ mediaType: SIG_TYPE, ...sig }],
    subject,
  };
  const written = await putManifest(host, REPO, sha256(JSON.stringify(sigManifest)), OCI_MANIFEST, sigManifest);
  referrer = written.digest;
  // a registry without the referrers API: the signer keeps the tag schema index
  await putManifest(host, REPO, image.replace(':', '-'), OCI_INDEX, {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [{ mediaType: OCI_MANIFEST, digest: written.digest, size: written.size, artifactType: SIG_TYPE }],
  });
  const payload = await putBlob(host, REPO, Buffer.from('{"critical":{"image":{"docker-manifest-digest":"' + image + '"}}}'));
  const cosignManifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.empty.v1+json', ...empty },
    layers: [{ mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', ...payload }],
  };
  cosign = (await putManifest(host, REPO, `${image.replace(':', '-')}.sig`, OCI_MANIFEST, cosignManifest)).digest;
  cosignDoc = cosignManifest;
});

afterAll(async () => {
  await dst?.stop();
  await src?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('signatures across bundle and push', () => {
  it('bundle carries the OCI referrer and the cosign tag by default; --no-with-referrers leaves them out', async () => {
    const r = await runCli(['bundle', '--image', `${REPO}:1.0`, ...mirror(), '-o', join(work, 'signed.tar')], env());
    expect(r.exitCode, r.stderr).toBe(0);
    const lock = await readBundleLock(join(work, 'signed.tar'));
    const artifacts = lock.images[0]!.artifacts ?? [];
    expect(artifacts.map((a) => [a.digest, a.tag ?? 'referrer']).sort()).toEqual(
      [
        [cosign, `${image.replace(':', '-')}.sig`],
        [referrer, 'referrer'],
      ].sort(),
    );
    const plain = await runCli(['bundle', '--image', `${REPO}:1.0`, ...mirror(), '--no-with-referrers', '-o', join(work, 'plain.tar')], env());
    expect(plain.exitCode, plain.stderr).toBe(0);
    expect((await readBundleLock(join(work, 'plain.tar'))).images[0]!.artifacts).toBeUndefined();
  });

  it('inspect lists them under the image they are about', async () => {
    const r = await runCli(['inspect', join(work, 'signed.tar'), '-o', 'json'], env());
    expect(r.exitCode, r.stderr).toBe(0);
    const images = (JSON.parse(r.stdout) as { images: { kind: string; digest: string; referrers?: { digest: string; what: string }[] }[] }).images;
    const signed = images.find((i) => i.digest === image)!;
    expect(signed.kind).toBe('image');
    expect(signed.referrers!.map((a) => a.digest).sort()).toEqual([cosign, referrer].sort());
    expect(signed.referrers!.find((a) => a.digest === referrer)!.what).toBe(SIG_TYPE);
    const text = await runCli(['inspect', join(work, 'signed.tar')], env());
    expect(text.stdout).toContain(`  referrer ${SIG_TYPE} ${referrer}`);
  });

  it('push restores them: the cosign tag, the referrer by digest, and the tag schema index naming it', async () => {
    const r = await runCli(['push', join(work, 'signed.tar'), '--registry', `${dst.host}/m`, '-o', 'json'], env());
    expect(r.exitCode, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { items: { artifacts?: number }[] }).items[0]!.artifacts).toBe(2);
    const repo = `m/${REPO}`;
    const accept = `${OCI_MANIFEST}, ${OCI_INDEX}`;
    const sigTag = await plainHttp(dst.host, 'GET', `/v2/${repo}/manifests/${image.replace(':', '-')}.sig`, undefined, accept);
    expect(sigTag.headers['docker-content-digest']).toBe(cosign);
    const ref = await plainHttp(dst.host, 'GET', `/v2/${repo}/manifests/${referrer}`, undefined, accept);
    expect((JSON.parse(ref.body) as { subject: { digest: string } }).subject.digest).toBe(image);
    const index = await plainHttp(dst.host, 'GET', `/v2/${repo}/manifests/${image.replace(':', '-')}`, undefined, accept);
    expect(index.status).toBe(200);
    expect((JSON.parse(index.body) as { manifests: { digest: string; artifactType?: string }[] }).manifests).toEqual([
      expect.objectContaining({ digest: referrer, artifactType: SIG_TYPE }),
    ]);
  });
  it('verify checks the signatures too: both present after push; a cosign tag on other content is DIFFERENT', async () => {
    const v = await runCli(['verify', join(work, 'signed.tar'), '--registry', `${dst.host}/m`, '-o', 'json'], env());
    expect(v.exitCode, v.stdout).toBe(0);
    const items = (JSON.parse(v.stdout) as { items: { kind: string; digest: string; status: string }[] }).items.filter((i) => i.kind === 'artifact');
    expect(items.map((i) => [i.digest, i.status]).sort()).toEqual(
      [
        [cosign, 'present'],
        [referrer, 'present'],
      ].sort(),
    );
    const other = await putManifest(dst.host, `m/${REPO}`, `${image.replace(':', '-')}.sig`, OCI_MANIFEST, { ...cosignDoc, annotations: { forged: 'yes' } });
    const bad = await runCli(['verify', join(work, 'signed.tar'), '--registry', `${dst.host}/m`], env());
    expect(bad.exitCode).toBe(3);
    expect(bad.stdout).toMatch(/^DIFFERENT {2}artifact \S+ sha256-\S+\.sig -> /m);
    expect(bad.stdout).toContain(`holds ${other.digest}`);
  });
});

// ECR serves the referrers API: push leaves the referrer to it (no tag schema index is written),
// keeps the cosign tag as a tag, verify finds both by digest, and a re-run moves nothing.
describe('signatures into ECR, which answers the referrers API (the stand-in)', () => {
  let ecr: EcrStandin;
  beforeAll(async () => {
    ecr = await startEcrStandin();
  });
  afterAll(() => ecr?.stop());

  const cli = async (args: string[]) => {
    const flags = ['--registry', `${ecr.registryHost}/signed`, ...standinFlags(ecr), '-o', 'json'];
    const r = await execa(BIN, [...args, ...flags], { env: standinEnv(ecr, work, env()), extendEnv: false, reject: false });
    return { code: r.exitCode, json: JSON.parse(r.stdout || '{}') as Record<string, unknown>, stderr: r.stderr };
  };

  it('push writes the referrer through the API and the cosign tag as a tag; verify finds both; a re-run moves nothing', async () => {
    const bundle = join(work, 'signed.tar');
    const pushed = await cli(['push', bundle]);
    expect(pushed.code, pushed.stderr).toBe(0);
    const repo = `signed/${REPO}`;
    expect(ecr.state.referrers.get(`${repo}@${image}`)!.map((d) => [d.digest, d.artifactType])).toEqual([[referrer, SIG_TYPE]]);
    // the API lists it, so no tag schema index was written; the cosign signature is a tag
    const puts = ecr.state.frontRequests.filter((q) => q.method === 'PUT' && q.path.startsWith(`/v2/${repo}/manifests/`)).map((q) => q.path.split('/').pop());
    expect(puts).not.toContain(image.replace(':', '-'));
    expect(puts).toContain(`${image.replace(':', '-')}.sig`);

    const verified = await cli(['verify', bundle]);
    expect(verified.code, verified.stderr).toBe(0);
    const artifacts = (verified.json.items as { kind: string; digest: string; status: string }[]).filter((i) => i.kind === 'artifact');
    expect(artifacts.map((i) => [i.digest, i.status]).sort()).toEqual(
      [
        [cosign, 'present'],
        [referrer, 'present'],
      ].sort(),
    );

    ecr.state.resetLogs();
    const again = await cli(['push', bundle]);
    expect(again.code, again.stderr).toBe(0);
    expect((again.json.totals as { blobsUploaded: number }).blobsUploaded).toBe(0);
    expect(ecr.state.frontRequests.filter((q) => q.method === 'PUT' || q.method === 'PATCH' || q.method === 'POST')).toEqual([]);
  });

  it('without the referrers API (ECR before OCI 1.1), push writes the tag schema index instead', async () => {
    ecr.state.referrersApi = false;
    try {
      const r = await execa(BIN, ['push', join(work, 'signed.tar'), '--registry', `${ecr.registryHost}/legacy`, ...standinFlags(ecr)], {
        env: standinEnv(ecr, work, env()),
        extendEnv: false,
        reject: false,
      });
      expect(r.exitCode, r.stderr).toBe(0);
      const puts = ecr.state.frontRequests
        .filter((q) => q.method === 'PUT' && q.path.startsWith(`/v2/legacy/${REPO}/manifests/`))
        .map((q) => q.path.split('/').pop());
      expect(puts).toContain(image.replace(':', '-'));
    } finally {
      ecr.state.referrersApi = true;
    }
  });
});
