// The plugin tarballs as Helm 4's `helm plugin install oci://REGISTRY/PATH/NAME:TAG` pulls them,
// in an OCI image layout (dist/helm-plugins.oci) that `helm airgap copy oci:DIR:REF docker://...`
// pushes to any registry, digests unchanged. The shape is Helm 4.1's (pkg/registry/plugin.go
// processPluginPull; Helm has no command that pushes one): an image manifest with artifactType
// application/vnd.helm.plugin.v1+json, one layer titled NAME-VERSION.tgz and, when signed, one titled
// NAME-VERSION.tgz.prov. Helm copies only layers typed as OCI tar layers (its AllowedMediaTypes),
// so the .prov is typed as a plain tar layer although it is text. Helm names the plugin by the
// repository's last path segment, and checks the .prov under the name NAME-VERSION.tgz from the
// tarball's plugin.yaml: a per-platform tarball's .prov names its own file, so only the two
// portable tarballs go here.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

const ARTIFACT_TYPE = 'application/vnd.helm.plugin.v1+json';
const TITLE = 'org.opencontainers.image.title';

/** Writes `dir` anew holding each tarball (with its .prov if `signed`), tagged NAME-VERSION. */
export async function writePluginLayout(dir, tarballs, { signed }) {
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  const blobs = join(partial, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  const put = async (bytes) => {
    const hex = createHash('sha256').update(bytes).digest('hex');
    await writeFile(join(blobs, hex), bytes);
    return { digest: `sha256:${hex}`, size: bytes.length };
  };
  const manifests = [];
  for (const tarball of tarballs) {
    const name = basename(tarball);
    const layers = [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...(await put(await readFile(tarball))), annotations: { [TITLE]: name } }];
    if (signed)
      layers.push({
        mediaType: 'application/vnd.oci.image.layer.v1.tar',
        ...(await put(await readFile(`${tarball}.prov`))),
        annotations: { [TITLE]: `${name}.prov` },
      });
    const manifest = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: ARTIFACT_TYPE,
      config: { mediaType: 'application/vnd.oci.empty.v1+json', ...(await put(Buffer.from('{}'))) },
      layers,
    };
    const ref = name.replace(/\.tgz$/, '');
    manifests.push({
      mediaType: manifest.mediaType,
      ...(await put(Buffer.from(JSON.stringify(manifest)))),
      artifactType: ARTIFACT_TYPE,
      annotations: { 'org.opencontainers.image.ref.name': ref },
    });
  }
  await writeFile(join(partial, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  await writeFile(join(partial, 'index.json'), JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }));
  // content-addressed: the same index means the same layout, left in place for a reader (a test
  // pushing it) rather than removed and renamed under it
  const index = await readFile(join(partial, 'index.json'), 'utf8');
  if ((await readFile(join(dir, 'index.json'), 'utf8').catch(() => undefined)) === index) {
    await rm(partial, { recursive: true, force: true });
    return dir;
  }
  await rm(dir, { recursive: true, force: true });
  await rename(partial, dir);
  return dir;
}
