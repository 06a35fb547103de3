// Writes dist/helm-airgap-<version>.tgz: a Helm plugin folder ("airgap/") holding plugin.yaml,
// the launcher, the one bundled JavaScript file and the install hook — no node_modules — so a
// host with only Node 20 and helm can install it offline. Entries are sorted with a fixed mtime
// so the tarball is reproducible.
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

const stage = await mkdtemp(join(tmpdir(), 'airgap-package-'));
const top = join(stage, 'airgap');
const files = ['plugin.yaml', 'README.md', 'bin/helm-airgap', 'dist/helm-airgap.mjs', 'scripts/plugin-install.sh'];
for (const f of files) {
  await mkdir(join(top, f, '..'), { recursive: true });
  await cp(join(root, f), join(top, f));
}
// Helm 4 takes a post-renderer by plugin name: ship that plugin beside the CLI plugin.
const post = join(stage, 'airgap-postrender');
await mkdir(post, { recursive: true });
await cp(join(root, 'plugins/airgap-postrender/plugin.yaml'), join(post, 'plugin.yaml'));

const out = join(root, 'dist', `helm-airgap-${pkg.version}.tgz`);
const tmp = out + '.partial';
const mtime = new Date('2020-01-01T00:00:00Z');
await create({ gzip: true, file: tmp, cwd: stage, portable: true, mtime, noDirRecurse: false }, ['airgap', 'airgap-postrender']);
await rename(tmp, out);
await rm(stage, { recursive: true, force: true });
await writeFile(join(root, 'dist', 'LATEST'), `helm-airgap-${pkg.version}.tgz\n`);
console.log(out);
