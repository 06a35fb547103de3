// The media types the engine recognises, as data. Anything not listed is copied as an opaque
// blob (image-spec: unknown config/layer/artifact types MUST NOT cause a failure).

export const MediaType = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  ociLayoutHeader: 'application/vnd.oci.layout.header.v1+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
  helmConfig: 'application/vnd.cncf.helm.config.v1+json',
  helmChart: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
  helmProvenance: 'application/vnd.cncf.helm.chart.provenance.v1.prov',
  cosignSimpleSigning: 'application/vnd.dev.cosign.simplesigning.v1+json',
  cosignArtifactSig: 'application/vnd.dev.cosign.artifact.sig.v1+json',
  sigstoreBundle: 'application/vnd.dev.sigstore.bundle.v0.3+json',
  inToto: 'application/vnd.in-toto+json',
  dockerAttestation: 'application/vnd.docker.attestation.manifest.v1+json',
} as const;

export type ManifestKind = 'index' | 'manifest' | 'schema1';

const KIND: Record<string, ManifestKind> = {
  [MediaType.ociIndex]: 'index',
  [MediaType.dockerManifestList]: 'index',
  [MediaType.ociManifest]: 'manifest',
  [MediaType.dockerManifest]: 'manifest',
  [MediaType.dockerSchema1]: 'schema1',
  [MediaType.dockerSchema1Signed]: 'schema1',
};

/** What to send as Accept for manifests: both index and both single-manifest types (never schema1). */
export const MANIFEST_ACCEPT = [MediaType.ociIndex, MediaType.dockerManifestList, MediaType.ociManifest, MediaType.dockerManifest] as const;

/** 'index' | 'manifest' | 'schema1' for manifest types, undefined for blobs. */
export function manifestKind(mediaType: string | undefined): ManifestKind | undefined {
  return mediaType === undefined ? undefined : KIND[mediaType];
}

export function isManifestType(mediaType: string | undefined): boolean {
  const k = manifestKind(mediaType);
  return k === 'index' || k === 'manifest';
}

export function isIndexType(mediaType: string | undefined): boolean {
  return manifestKind(mediaType) === 'index';
}

/** Docker family types cannot be addressed by skopeo 1.9 in an `oci:` layout. */
export function isDockerType(mediaType: string): boolean {
  return mediaType.startsWith('application/vnd.docker.');
}
