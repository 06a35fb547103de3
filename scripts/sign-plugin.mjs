// A plugin tarball's provenance file, as Helm 4 checks it at `helm plugin install` (verification
// is on by default there): NAME.tgz.prov beside NAME.tgz, an OpenPGP clear-signed message of the
// plugin's metadata as YAML, the YAML document end `...`, and `files:` with the tarball's
// sha256 under its file name (helm.sh/helm/v4 pkg/provenance: messageBlock, Verify; the
// same shape `helm package --sign` writes for charts). Helm checks the signature against its
// --keyring (a binary public keyring: `gpg --export KEY`) and the sum against the tarball's
// bytes, under the file name the user installs it by: a renamed tarball no longer verifies.
// Signed by real GnuPG (the key may live in an agent or on a card; its passphrase is gpg's to ask).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';

/**
 * Writes `tarball`.prov signed by `key` (a gpg user ID or fingerprint) from `gnupgHome`
 * (default: gpg's own, $GNUPGHOME or ~/.gnupg). `pluginYaml` is the manifest inside the tarball.
 * `fileName` is the name the sum is signed under (default: the tarball's own, what a file install
 * checks), `alsoAs` further names for the same sum; `out` where the .prov goes (default: beside the
 * tarball).
 */
export async function signPluginTarball(
  tarball,
  pluginYaml,
  { key, gnupgHome, gpg = 'gpg', fileName = basename(tarball), alsoAs = [], out = `${tarball}.prov` },
) {
  const sum = createHash('sha256')
    .update(await readFile(tarball))
    .digest('hex');
  const files = [fileName, ...alsoAs].map((name) => `  ${name}: sha256:${sum}\n`).join('');
  const message = `${metadataYaml(pluginYaml)}\n...\nfiles:\n${files}`;
  const args = ['--batch', '--yes', '--armor', '--clearsign', '--digest-algo', 'SHA512', '--local-user', key];
  const signed = await run(gpg, gnupgHome ? ['--homedir', gnupgHome, ...args] : args, message);
  await writeFile(`${out}.partial`, signed, { flush: true });
  await rename(`${out}.partial`, out);
  return out;
}

/** The fields Helm's plugin Metadata marshals that a legacy plugin.yaml gives (Helm ignores them at verify). */
function metadataYaml(pluginYaml) {
  const field = (name) => new RegExp(`^${name}:\\s*"?([^"\\n]+)"?\\s*$`, 'm').exec(pluginYaml)?.[1];
  const apiVersion = field('apiVersion');
  const lines = [
    `APIVersion: ${apiVersion ?? 'legacy'}`,
    `Name: ${field('name')}`,
    `Runtime: subprocess`,
    `SourceURL: ""`,
    `Type: ${field('type') ?? 'cli/v1'}`,
    `Version: ${field('version')}`,
  ];
  return lines.join('\n');
}

function run(cmd, args, input) {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')}: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
    child.stdin.end(input);
  });
}
