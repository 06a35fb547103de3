// Writes the offline plugin tarballs into dist/: Helm plugin folders holding plugin.yaml, the
// launcher and the bundled JavaScript (dist/helm-airgap.mjs and the chunks it loads on use, and
// copy's one-file dist/fast/copy.cjs; see scripts/build.mjs) — no node_modules — so a host with
// only Node 20 and helm can install them offline. A fixed mtime keeps the tarballs reproducible.
import { create } from 'tar';
import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const plugin = await readFile(join(root, 'plugin.yaml'), 'utf8');
const pluginVersion = /^version:\s*(\S+)/m.exec(plugin)?.[1];
if (pluginVersion !== pkg.version) {
  throw new Error(`plugin.yaml version ${pluginVersion} differs from package.json ${pkg.version}: make them equal`);
}

// Two plugin tarballs, each one top folder named as its file so that Helm 4's
// `helm plugin install --verify=false NAME-VERSION.tgz` finds plugin.yaml (it expects the folder
// named after the file), and Helm 3 installs the extracted folder:
// - airgap-VERSION.tgz: the CLI plugin (legacy plugin.yaml: Helm 3, and Helm 4 as cli/v1).
// - airgap-postrender-VERSION.tgz: Helm 4's post-renderer plugin (Helm 4 takes a post-renderer
//   by plugin name). It is self-contained (its own launcher and bundle) so it works whatever folder
//   name the CLI plugin got, and it is a separate file because Helm 3 cannot load an apiVersion'd
//   plugin.yaml: one in Helm 3's plugin folder breaks every Helm 3 plugin command.
const stage = await mkdtemp(join(tmpdir(), 'airgap-package-'));
const mtime = new Date('2020-01-01T00:00:00Z');
// what runs the CLI, in both plugins: the launcher, its Node entry, the bundle and the answers
const runtime = ['bin/helm-airgap', 'bin/helm-airgap.mjs', 'bin/helm-airgap-fast.cjs', 'dist/helm-airgap.mjs', 'dist/answers', 'dist/chunks', 'dist/fast'];
const cli = ['plugin.yaml', 'README.md', ...runtime, 'scripts/plugin-install.sh'];
const post = [['plugins/airgap-postrender/plugin.yaml', 'plugin.yaml'], ...runtime, 'scripts/postrender-install.sh'];
const written = [];
for (const [name, files] of [
  ['airgap', cli],
  ['airgap-postrender', post],
]) {
  const top = join(stage, name);
  for (const f of files) {
    const [from, to] = Array.isArray(f) ? f : [f, f];
    await mkdir(join(top, to, '..'), { recursive: true });
    await cp(join(root, from), join(top, to), { recursive: true });
  }
  const out = join(root, 'dist', `${name}-${pkg.version}.tgz`);
  await create({ gzip: true, file: out + '.partial', cwd: stage, portable: true, mtime, noDirRecurse: false }, [name]);
  await rename(out + '.partial', out);
  written.push(out);
}
await rm(stage, { recursive: true, force: true });
await writeFile(join(root, 'dist', 'LATEST'), `airgap-${pkg.version}.tgz\n`);
console.log(written.join('\n'));
