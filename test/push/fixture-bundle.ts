// Builds helm-airgap bundles for push tests from parts the push code did not make: synthetic
// images (test/support/synthetic-image.ts), Helm OCI chart artifacts laid out the way `helm push`
// builds them (no top-level mediaType), a lock in the bundle format (src/bundle/lock.ts), and
// the tarball written by the layout archive writer, with the lock beside the layout.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { formatLock, LOCK_FILE_NAME, type BundleLock, type LockedChart, type LockedImage } from '../../src/bundle/lock.js';
import { writeArchive } from '../../src/layout/archive-writer.js';
import { LayoutStore } from '../../src/layout/layout-store.js';
import { formatReference, parseReference } from '../../src/oci/reference.js';
import { writeSyntheticImages, type SyntheticImageSpec, type WrittenImage } from '../support/synthetic-image.js';

export interface FixtureChart {
  name: string;
  version: string;
  /** A real chart archive (.tgz) to carry; default: a stand-in layer that is not a chart. */
  archive?: Buffer;
}

export interface FixtureBundle {
  /** The bundle tarball. */
  file: string;
  /** The same bundle unpacked (layout + lock). */
  dir: string;
  lock: BundleLock;
  images: WrittenImage[];
  charts: (FixtureChart & { manifestDigest: string; blobs: string[] })[];
}

const sha = (b: Uint8Array) => 'sha256:' + createHash('sha256').update(b).digest('hex');

/** Image spec names are full references without tag ("quay.io/jetstack/cert-manager-controller"). */
export async function writeFixtureBundle(
  work: string,
  images: SyntheticImageSpec[],
  charts: FixtureChart[] = [],
  o: { siteChart?: (image: SyntheticImageSpec) => string | undefined } = {},
): Promise<FixtureBundle> {
  const dir = join(work, 'bundle');
  await mkdir(dir, { recursive: true });
  const written = await writeSyntheticImages(dir, images);
  const store = await LayoutStore.open(dir);
  const chartOut: FixtureBundle['charts'] = [];
  for (const c of charts) chartOut.push({ ...c, ...(await addChart(store, c)) });
  const lock: BundleLock = {
    formatVersion: 1,
    createdBy: 'helm-airgap test fixture',
    createdAt: '2026-01-01T00:00:00.000Z',
    platforms: [],
    notBundled: [],
    images: written.map((w, i) => toLockedImage(w, o.siteChart?.(images[i]!))),
    charts: chartOut.map((c, i) => toLockedChart(c, c.manifestDigest, chartOut[i]!.blobs[1]!)),
  };
  const lockBytes = Buffer.from(formatLock(lock));
  const file = join(work, 'bundle.tar');
  await writeArchive(dir, file, { extra: [{ name: LOCK_FILE_NAME, bytes: lockBytes }] });
  await writeFile(join(dir, LOCK_FILE_NAME), lockBytes);
  return { file, dir, lock, images: written, charts: chartOut };
}

/** `chart`: the chart whose pod spec names the image (charts-last attribution). */
function toLockedImage(w: WrittenImage, chart?: string): LockedImage {
  const ref = formatReference(parseReference(`${w.name}:${w.tag}`));
  return {
    source: `${w.name}:${w.tag}`,
    ref,
    digest: w.digest,
    mediaType: w.mediaType,
    platforms: w.manifests.map((m) => m.platform ?? '').filter(Boolean),
    size: w.size,
    need: 'certain',
    sites: chart
      ? [
          {
            chart,
            template: `${chart}/templates/deployment.yaml`,
            kind: 'Deployment',
            name: chart,
            fieldPath: 'spec.template.spec.containers[0].image',
            site: 'pod-spec',
            certainty: 'certain',
            valuesPaths: [],
          },
        ]
      : [],
    layoutRef: w.refName,
  };
}

function toLockedChart(c: FixtureChart, manifestDigest: string, layerDigest: string): LockedChart {
  return {
    name: c.name,
    version: c.version,
    digest: layerDigest,
    source: { kind: 'repo', repo: 'https://charts.example/' } as LockedChart['source'],
    releaseName: c.name,
    namespace: 'default',
    values: {},
    layoutRef: `charts/${c.name}:${c.version.replace(/\+/g, '_')}`,
    manifestDigest,
  };
}

/** A chart stored as `helm push` builds it: Chart.yaml JSON config, the .tgz layer, no top-level mediaType. */
async function addChart(store: LayoutStore, c: FixtureChart): Promise<{ manifestDigest: string; blobs: string[] }> {
  const config = Buffer.from(JSON.stringify({ name: c.name, version: c.version, apiVersion: 'v2' }));
  const tgz = c.archive ?? gzipSync(Buffer.from(`apiVersion: v2\nname: ${c.name}\nversion: ${c.version}\n`.padEnd(4096, '#')));
  const layer = { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', digest: sha(tgz), size: tgz.length };
  const cfg = { mediaType: 'application/vnd.cncf.helm.config.v1+json', digest: sha(config), size: config.length };
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      config: cfg,
      layers: [layer],
      annotations: { 'org.opencontainers.image.title': c.name, 'org.opencontainers.image.version': c.version },
    }),
  );
  const md = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: sha(manifest), size: manifest.length };
  await store.push(layer, Readable.from([tgz]));
  await store.push(cfg, Readable.from([config]));
  await store.push(md, Readable.from([manifest]));
  await store.tag({ ...md, artifactType: cfg.mediaType }, `charts/${c.name}:${c.version.replace(/\+/g, '_')}`);
  return { manifestDigest: md.digest, blobs: [cfg.digest, layer.digest] };
}

/** The error a promise fails with (a test failure if it succeeds). */
export async function rejection(p: Promise<unknown>): Promise<Error & { code?: string; hint?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: string; hint?: string };
  }
  throw new Error('expected the call to fail, it succeeded');
}
