// The bundle's SBOM: made by `bundle` from a real chart and registry, printed by `inspect --sbom`,
// valid against the CycloneDX 1.6 JSON schema the CycloneDX library ships (judged by ajv, not by
// us); each image and chart a component with its digest and purl, each platform manifest of an
// index and each carried referrer a sub-component linked by digest, chart → image dependencies.
// An SBOM edited after the bundle was made is refused (its digest is in the signed lock).
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSbom } from '../../src/bundle/sbom.js';
import type { BundleLock } from '../../src/bundle/lock.js';
import { startBundleWorld, worldEnv, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { runCli } from '../bundle/run-cli.js';
import { cyclonedx16, sbomSignatures } from '../support/cyclonedx-schema.js';

let w: BundleWorld;
let env: Record<string, string>;
let out: string;

beforeAll(async () => {
  w = await startBundleWorld();
  env = worldEnv(w);
  out = join(w.work, 'b.tar');
  const r = await runCli(['bundle', 'demo', '--repo', w.repo.url, '--version', '~1.2.0', ...w.mirrors, '-o', out], env);
  expect(r.exitCode).toBe(0);
}, 60_000);

afterAll(async () => {
  await w?.stop();
});

describe('bundle SBOM', () => {
  it('inspect --sbom prints a CycloneDX 1.6 document the schema accepts, from the lock', async () => {
    const r = await runCli(['inspect', out, '--sbom'], env);
    expect(r.exitCode).toBe(0);
    const bom = JSON.parse(r.stdout);
    expect((await cyclonedx16())(bom)).toEqual([]);
    expect(bom.specVersion).toBe('1.6');
    const lock = JSON.parse(execFileSync('tar', ['-xOf', out, 'airgap-lock.json'], { encoding: 'utf8' })) as BundleLock;
    expect(lock.sbom?.file).toBe('airgap-sbom.cdx.json');
    const images = bom.components.filter((c: { type: string }) => c.type === 'container');
    expect(images).toHaveLength(lock.images.length);
    for (const img of lock.images) {
      const c = images.find((x: { 'bom-ref': string }) => x['bom-ref'] === `image:${img.ref}`);
      expect(c.hashes[0].content).toBe(img.digest.slice(7));
      expect(c.purl).toContain(`@${img.digest}?`);
      expect(c.purl).toContain('repository_url=');
      // bundled without a signature policy: no evidence claimed
      expect(sbomSignatures(bom, c['bom-ref'])).toEqual([]);
      // an index: each platform manifest a sub-component with its own digest
      if (img.platforms.length > 1)
        expect(c.components.map((s: { properties: { value: string }[] }) => s.properties[0]!.value).sort()).toEqual([...img.platforms].sort());
    }
    const chart = bom.components.find((c: { type: string }) => c.type === 'application');
    expect(chart.purl).toMatch(/^pkg:helm\/demo@1\.2\.\d+\?repository_url=/);
    const deps = bom.dependencies.find((d: { ref: string }) => d.ref === chart['bom-ref']);
    expect(deps.dependsOn.sort()).toEqual(
      lock.images
        .filter((i) => i.sites.some((s) => s.chart === 'demo'))
        .map((i) => `image:${i.ref}`)
        .sort(),
    );
    expect(deps.dependsOn.length).toBeGreaterThan(0);
  });

  it('an SBOM edited after bundling is refused by inspect --sbom and by push --key', async () => {
    const dir = join(w.work, 'x');
    await mkdir(dir);
    execFileSync('tar', ['-xf', out, '-C', dir]);
    const key = join(w.work, 'k.key');
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
    execFileSync('chmod', ['600', key]);
    execFileSync('openssl', ['pkey', '-in', key, '-pubout', '-out', `${key}.pub`]);
    expect((await runCli(['sign', dir, '--key', key], env)).exitCode).toBe(0);
    const sbom = join(dir, 'airgap-sbom.cdx.json');
    await writeFile(sbom, (await readFile(sbom, 'utf8')).replace('"container"', '"library"'));
    const inspect = await runCli(['inspect', dir, '--sbom'], env);
    expect(inspect.exitCode).toBe(3);
    expect(inspect.stderr).toContain('the SBOM was edited after the bundle was made');
    const push = await runCli(['push', dir, '--key', `${key}.pub`, '--registry', `${w.registry.host}/never`], env);
    expect(push.exitCode).toBe(3);
    expect(push.stderr).toContain('the SBOM was edited');
  });

  it('carried signatures, SBOMs and attestations are sub-components linked to their image by digest', async () => {
    const d = (c: string) => `sha256:${c.repeat(64)}`;
    const lock = {
      formatVersion: 1,
      createdBy: 'helm-airgap 0.1.0',
      createdAt: '2026-01-01T00:00:00.000Z',
      platforms: [],
      notBundled: [],
      charts: [],
      images: [
        {
          source: 'ghcr.io/acme/app:1',
          ref: 'ghcr.io/acme/app:1',
          digest: d('a'),
          mediaType: 'application/vnd.oci.image.index.v1+json',
          platforms: ['linux/amd64'],
          size: 1,
          need: 'extra',
          sites: [],
          layoutRef: 'ghcr.io/acme/app:1',
          artifacts: [
            {
              digest: d('b'),
              mediaType: 'application/vnd.oci.image.manifest.v1+json',
              size: 1,
              tag: `sha256-${'a'.repeat(64)}.sig`,
              layoutRef: 'ghcr.io/acme/app:x',
            },
            {
              digest: d('c'),
              mediaType: 'application/vnd.oci.image.manifest.v1+json',
              size: 1,
              artifactType: 'application/spdx+json',
              layoutRef: 'ghcr.io/acme/app:y',
            },
            {
              digest: d('e'),
              mediaType: 'application/vnd.oci.image.manifest.v1+json',
              size: 1,
              artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
              layoutRef: 'ghcr.io/acme/app:z',
            },
          ],
        },
      ],
    } as BundleLock;
    const bom = JSON.parse(buildSbom({ lock, children: new Map([[d('a'), [{ platform: 'linux/amd64', digest: d('f') }]]]) }));
    expect((await cyclonedx16())(bom)).toEqual([]);
    const subs = bom.components[0].components as { version: string; properties: { name: string; value: string }[] }[];
    const kind = (v: string) => subs.find((s) => s.version === v)!.properties.find((p) => p.name === 'helm-airgap:artifactKind')?.value;
    expect([kind(d('b')), kind(d('c')), kind(d('e'))]).toEqual(['signature', 'sbom', 'signature']);
    expect(subs.find((s) => s.version === d('b'))!.properties.find((p) => p.name === 'helm-airgap:subject')!.value).toBe(d('a'));
    expect(subs.find((s) => s.version === d('f'))!.properties[0]).toEqual({ name: 'helm-airgap:platform', value: 'linux/amd64' });
  });
});
