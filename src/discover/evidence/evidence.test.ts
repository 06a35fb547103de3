import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { Descriptor, Fetcher } from '../../oci/content.js';
import { linkSettings } from './buildinfo.js';
import { arm64Immediate } from './go-strings.js';
import { tagEnds, ownVersions, servesImages } from './binary-candidates.js';
import { embeddedImages } from './embedded-text.js';
import { entrypointOf, readImageFile, ScanLimitError, ScanMeter, DEFAULT_BOUNDS } from './image-files.js';
import { strictImage } from './strict-image.js';
import { unverifiedControllers } from './unverified.js';
import { catalogDifferences } from './sites.js';
import type { WorkloadMaker } from './workload-makers.js';

/** A tar built here, apart from the code under test's reader. */
function tar(entries: { name: string; data?: string; type?: string; link?: string; size?: number }[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const data = Buffer.from(e.data ?? '');
    const h = Buffer.alloc(512);
    h.write(e.name, 0, 100);
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${(e.size ?? data.length).toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write(e.type ?? '0', 156);
    h.write(e.link ?? '', 157, 100);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    parts.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}

function layers(...ls: Buffer[]): { src: Fetcher; layers: Descriptor[]; read: string[] } {
  const byDigest = new Map<string, Buffer>();
  const read: string[] = [];
  const descs = ls.map((b) => {
    const digest = `sha256:${createHash('sha256').update(b).digest('hex')}`;
    byDigest.set(digest, b);
    return { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest, size: b.length };
  });
  return {
    layers: descs,
    read,
    src: {
      fetch: async (d) => {
        read.push(d.digest);
        return Readable.from([byDigest.get(d.digest)!]);
      },
    },
  };
}

const meter = () => new ScanMeter(DEFAULT_BOUNDS);

describe('reading a file of an image from its layers', () => {
  it('takes the topmost layer that writes it and follows links inside the image', async () => {
    const img = layers(
      tar([{ name: 'bin/manager', data: 'old' }]),
      tar([
        { name: 'manager', type: '2', link: 'opt/../../../bin/real' },
        { name: 'bin/real', data: 'new' },
      ]),
    );
    const f = await readImageFile(img.src, img.layers, '/manager', meter());
    // `..` past the root stays at the root: the link leads to /bin/real, never out of the image
    expect(f).toEqual({ path: '/bin/real', bytes: Buffer.from('new') });
  });

  it('a whiteout above hides the file, and an opaque folder hides everything below it', async () => {
    const a = layers(tar([{ name: 'bin/manager', data: 'x' }]), tar([{ name: 'bin/.wh.manager' }]));
    expect(await readImageFile(a.src, a.layers, '/bin/manager', meter())).toBeUndefined();
    const b = layers(tar([{ name: 'app/bin/manager', data: 'x' }]), tar([{ name: 'app/.wh..wh..opq' }]));
    expect(await readImageFile(b.src, b.layers, '/app/bin/manager', meter())).toBeUndefined();
  });

  it('resolves a folder on the way that is a link (merged /usr)', async () => {
    const img = layers(
      tar([
        { name: 'bin', type: '2', link: 'usr/bin' },
        { name: 'usr/bin/manager', data: 'prog' },
      ]),
    );
    expect(await readImageFile(img.src, img.layers, '/bin/manager', meter())).toEqual({ path: '/usr/bin/manager', bytes: Buffer.from('prog') });
  });

  it('refuses a program past its size bound, and a cycle of links, without hanging', async () => {
    const big = layers(tar([{ name: 'manager', data: 'x'.repeat(2048) }]));
    await expect(readImageFile(big.src, big.layers, '/manager', new ScanMeter({ ...DEFAULT_BOUNDS, maxFileBytes: 1024 }))).rejects.toThrow(ScanLimitError);
    const loop = layers(
      tar([
        { name: 'a', type: '2', link: 'b' },
        { name: 'b', type: '2', link: 'a' },
      ]),
    );
    await expect(readImageFile(loop.src, loop.layers, '/a', meter())).rejects.toThrow(/links/);
  });

  it('finds the program the configuration starts: Entrypoint past an init wrapper, a bare name on PATH, a shell named as such', () => {
    expect(entrypointOf({ config: { Entrypoint: ['/tini', '--', '/manager'], Cmd: ['--leader-elect'] } }).candidates).toEqual(['/manager']);
    expect(entrypointOf({ config: { Cmd: ['manager'], Env: ['PATH=/app:/usr/bin'] } }).candidates).toEqual(['/app/manager', '/usr/bin/manager']);
    expect(entrypointOf({ config: { Entrypoint: ['/bin/sh', '-c', 'exec /manager'] } }).reason).toContain('shell');
  });
});

describe('what a program holds', () => {
  it('holds to the strict rule: a named registry and a tag, no source path', () => {
    expect(strictImage('ghcr.io/acme/agent:v2.3.1')).toBe('ghcr.io/acme/agent:v2.3.1');
    expect(strictImage('acme/agent:v2.3.1')).toBeUndefined();
    expect(strictImage('ghcr.io/acme/agent')).toBeUndefined();
    expect(strictImage('github.com/acme/agent:v2')).toBeUndefined();
  });

  it('settles a tag packed against the next constant at the places the text changes kind', () => {
    expect(tagEnds('v2.3.1markWorker')).toEqual(['v2.3.1markWorker', 'v2.3.1mark', 'v2.3.1']);
    expect(tagEnds('v2.3.128421709')).toContain('v2.3.1');
  });

  it('reads an embedded image vector: whole references and repository + tag pairs', () => {
    const text = 'images:\n- name: a\n  repository: registry.example.com:5000/org/a\n  tag: "v1"\n- image: quay.io/org/b:2.0\n';
    expect(embeddedImages(text).map((e) => [e.ref, e.at])).toEqual([
      ['registry.example.com:5000/org/a:v1', 'images[0].repository+tag'],
      ['quay.io/org/b:2.0', 'images[1].image'],
    ]);
    expect(embeddedImages('{"registry": "ghcr.io", "x": [1, 2]}')).toEqual([]);
  });

  it("reads an arm64 length: MOVZ, and Go's MOVD of a bitmask constant as ORR into ZR", () => {
    expect(arm64Immediate(0xd2800161)).toBe(11);
    expect(arm64Immediate(0xb27b03e3)).toBe(32);
    expect(arm64Immediate(0xf9400362)).toBeUndefined();
  });

  it('reads the versions a build stamps in with -X', () => {
    expect(linkSettings('-s -w -X main.version=v1.2.3 -X=example.com/p/version.Git=abc')).toEqual({
      'main.version': 'v1.2.3',
      'example.com/p/version.Git': 'abc',
    });
    expect(ownVersions({ goVersion: 'go1.22', mainVersion: '(devel)', linkValues: { 'main.version': 'v1.2.3', 'main.commit': 'abc' } })).toEqual(['v1.2.3']);
  });
});

describe('unverified controllers', () => {
  const maker: WorkloadMaker = {
    chart: 'c',
    template: 'c/templates/d.yaml',
    kind: 'Deployment',
    name: 'op',
    images: ['ghcr.io/acme/op:v1'],
    how: 'it may create pods',
    read: false,
  };
  const scan = { image: 'ghcr.io/acme/op:v1', found: [], unconfirmed: [], parts: [], cost: { seconds: 0, bytes: 0 } };

  it('names a maker nothing read, one whose program joins parts, and not one the catalog read or whose candidates all confirmed', () => {
    expect(unverifiedControllers([maker], undefined)[0]).toMatchObject({ controller: 'Deployment/op', next: expect.stringContaining('--scan-images') });
    expect(unverifiedControllers([{ ...maker, read: true }], undefined)).toEqual([]);
    expect(unverifiedControllers([maker], new Map([[scan.image, scan]]))).toEqual([]);
    const parts = unverifiedControllers([maker], new Map([[scan.image, { ...scan, parts: ['ghcr.io/acme'] }]]));
    expect(parts[0]!.reason).toContain('joins image references from parts at run time');
    const unread = unverifiedControllers([maker], new Map([[scan.image, { ...scan, unread: 'its entrypoint is a shell' }]]));
    expect(unread[0]!.reason).toContain('could not be read');
  });
});

describe('which hosts a tagless name is read on', () => {
  it('a registry the program or the controller names, a known one, or one with a port; never a label key', () => {
    const registries = new Set(['ghcr.io', 'pkg.dev']);
    expect(servesImages('ghcr.io', registries)).toBe(true);
    expect(servesImages('europe-docker.pkg.dev', registries)).toBe(true);
    expect(servesImages('registry.internal:5000', registries)).toBe(true);
    expect(servesImages('app.kubernetes.io', registries)).toBe(false);
  });
});

describe('evidence against the catalog', () => {
  const m: WorkloadMaker = {
    chart: 'c',
    template: 't.yaml',
    kind: 'Deployment',
    name: 'op',
    images: ['ghcr.io/acme/op:v1'],
    how: '',
    read: true,
    operator: 'Op',
  };
  const found = (ref: string) => ({ ref, foundIn: 'ghcr.io/acme/op:v1:/manager', how: 'constant' as const, detail: '', digest: 'sha256:0' });
  const scans = (...refs: string[]) =>
    new Map([
      [
        'ghcr.io/acme/op:v1',
        { image: 'ghcr.io/acme/op:v1', entrypoint: '/manager', found: refs.map(found), unconfirmed: [], parts: [], cost: { seconds: 0, bytes: 0 } },
      ],
    ]);
  const site = (ref: string, kind = 'Deployment', operator = 'Op') => ({
    ref,
    raw: ref,
    certainty: 'certain' as const,
    site: 'builtin' as const,
    source: { chart: 'c', template: 't.yaml', kind, name: 'op', fieldPath: '' },
    valuesPaths: [],
    builtin: { operator, read: 'x', at: 'f.go:1' },
  });
  const base = { controller: 'Deployment/op', operator: 'Op', image: 'ghcr.io/acme/op:v1', programs: ['ghcr.io/acme/op:v1:/manager'] };

  it('names what a read controller holds that the catalog does not list for it', () => {
    expect(catalogDifferences([m], scans('ghcr.io/acme/a:1', 'ghcr.io/acme/b:2'), [site('ghcr.io/acme/a:1')])).toEqual([
      { ...base, notInCatalog: ['ghcr.io/acme/b:2'], otherwise: [], notInProgram: [], catalog: ['ghcr.io/acme/a:1'] },
    ]);
  });

  it('pairs one slot at another tag or repository, and names what the catalog lists that the program does not hold', () => {
    const sites = [site('ghcr.io/acme/a:1'), site('docker.io/acme/b:2'), site('ghcr.io/acme/c:3'), site('ghcr.io/acme/other:9', 'Deployment', 'Another')];
    expect(catalogDifferences([m], scans('ghcr.io/acme/a:2', 'ghcr.io/acme/b:2'), sites)).toEqual([
      {
        ...base,
        notInCatalog: [],
        otherwise: [
          { catalog: 'ghcr.io/acme/a:1', evidence: 'ghcr.io/acme/a:2', differs: 'tag' },
          { catalog: 'docker.io/acme/b:2', evidence: 'ghcr.io/acme/b:2', differs: 'repository' },
        ],
        notInProgram: ['ghcr.io/acme/c:3'],
        catalog: ['ghcr.io/acme/a:1', 'docker.io/acme/b:2', 'ghcr.io/acme/c:3'],
      },
    ]);
    // agreeing, or a program not read: nothing to say
    expect(catalogDifferences([m], scans('ghcr.io/acme/a:1'), [site('ghcr.io/acme/a:1')])).toEqual([]);
    expect(catalogDifferences([m], new Map(), sites)).toEqual([]);
  });
});
