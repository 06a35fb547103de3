// `helm airgap mirrors LIST` between two real registries (Debian's docker-registry): one is the
// source, one stands in for public.ecr.aws, reached through a rules file of prefixes without "*".
// The stand-in holds one image byte for byte, one index rebuilt around the same platform images
// (another annotation: platform-identical), one single-platform image inside a multi-platform
// index (different: an arm64 node would pull another image), one index missing a platform, one tag
// on other content, and one image not at all; and two lying indexes: the source's platform images
// behind an extra first linux/amd64 entry, and the source's manifests with their labels swapped. The map written is read back by bundle/image-map.ts: only the safe ones move.
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImageMap } from '../../src/bundle/image-map.js';
import { readImageMap } from '../../src/bundle/image-map-file.js';
import { formatLock, type LockedImage } from '../../src/bundle/lock.js';
import { runCli } from '../bundle/run-cli.js';
import { putManifest } from '../support/raw-push.js';
import { freePort, startRegistry, type RunningRegistry } from '../support/registry.js';
import { pushRaw, writeSyntheticImages, type SyntheticImageSpec, type WrittenImage } from '../support/synthetic-image.js';
import { plainHttp, servedDigest } from '../sync/sync-world.js';

const LIST_TYPE = 'application/vnd.docker.distribution.manifest.list.v2+json';
const MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';
const TWO = ['linux/amd64', 'linux/arm64'];

const spec = (name: string, platforms?: string[], seed = name): SyntheticImageSpec => ({
  name,
  tag: '1.0',
  ...(platforms ? { platforms } : {}),
  baseLayers: [{ seed: 'base', size: 16 * 1024 }],
  layers: [{ seed, size: 1024 }],
  mediaTypes: 'docker',
});

let src: RunningRegistry;
let pub: RunningRegistry;
let work: string;
let dead: string;
const img = new Map<string, WrittenImage>();
const env = () => ({ DOCKER_CONFIG: join(work, 'no-docker'), HELM_REGISTRY_CONFIG: join(work, 'no-helm.json'), CI: 'true' });
const at = (name: string) => `${src.host}/${name}:1.0`;
const there = (name: string) => `${pub.host}/${name}:1.0`;

beforeAll(async () => {
  [src, pub] = await Promise.all([startRegistry(), startRegistry()]);
  dead = `127.0.0.1:${await freePort()}`;
  work = await mkdtemp(join(tmpdir(), 'airgap-mirrors-list-'));
  const written = await writeSyntheticImages(join(work, 'layout'), [
    spec('acme/same', TWO),
    spec('acme/rebuilt', TWO),
    spec('acme/single'),
    spec('acme/partial', TWO),
    spec('acme/changed'),
    spec('acme/gone'),
    // for the stand-in only: other content under a source tag, and an arm64 image to stand beside single
    spec('acme/changed', undefined, 'rebuilt elsewhere'),
    spec('acme/single', ['linux/arm64'], 'arm build'),
    // the lying candidates' sources, and the image one of them puts first
    spec('acme/extra', TWO),
    spec('acme/swapped', TWO),
    spec('acme/intruder', undefined, 'intruder'),
  ]);
  for (const w of written.slice(0, 6)) {
    img.set(w.name, w);
    await pushRaw(src.host, w);
  }
  const [otherChanged, armSingle, extra, swapped, intruder] = written.slice(6);
  for (const w of [extra!, swapped!]) {
    img.set(w.name, w);
    await pushRaw(src.host, w);
  }
  // one at a time: docker-registry's filesystem driver can garble one blob uploaded twice at once
  await pushRaw(pub.host, img.get('acme/same')!);
  await pushRaw(pub.host, otherChanged!);
  // the same platform images under an index of its own: the source's children, listed anew
  const rebuilt = img.get('acme/rebuilt')!;
  await pushChildren(pub.host, rebuilt);
  const ownIndex = JSON.parse(await readFile(join(rebuilt.layoutDir, 'blobs', 'sha256', rebuilt.digest.slice(7)), 'utf8')) as Record<string, unknown>;
  await putManifest(pub.host, 'acme/rebuilt', '1.0', LIST_TYPE, { ...ownIndex, annotations: { 'org.opencontainers.image.created': '2026-01-01T00:00:00Z' } });
  // the single-platform source image as the amd64 entry of a two-platform index
  const single = img.get('acme/single')!;
  await pushRaw(pub.host, { ...single, tag: 'amd64' });
  await pushRaw(pub.host, { ...armSingle!, tag: 'arm64' });
  await putManifest(pub.host, 'acme/single', '1.0', LIST_TYPE, {
    schemaVersion: 2,
    mediaType: LIST_TYPE,
    manifests: [
      { mediaType: MANIFEST_TYPE, digest: single.digest, size: single.size, platform: { architecture: 'amd64', os: 'linux' } },
      { mediaType: MANIFEST_TYPE, ...digestAndSize(armSingle!.manifests[0]!), platform: { architecture: 'arm64', os: 'linux' } },
    ],
  });
  // the arm64 image is missing from this one
  const partial = img.get('acme/partial')!;
  await pushChildren(pub.host, partial);
  const amd = partial.manifests.find((m) => m.platform === 'linux/amd64')!;
  await putManifest(pub.host, 'acme/partial', '1.0', LIST_TYPE, {
    schemaVersion: 2,
    mediaType: LIST_TYPE,
    manifests: [{ mediaType: MANIFEST_TYPE, ...digestAndSize(amd), platform: { architecture: 'amd64', os: 'linux' } }],
  });
  // lying indexes: another amd64 image listed first (a node takes the first match), labels swapped
  await pushChildren(pub.host, extra!);
  await pushRaw(pub.host, { ...intruder!, name: 'acme/extra', tag: 'intruder' });
  const entry = (m: { digest: string; size: number }, platform: string) => ({
    mediaType: MANIFEST_TYPE,
    ...digestAndSize(m),
    platform: { os: platform.split('/')[0]!, architecture: platform.split('/')[1]! },
  });
  const [xAmd, xArm] = ['linux/amd64', 'linux/arm64'].map((p) => extra!.manifests.find((m) => m.platform === p)!);
  await putManifest(pub.host, 'acme/extra', '1.0', LIST_TYPE, {
    schemaVersion: 2,
    mediaType: LIST_TYPE,
    manifests: [entry(intruder!, 'linux/amd64'), entry(xAmd!, 'linux/amd64'), entry(xArm!, 'linux/arm64')],
  });
  await pushChildren(pub.host, swapped!);
  const [sAmd, sArm] = ['linux/amd64', 'linux/arm64'].map((p) => swapped!.manifests.find((m) => m.platform === p)!);
  await putManifest(pub.host, 'acme/swapped', '1.0', LIST_TYPE, {
    schemaVersion: 2,
    mediaType: LIST_TYPE,
    manifests: [entry(sAmd!, 'linux/arm64'), entry(sArm!, 'linux/amd64')],
  });
  await writeFile(join(work, 'rules.yaml'), `- from: ${src.host}/acme/\n  to: ${pub.host}/acme/\n`);
  await writeFile(join(work, 'images.txt'), listOf());
});

afterAll(async () => {
  await Promise.all([src?.stop(), pub?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
});

/** The platform images of an index without the index itself (the first tagged, as a registry needs). */
async function pushChildren(host: string, w: WrittenImage): Promise<void> {
  const first = w.manifests[0]!;
  await pushRaw(host, { ...w, tag: 'children', ...digestAndSize(first), mediaType: MANIFEST_TYPE, blobs: w.blobs.filter((b) => b !== w.digest) });
}

const digestAndSize = (m: { digest: string; size: number }) => ({ digest: m.digest, size: m.size });

/** The six images, one pinned, with comments and blank lines as people write lists. */
function listOf(...extra: string[]): string {
  return [
    '# images to move to the public registry',
    at('acme/same'),
    at('acme/rebuilt'),
    `${at('acme/rebuilt')}@${img.get('acme/rebuilt')!.digest}   # pinned by a chart`,
    '',
    at('acme/single'),
    at('acme/partial'),
    at('acme/changed'),
    at('acme/gone'),
    ...extra,
    '',
  ].join('\n');
}

interface Check {
  source: string;
  candidate?: string;
  status: string;
  sourceDigest?: string;
  candidateDigest?: string;
  platforms?: { platform: string; digest: string }[];
  missingPlatforms?: string[];
  error?: string;
}
interface Report {
  checks: Check[];
  totals: Record<string, number>;
  mapFile?: string;
}

const rules = () => ['--rules', join(work, 'rules.yaml')];
const childrenOf = (name: string) => img.get(name)!.manifests.map((m) => ({ platform: m.platform!, digest: m.digest }));

describe('mirrors LIST --rules PREFIXES', () => {
  let report: Report;
  const map = () => join(work, 'map.yaml');
  const byRef = (ref: string) => report.checks.find((c) => c.source === ref)!;

  it('judges each image per platform: identical, platform-identical (platforms named), different, absent', async () => {
    // an earlier run proved acme/changed; another tool mapped an unrelated image: the first must go, the second stay
    const other = { source: 'docker.io/library/busybox:1.36', destination: `${pub.host}/library/busybox:1.36` };
    await writeFile(
      map(),
      `images:\n  - { source: ${at('acme/changed')}, destination: ${there('acme/changed')} }\n  - { source: ${other.source}, destination: ${other.destination} }\n`,
    );
    const r = await runCli(['mirrors', join(work, 'images.txt'), ...rules(), '--write-map', map(), '-o', 'json'], env());
    expect(r.exitCode, r.stderr).toBe(0);
    report = JSON.parse(r.stdout) as Report;
    const rebuilt = img.get('acme/rebuilt')!;
    expect(Object.fromEntries(report.checks.map((c) => [c.source, c.status]))).toEqual({
      [at('acme/same')]: 'identical',
      [at('acme/rebuilt')]: 'platform-identical',
      [`${at('acme/rebuilt')}@${rebuilt.digest}`]: 'platform-identical',
      [at('acme/single')]: 'different',
      [at('acme/partial')]: 'different',
      [at('acme/changed')]: 'different',
      [at('acme/gone')]: 'absent',
    });
    expect(report.totals).toMatchObject({ identical: 1, 'platform-identical': 2, different: 3, absent: 1, error: 0 });
    // the candidate's index is its own (read without our client), its platform images the source's
    const theirIndex = await servedDigest(pub.host, 'acme/rebuilt', '1.0');
    expect(theirIndex).not.toBe(rebuilt.digest);
    expect(byRef(at('acme/rebuilt'))).toMatchObject({ candidate: there('acme/rebuilt'), sourceDigest: rebuilt.digest, candidateDigest: theirIndex });
    expect(byRef(at('acme/rebuilt')).platforms).toEqual(childrenOf('acme/rebuilt'));
    expect(byRef(`${at('acme/rebuilt')}@${rebuilt.digest}`).candidateDigest).toBe(theirIndex);
    expect(byRef(at('acme/single')).platforms).toBeUndefined();
    expect(byRef(at('acme/partial')).missingPlatforms).toEqual(['linux/arm64']);
    expect(byRef(at('acme/same')).platforms).toEqual(childrenOf('acme/same'));
  });

  it('writes an image map of the safe images only: the candidate, the digest it serves, the proven platforms', async () => {
    const map1 = await readImageMap(map());
    const safe = report.checks.filter((c) => c.status === 'identical' || c.status === 'platform-identical').map((c) => c.source);
    expect(map1.entries.map((e) => e.source).sort()).toEqual([...safe, 'docker.io/library/busybox:1.36'].sort());
    for (const ref of [at('acme/single'), at('acme/partial'), at('acme/changed'), at('acme/gone')]) expect(map1.mapRef(ref)).toBeUndefined();
    expect(map1.mapRef(at('acme/same'))).toBe(there('acme/same'));
    expect(map1.mapRef(at('acme/rebuilt'))).toBe(there('acme/rebuilt'));
    const rebuilt = map1.lookup(at('acme/rebuilt'))!;
    expect(rebuilt.platforms).toEqual(childrenOf('acme/rebuilt'));
    // a chart pinning the source's index moves to the candidate's index, which the stand-in serves
    // and which lists each proven platform image (read without our client)
    const pinned = map1.mapRef(`${at('acme/rebuilt')}@${img.get('acme/rebuilt')!.digest}`)!;
    expect(pinned).toBe(`${there('acme/rebuilt')}@${rebuilt.digest}`);
    const got = await plainHttp(pub.host, 'GET', `/v2/acme/rebuilt/manifests/${rebuilt.digest}`, undefined, LIST_TYPE);
    expect(got.status).toBe(200);
    const listed = (JSON.parse(got.body) as { manifests: { digest: string }[] }).manifests.map((m) => m.digest);
    for (const p of rebuilt.platforms!) expect(listed).toContain(p.digest);
    expect(parseImageMap(await readFile(map(), 'utf8'), map())).toHaveLength(4);
  });

  it('lying candidates are DIFFERENT and stay out of the map: an extra first amd64 entry, swapped platform labels', async () => {
    const out = join(work, 'lying.yaml');
    const r = await runCli(['mirrors', '-', ...rules(), '--write-map', out, '-o', 'json'], env(), `${at('acme/extra')}\n${at('acme/swapped')}\n`);
    expect(r.exitCode, r.stderr).toBe(0);
    const checks = (JSON.parse(r.stdout) as Report).checks;
    expect(checks.map((c) => [c.source, c.status, c.missingPlatforms])).toEqual([
      [at('acme/extra'), 'different', ['linux/amd64']],
      [at('acme/swapped'), 'different', ['linux/amd64', 'linux/arm64']],
    ]);
    // the registry serves those indexes (read without our client): the lie is there to be seen
    const served = await plainHttp(pub.host, 'GET', '/v2/acme/extra/manifests/1.0', undefined, LIST_TYPE);
    expect((JSON.parse(served.body) as { manifests: unknown[] }).manifests).toHaveLength(3);
    expect(parseImageMap(await readFile(out, 'utf8'), out)).toEqual([]);
  });

  it('reads the list from stdin and names the platforms in text', async () => {
    const r = await runCli(['mirrors', '-', ...rules()], env(), listOf());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `^PLATFORM-IDENTICAL ${esc(at('acme/rebuilt'))} -> ${esc(there('acme/rebuilt'))} \\(another index, sha256:\\w+; same images for linux/amd64, linux/arm64\\)$`,
        'm',
      ),
    );
    expect(r.stdout).toMatch(
      new RegExp(`^DIFFERENT +${esc(at('acme/partial'))} -> \\S+ \\(sha256:\\w+ here, sha256:\\w+ there; not there: linux/arm64\\)$`, 'm'),
    );
    expect(r.stdout).toContain('1 identical, 2 platform-identical, 3 different, 1 absent, 0 without a rule, 0 not checked');
  });

  it('without --candidate or --rules the candidate is public.ecr.aws; a line naming its own candidate keeps it', async () => {
    // Docker Hub and public.ecr.aws reached at the two local registries, names unchanged
    const reach = ['--mirror', `docker.io=${src.host}`, '--mirror', `public.ecr.aws=${pub.host}`];
    const list = join(work, 'public.txt');
    await writeFile(list, `docker.io/acme/same:1.0\ndocker.io/acme/changed:1.0\n${at('acme/changed')}  docker://${pub.host}/acme/same\n`);
    const r = await runCli(['mirrors', list, ...reach, '-o', 'json'], env());
    expect(r.exitCode, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Report).checks.map((c) => [c.source, c.candidate, c.status])).toEqual([
      ['docker.io/acme/same:1.0', 'public.ecr.aws/acme/same:1.0', 'identical'],
      ['docker.io/acme/changed:1.0', 'public.ecr.aws/acme/changed:1.0', 'different'],
      [at('acme/changed'), there('acme/same'), 'different'],
    ]);
  });

  it('a line that is not a reference is a usage error naming FILE:LINE', async () => {
    const list = join(work, 'bad.txt');
    await writeFile(list, `${at('acme/same')}\n# fine so far\nnot//a:reference!\n`);
    const r = await runCli(['mirrors', list, ...rules()], env());
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${list}:3: not an image reference`);
    expect(r.stderr).toMatch(/^next: /m);
  });

  it('still takes a bundle lock (any name ending in .json), judged by the digests it records', async () => {
    const locked = (name: string): LockedImage => {
      const w = img.get(name)!;
      return {
        source: at(name),
        ref: at(name),
        digest: w.digest,
        mediaType: w.mediaType,
        platforms: [],
        size: 1,
        need: 'certain',
        sites: [],
        layoutRef: at(name),
      };
    };
    const lock = join(work, 'shop-lock.json');
    const images = [locked('acme/rebuilt'), locked('acme/gone')];
    await writeFile(
      lock,
      formatLock({ formatVersion: 1, createdBy: 'test', createdAt: '2026-01-01T00:00:00Z', charts: [], images, platforms: [], notBundled: [] }),
    );
    const r = await runCli(['mirrors', lock, ...rules(), '-o', 'json'], env());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(Object.fromEntries((JSON.parse(r.stdout) as Report).checks.map((c) => [c.source, c.status]))).toEqual({
      [at('acme/rebuilt')]: 'platform-identical',
      [at('acme/gone')]: 'absent',
    });
  });

  describe('a source that cannot be read', () => {
    // refused connections and a tag the source does not have
    const broken = () => listOf(`${dead}/acme/x:1.0 ${pub.host}/acme/same:1.0`, at('acme/missing'));

    it('stops the run (exit 1) naming it: the images after it are not asked and no map is written', async () => {
      const out = join(work, 'stopped.yaml');
      const list = `${dead}/acme/x:1.0 ${pub.host}/acme/same:1.0\n${listOf()}`;
      const r = await runCli(['mirrors', '-', ...rules(), '--concurrency', '1', '--write-map', out], env(), list);
      expect(r.exitCode, r.stderr).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(`^Error: mirrors: stopped: an image could not be checked:\n  ${esc(`${dead}/acme/x:1.0`)}: source ${esc(`${dead}/acme/x`)}: `, 'm'),
      );
      expect(r.stderr).toMatch(/^next: .*--keep-going checks the others and exits 3/m);
      expect(r.stdout).toMatch(/^ERROR +127\.0\.0\.1:\d+\/acme\/x:1\.0 -> /m);
      expect(r.stdout).toContain('0 identical, 0 platform-identical, 0 different, 0 absent, 0 without a rule, 1 not checked');
      await expect(access(out)).rejects.toThrow();
    });

    it('with --keep-going: the others are judged, the map is written, exit 3 naming each', async () => {
      const out = join(work, 'partial.yaml');
      const r = await runCli(['mirrors', '-', ...rules(), '--keep-going', '--write-map', out, '-o', 'json'], env(), broken());
      expect(r.exitCode, r.stderr).toBe(3);
      const doc = JSON.parse(r.stdout) as { error: { message: string }; report: Report; failures: { item: string }[] };
      expect(doc.failures.map((f) => f.item).sort()).toEqual([`${dead}/acme/x:1.0`, at('acme/missing')].sort());
      expect(doc.report.checks.find((c) => c.source === at('acme/missing'))!.error).toContain('not found at the source');
      expect(doc.report.totals).toMatchObject({ identical: 1, 'platform-identical': 2, different: 3, absent: 1, error: 2 });
      expect((await readImageMap(out)).entries).toHaveLength(3);
    });
  });
});

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
