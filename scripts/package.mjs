// Writes the offline plugin tarballs into dist/: Helm plugin folders holding plugin.yaml, the
// launcher and the bundled JavaScript (dist/helm-airgap.mjs and the chunks it loads on use, and
// copy's one-file dist/fast/copy.cjs; see scripts/build.mjs) — no node_modules — so a host with
// only Node (bin/node-floor.cjs's range) and helm can install them offline. A fixed mtime keeps the tarballs reproducible.
import { create } from 'tar';
import { createHash } from 'node:crypto';
import { copyFile, cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { bundleForExecutables, cachedTarball, executableFor, PLATFORMS, withLock } from './sea.mjs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { signPluginTarball } from './sign-plugin.mjs';
import { writePluginLayout } from './plugin-oci-layout.mjs';

// --sign-key KEY (or HELM_AIRGAP_SIGN_KEY): write NAME.tgz.prov beside each tarball, signed by
// that GnuPG key (--gnupg-home DIR or GNUPGHOME for another keyring home), and for each
// per-platform one dist/oci-prov/NAME.tgz.prov for its OCI artifact, so Helm 4 installs them with
// verification on, from the file or from oci://. --portable-only: the two Node tarballs, not the executables.
const { values: opts } = parseArgs({
  options: { 'sign-key': { type: 'string' }, 'gnupg-home': { type: 'string' }, 'portable-only': { type: 'boolean' } },
});
const signKey = opts['sign-key'] ?? process.env.HELM_AIRGAP_SIGN_KEY;
const gnupgHome = opts['gnupg-home'] ?? process.env.GNUPGHOME;
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
// the platforms a per-platform tarball exists for, which the launcher names when it cannot run
// (no node on PATH for the portable plugins, another platform's executable)
const platforms = Buffer.from(`${PLATFORMS.map((p) => p.name).join(' ')}\n`);
await writeFile(join(root, 'dist', 'platforms'), platforms);
const mtime = new Date('2020-01-01T00:00:00Z');
// what runs the CLI, in both plugins: the launcher, its Node entry, the bundle and the answers
const runtime = [
  'bin/helm-airgap',
  'bin/helm-airgap.mjs',
  'bin/code-cache.cjs',
  'bin/helm-airgap-fast.cjs',
  'bin/v8-flags.cjs',
  'bin/node-floor.cjs',
  'dist/helm-airgap.mjs',
  'dist/answers',
  'dist/chunks',
  'dist/fast',
  'dist/platforms',
];
const cli = ['plugin.yaml', 'README.md', ...runtime, 'scripts/plugin-install.sh'];
// the post-renderer runs `postrender` only, which has no one-file bundle (dist/fast: 0.9 MB gzipped)
const post = [['plugins/airgap-postrender/plugin.yaml', 'plugin.yaml'], ...runtime.filter((f) => f !== 'dist/fast'), 'scripts/postrender-install.sh'];
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

// Per platform, airgap-VERSION-OS-ARCH.tgz: the CLI plugin with no JavaScript and no Node needed,
// its command one self-contained executable (scripts/sea.mjs) behind the same launcher, which
// still answers --version and help from dist/answers/. Top folder `airgap`: Helm 4 names the
// plugin's folder by the file name less `-VERSION...`, and looks for plugin.yaml there.
// And airgap-postrender-VERSION-OS-ARCH.tgz: Helm 4's post-renderer plugin around the same
// executable (its `postrender` command; no second build). Its plugin.yaml is the portable one's:
// Helm 4 runs the launcher, which picks the executable, or on another platform names the tarballs.
const scripts = opts['portable-only'] ? undefined : await bundleForExecutables(pkg.version);
await withLock(async () => {
  for (const platform of scripts ? PLATFORMS : []) {
    const { exe, license } = await executableFor(platform, scripts, pkg.version);
    const inside = [
      ['bin/helm-airgap', join(root, 'bin/helm-airgap')],
      [`bin/helm-airgap-${platform.name}`, exe],
      ['dist/answers', join(root, 'dist/answers')],
      ['dist/platforms', platforms],
      ['licenses/node.txt', license],
    ];
    const variants = [
      [
        'airgap',
        [
          ['plugin.yaml', Buffer.from(platformManifest(plugin, platform))],
          ['README.md', join(root, 'README.md')],
          ...inside,
          ['scripts/plugin-install.sh', join(root, 'scripts/plugin-install.sh')],
        ],
      ],
      [
        'airgap-postrender',
        [
          ['plugin.yaml', join(root, 'plugins/airgap-postrender/plugin.yaml')],
          ...inside,
          ['scripts/postrender-install.sh', join(root, 'scripts/postrender-install.sh')],
        ],
      ],
    ];
    for (const [name, files] of variants) {
      const cached = await cachedTarball(name === 'airgap' ? platform.name : `postrender-${platform.name}`, files, (out) => tarballOf(name, files, out));
      const out = join(root, 'dist', `${name}-${pkg.version}-${platform.name}.tgz`);
      await copyFile(cached, out + '.partial');
      await rename(out + '.partial', out);
      written.push(out);
    }
  }
});
await writeFile(join(root, 'dist', 'LATEST'), `airgap-${pkg.version}.tgz\n`);
// Each tarball as Helm 4's OCI plugin artifact (helm plugin install oci://) checks it: its .prov
// names the file NAME-VERSION.tgz from plugin.yaml, whatever the tarball is called. A portable
// tarball's own .prov is that; a per-platform one gets a second signature, kept in dist/oci-prov/
// (scripts/plugin-oci-layout.mjs says why).
const tarballs = written.map((out) => {
  const name = basename(out).startsWith('airgap-postrender-') ? 'airgap-postrender' : 'airgap';
  const asOci = `${name}-${pkg.version}.tgz`;
  const ociProv = basename(out) === asOci ? `${out}.prov` : join(root, 'dist', 'oci-prov', `${basename(out)}.prov`);
  return { out, name, asOci, ociProv };
});
// an unsigned run leaves no earlier .prov beside a tarball it no longer matches; one that still
// names this tarball's sha256 (the tarballs are byte for byte reproducible) stays, so a signed run
// beside an unsigned one of the same sources (the packaging tests run in parallel) keeps its files
if (!signKey)
  for (const t of tarballs)
    for (const [prov, fileName] of [
      [`${t.out}.prov`, basename(t.out)],
      [t.ociProv, t.asOci],
    ])
      if (!(await provMatches(t.out, prov, fileName))) await rm(prov, { force: true });
if (signKey) {
  await mkdir(join(root, 'dist', 'oci-prov'), { recursive: true });
  for (const t of tarballs) {
    const manifest = await readFile(join(root, t.name === 'airgap-postrender' ? 'plugins/airgap-postrender/plugin.yaml' : 'plugin.yaml'), 'utf8');
    // a per-platform tarball's own .prov names its sum under the file's name, which a file install
    // checks, and under NAME-VERSION.tgz, the name Helm 4 keeps the installed copy by and looks for
    // in `helm plugin list` (helm.sh/helm/v4 internal/plugin/signing_info.go validateProvenanceHash):
    // with the file's name alone the listing says "mismatched provenance"
    const alsoAs = t.ociProv === `${t.out}.prov` ? [] : [t.asOci];
    written.push(await signPluginTarball(t.out, manifest, { key: signKey, gnupgHome, alsoAs }));
    if (t.ociProv !== `${t.out}.prov`) written.push(await signPluginTarball(t.out, manifest, { key: signKey, gnupgHome, fileName: t.asOci, out: t.ociProv }));
  }
}
// every tarball of this run once more, as Helm 4's OCI plugin artifacts, tagged by its file name
// less .tgz; the .prov layer where one names the tarball's sum under NAME-VERSION.tgz
const entries = [];
for (const t of tarballs) {
  const prov = (await provMatches(t.out, t.ociProv, t.asOci)) ? t.ociProv : undefined;
  entries.push({ tarball: t.out, title: basename(t.out), ref: basename(t.out).replace(/\.tgz$/, ''), ...(prov ? { prov } : {}) });
}
written.push(await writePluginLayout(join(root, 'dist', 'helm-plugins.oci'), entries));
console.log(written.join('\n'));

/** Writes `out`, a tarball of `files` ([path, file, folder or Buffer]) under the top folder `top`. */
async function tarballOf(top, files, out) {
  const dir = await mkdtemp(join(tmpdir(), 'airgap-package-'));
  try {
    for (const [to, from] of files) {
      await mkdir(join(dir, top, to, '..'), { recursive: true });
      if (Buffer.isBuffer(from)) await writeFile(join(dir, top, to), from);
      else await cp(from, join(dir, top, to), { recursive: true });
    }
    await create({ gzip: true, file: out, cwd: dir, portable: true, mtime, noDirRecurse: false }, [top]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * plugin.yaml of a per-platform tarball: `platformCommand` instead of `command` (Helm 4 refuses a
 * legacy plugin.yaml with both).
 */
function platformManifest(text, platform) {
  const command = 'command: "$HELM_PLUGIN_DIR/bin/helm-airgap"\n';
  if (!text.includes(command)) throw new Error(`plugin.yaml has no line ${command.trim()}: scripts/package.mjs replaces it`);
  const launcher = '"$HELM_PLUGIN_DIR/bin/helm-airgap"';
  const header = [
    `# Helm plugin manifest of the ${platform.name} tarball: bin/helm-airgap-${platform.name} is the`,
    '# CLI with Node inside (no Node needed on the host). Helm 3 and 4 take the first entry for the',
    "# host's OS and architecture. Each is the launcher: it answers --version and help itself, runs the",
    '# executable, and on another platform says which tarballs exist. The entries for other platforms',
    "# are there for that message: Helm 3 picks an entry only by OS (the last, with no os, is Helm 4's",
    '# fallback), and with none it says only "no plugin command is applicable".',
  ].join('\n');
  const entries = [
    `  - os: ${platform.os}\n    arch: ${platform.arch}\n    command: ${launcher}`,
    ...['linux', 'darwin'].map((os) => `  - os: ${os}\n    command: ${launcher}`),
    `  - command: ${launcher}`,
  ];
  return `${header}\n${text.replace(/^(#.*\n)+/, '').replace(command, `platformCommand:\n${entries.join('\n')}\n`)}`;
}

/** Whether `prov` exists and names the tarball's current sha256 under `fileName`. */
async function provMatches(tarball, prov = `${tarball}.prov`, fileName = basename(tarball)) {
  const text = await readFile(prov, 'utf8').catch(() => undefined);
  if (text === undefined) return false;
  const sum = createHash('sha256')
    .update(await readFile(tarball))
    .digest('hex');
  return text.includes(`\n  ${fileName}: sha256:${sum}\n`);
}
