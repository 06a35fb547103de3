// The bundle's SBOM: CycloneDX 1.6 JSON made from the lock when the bundle is made, so a reviewer
// can approve what crosses the gap. Each chart and image is a component with its digest as a hash
// and a purl naming its original repository; each platform manifest of an image index and each
// carried signature, SBOM or attestation is a sub-component linked by digest; `dependencies` go
// from each chart to every image found for it. The lock records the SBOM's digest, so the lock's
// signature covers it. Models and serializer are @cyclonedx/cyclonedx-library's.
// the library's parts by subpath: its main entry also loads resources.node.js (schema file paths
// from __dirname), which an ES module build has not got
import * as Enums from '@cyclonedx/cyclonedx-library/Enums';
import * as Models from '@cyclonedx/cyclonedx-library/Models';
import * as Serialize from '@cyclonedx/cyclonedx-library/Serialize';
import * as Spec from '@cyclonedx/cyclonedx-library/Spec';
import { PackageURL } from 'packageurl-js';
import { formatName, parseReference } from '../oci/reference.js';
import type { BundleLock, LockedArtifact, LockedChart, LockedImage } from './lock.js';

export const SBOM_FILE_NAME = 'airgap-sbom.cdx.json';
export const SBOM_FORMAT = 'CycloneDX 1.6';

/** A platform manifest under an image index, as carried. */
export interface PlatformChild {
  platform: string;
  digest: string;
}

export interface SbomInput {
  lock: BundleLock;
  /** The platform manifests each image index carries, by the index's digest. */
  children?: ReadonlyMap<string, readonly PlatformChild[]>;
  /**
   * More properties per component, by the component's digest: where per-image evidence (who
   * signed, when) joins the SBOM when the lock records it.
   */
  extraProperties?: (digest: string) => Record<string, string> | undefined;
}

export function buildSbom(i: SbomInput): string {
  const bom = new Models.Bom();
  bom.metadata.timestamp = new Date(i.lock.createdAt);
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, i.lock.createdBy.replace(/ .*/, ''), { version: i.lock.createdBy.split(' ')[1] }),
  );
  const imageRefs = new Map<string, Models.Component>();
  for (const img of i.lock.images) {
    const c = imageComponent(img, i);
    bom.components.add(c);
    imageRefs.set(img.ref, c);
  }
  for (const ch of i.lock.charts) {
    const c = chartComponent(ch, i);
    for (const img of i.lock.images) if (img.sites.some((s) => s.chart === ch.name)) c.dependencies.add(imageRefs.get(img.ref)!.bomRef);
    bom.components.add(c);
  }
  const ser = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return ser.serialize(bom, { sortLists: true, space: 2 }) + '\n';
}

function imageComponent(img: LockedImage, i: SbomInput): Models.Component {
  const ref = parseReference(img.ref);
  const repository = formatName(ref);
  const c = new Models.Component(Enums.ComponentType.Container, repository, {
    bomRef: `image:${img.ref}`,
    version: ref.tag ?? img.digest,
    purl: ociPurl(repository, img.digest, ref.tag),
  });
  addHash(c, img.digest);
  addProperties(c, {
    'helm-airgap:mediaType': img.mediaType,
    'helm-airgap:need': img.need,
    'helm-airgap:source': img.source,
    ...(img.pulledFrom ? { 'helm-airgap:pulledFrom': img.pulledFrom } : {}),
    ...(img.platforms.length ? { 'helm-airgap:platforms': img.platforms.join(',') } : {}),
    ...i.extraProperties?.(img.digest),
  });
  for (const child of i.children?.get(img.digest) ?? []) {
    const sub = new Models.Component(Enums.ComponentType.Container, repository, {
      bomRef: `image:${img.ref}@${child.digest}`,
      version: child.digest,
      purl: ociPurl(repository, child.digest, undefined, child.platform),
    });
    addHash(sub, child.digest);
    addProperties(sub, { 'helm-airgap:platform': child.platform, ...i.extraProperties?.(child.digest) });
    c.components.add(sub);
  }
  for (const a of img.artifacts ?? []) c.components.add(artifactComponent(img, repository, a, i));
  return c;
}

/** A signature, SBOM or attestation carried with an image (an OCI referrer or cosign's tag). */
function artifactComponent(img: LockedImage, repository: string, a: LockedArtifact, i: SbomInput): Models.Component {
  const c = new Models.Component(Enums.ComponentType.Data, `${artifactKind(a)} of ${img.ref}`, {
    bomRef: `artifact:${img.ref}@${a.digest}`,
    version: a.digest,
    purl: ociPurl(repository, a.digest, a.tag),
  });
  addHash(c, a.digest);
  addProperties(c, {
    'helm-airgap:artifactKind': artifactKind(a),
    'helm-airgap:subject': img.digest,
    'helm-airgap:mediaType': a.mediaType,
    ...(a.artifactType ? { 'helm-airgap:artifactType': a.artifactType } : {}),
    ...(a.tag ? { 'helm-airgap:tag': a.tag } : {}),
    ...i.extraProperties?.(a.digest),
  });
  return c;
}

function chartComponent(ch: LockedChart, i: SbomInput): Models.Component {
  const c = new Models.Component(Enums.ComponentType.Application, ch.name, {
    bomRef: `chart:${ch.layoutRef}:${ch.releaseName}`,
    version: ch.version,
    purl: chartPurl(ch),
  });
  addHash(c, ch.digest);
  addProperties(c, {
    'helm-airgap:kind': 'helm-chart',
    'helm-airgap:release': `${ch.namespace}/${ch.releaseName}`,
    'helm-airgap:manifestDigest': ch.manifestDigest,
    ...(ch.appVersion ? { 'helm-airgap:appVersion': ch.appVersion } : {}),
    ...(ch.source.kind === 'local' ? { 'helm-airgap:source': `local ${ch.source.path ?? ''}` } : {}),
    ...i.extraProperties?.(ch.digest),
  });
  return c;
}

function artifactKind(a: LockedArtifact): string {
  const t = `${a.artifactType ?? ''} ${a.tag ?? ''}`;
  if (/\.sig\b|signature|sigstore\.bundle/.test(t)) return 'signature';
  if (/\.att\b|in-toto|attestation/.test(t)) return 'attestation';
  if (/\.sbom\b|spdx|cyclonedx|sbom/i.test(t)) return 'sbom';
  return 'artifact';
}

/** pkg:oci/NAME@DIGEST?repository_url=HOST/PATH (the purl spec's oci type: NAME is the last path segment). */
function ociPurl(repository: string, digest: string, tag?: string, platform?: string): string {
  const name = repository.slice(repository.lastIndexOf('/') + 1);
  const q: Record<string, string> = { repository_url: repository };
  if (tag) q.tag = tag;
  if (platform) {
    const [os, arch, variant] = platform.split('/');
    if (os) q.os = os;
    if (arch) q.arch = arch;
    if (variant) q.variant = variant;
  }
  return new PackageURL('oci', undefined, name, digest, q).toString();
}

/** pkg:helm/NAME@VERSION?repository_url=… for a repository chart; an OCI chart as pkg:oci at its manifest digest. */
function chartPurl(ch: LockedChart): string | undefined {
  const s = ch.source;
  if (s.kind === 'oci' && s.ref) {
    const repo = s.ref.replace(/^oci:\/\//, '');
    return new PackageURL('oci', undefined, ch.name, ch.manifestDigest, { repository_url: repo, tag: ch.version }).toString();
  }
  if (s.kind === 'repo' && s.repo) return new PackageURL('helm', undefined, ch.name, ch.version, { repository_url: s.repo }).toString();
  return undefined;
}

function addHash(c: Models.Component, digest: string): void {
  if (digest.startsWith('sha256:')) c.hashes.set(Enums.HashAlgorithm['SHA-256'], digest.slice(7));
}

function addProperties(c: Models.Component, p: Record<string, string>): void {
  for (const [k, v] of Object.entries(p)) c.properties.add(new Models.Property(k, v));
}
