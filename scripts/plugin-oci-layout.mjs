// The plugin tarballs as Helm 4's `helm plugin install oci://REGISTRY/PATH/NAME:TAG` pulls them,
// in an OCI image layout (dist/helm-plugins.oci) that `helm airgap copy oci:DIR:REF docker://...`
// pushes to any registry, digests unchanged. The shape is Helm 4.1's (pkg/registry/plugin.go
// processPluginPull; Helm has no command that pushes one): an image manifest with artifactType
// application/vnd.helm.plugin.v1+json, one layer titled NAME-….tgz and, when signed, one titled
// NAME-….tgz.prov. Helm copies only layers typed as OCI tar layers (its AllowedMediaTypes), so the
// .prov is typed as a plain tar layer although it is text.
//
// Helm's rules, which decide how the per-platform tarballs are published:
// - NAME is the repository's last path segment, less the tag (pkg/getter/ocigetter.go getPlugin);
//   a layer is the plugin when its title starts with "NAME-" and ends ".tgz", its .prov when it
//   starts with "NAME-" and ends ".tgz.prov"; the plugin's folder is plugins/NAME.
// - The .prov is checked under the file name NAME-VERSION.tgz from the tarball's plugin.yaml
//   (internal/plugin/installer/oci_installer.go GetVerificationData), whatever the layer's title.
// - `--version` is not read for oci:// sources: the tag in the reference picks the artifact.
// So a per-platform tarball lives in its plugin's own repository under the tag VERSION-OS-ARCH
// (oci://REG/helm-plugins/airgap:0.1.0-linux-amd64), its layer titled by its file name
// (airgap-0.1.0-linux-amd64.tgz, which starts "airgap-"), and its layer .prov is a second
// signature naming airgap-0.1.0.tgz with that tarball's sum (the .prov beside the file names
// the file, as a file install checks it).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const ARTIFACT_TYPE = 'application/vnd.helm.plugin.v1+json';
const TITLE = 'org.opencontainers.image.title';

/**
 * Writes `dir` anew holding each entry ({ tarball, title, ref, prov? }): the tarball as the layer
 * titled `title`, its `prov` (a file) as the layer titled `title`.prov, tagged `ref`.
 */
export async function writePluginLayout(dir, entries) {
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  const blobs = join(partial, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  const put = async (bytes) => {
    const hex = createHash('sha256').update(bytes).digest('hex');
    await writeFile(join(blobs, hex), bytes);
    return { digest: `sha256:${hex}`, size: bytes.length };
  };
  // a tarball (47 MB for a per-platform one) is linked in, not read and written again
  const putFile = async (file) => {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(file)) {
      hash.update(chunk);
      size += chunk.length;
    }
    const to = join(blobs, hash.digest('hex'));
    await link(file, to).catch(() => copyFile(file, to));
    return { digest: `sha256:${to.slice(-64)}`, size };
  };
  const manifests = [];
  for (const { tarball, title, ref, prov } of entries) {
    const layers = [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...(await putFile(tarball)), annotations: { [TITLE]: title } }];
    if (prov)
      layers.push({
        mediaType: 'application/vnd.oci.image.layer.v1.tar',
        ...(await put(await readFile(prov))),
        annotations: { [TITLE]: `${title}.prov` },
      });
    const manifest = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: ARTIFACT_TYPE,
      config: { mediaType: 'application/vnd.oci.empty.v1+json', ...(await put(Buffer.from('{}'))) },
      layers,
    };
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
