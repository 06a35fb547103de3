// `helm airgap kustomize DIR` on the overlays a security campaign (issue 48) built against it,
// each judged by real `kubectl kustomize` (kubectl 1.35, kustomize 5.7) and run through the built
// CLI under a process timeout: what kubectl refuses under its load restrictions (absolute and ../
// files, links out of the root to /etc/shadow, /dev/zero, /dev/urandom, /dev/stdin) and what hangs
// it (a FIFO) ends fast with the path named and a next: step, nothing written; what kubectl accepts
// (bases outside the root, aliases and merge keys) is accepted. The edit keeps every byte outside
// the images: block (CRLF, comment spacing, --- and ... markers), refuses a read-only or linked
// kustomization.yaml, and leaves no temp file, sweeping those a killed run left.
import { execa } from 'execa';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
const REG = 'mirror.local:5000/m';
// far above a run on a busy machine (well under a second each), far below "hangs"
const RUN_TIMEOUT = 30_000;
let work: string;
let kubectl: string;

const POD = (image: string, name = 'p') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  containers: [{name: a, image: ${image}}]
`;

beforeAll(async () => {
  kubectl = (await realHelm(4)).kubectl;
  work = await mkdtemp(join(tmpdir(), 'airgap-kustomize-hostile-'));
});
afterAll(async () => rm(work, { recursive: true, force: true }));

async function tree(name: string, files: Record<string, string>): Promise<string> {
  const root = join(work, name);
  for (const [f, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, f)), { recursive: true });
    await writeFile(join(root, f), text);
  }
  return root;
}

function kustomize(dir: string, ...args: string[]) {
  return execa(BIN, ['kustomize', dir, '--registry', REG, ...args], { reject: false, timeout: RUN_TIMEOUT, env: { CI: 'true' } });
}

function kubectlBuild(dir: string, timeout = 10_000) {
  return execa(kubectl, ['kustomize', dir], { reject: false, timeout });
}

interface Hostile {
  name: string;
  /** The overlay's kustomization.yaml, given the tree's root (for absolute paths). */
  kustomization: (root: string) => string;
  /** Links, FIFOs... put in the tree after its files. */
  plant?: (root: string) => Promise<void>;
  /** What the error names. */
  says: RegExp;
  /** kubectl hangs on it (kustomize reads a FIFO until a writer comes) rather than failing. */
  kubectlHangs?: boolean;
}

const HOSTILE: Hostile[] = [
  {
    name: 'absolute resource file outside the root',
    kustomization: (r) => `resources:\n- ${r}/outside/d.yaml\n`,
    says: /not in or below .*ov: refused by kustomize's load restrictions/,
  },
  {
    name: 'absolute base folder',
    kustomization: (r) => `resources:\n- ${r}/base\n`,
    says: /a folder given as an absolute path: refused by kustomize's load restrictions/,
  },
  { name: '../ resource file', kustomization: () => 'resources:\n- ../outside/d.yaml\n', says: /outside\/d\.yaml: not in or below .*ov: refused/ },
  {
    name: '../ patch file',
    kustomization: () => 'resources:\n- ok.yaml\npatches:\n- path: ../outside/d.yaml\n',
    says: /patches: .*outside\/d\.yaml: not in or below/,
  },
  {
    name: '../ env file',
    kustomization: () => 'resources:\n- ok.yaml\nconfigMapGenerator:\n- name: x\n  envs: [../outside/e.env]\n',
    says: /configMapGenerator: .*outside\/e\.env: not in or below/,
  },
  ...(['/etc/shadow', '/dev/zero', '/dev/urandom', '/dev/stdin'] as const).map((target): Hostile => ({
    name: `a resource linked to ${target}`,
    kustomization: () => 'resources:\n- ok.yaml\n- linked.yaml\n',
    plant: (r) => symlink(target, join(r, 'ov', 'linked.yaml')),
    says: target === '/dev/stdin' ? /linked\.yaml: (is \S+, not in or below|no such file)/ : new RegExp(`linked\\.yaml: is ${target}, not in or below`),
  })),
  {
    name: 'a FIFO resource in the root',
    kustomization: () => 'resources:\n- ok.yaml\n- fifo.yaml\n',
    plant: (r) => execa('mkfifo', [join(r, 'ov', 'fifo.yaml')]).then(() => undefined),
    says: /fifo\.yaml: is a FIFO \(named pipe\), not a regular file: refused/,
    kubectlHangs: true,
  },
  {
    name: 'a kustomization.yaml linked out of the root',
    kustomization: () => '',
    plant: async (r) => {
      await rm(join(r, 'ov', 'kustomization.yaml'));
      await symlink(join(r, 'outside', 'k.yaml'), join(r, 'ov', 'kustomization.yaml'));
    },
    says: /kustomization\.yaml: is .*outside\/k\.yaml, not in or below/,
  },
];

describe('kustomize DIR reads what kubectl kustomize reads, nothing more', () => {
  it.each(HOSTILE)('$name: refused fast, named, with a next: step, as kubectl refuses it', async (h) => {
    const root = await tree(h.name.replace(/\W+/g, '-'), {
      'ov/ok.yaml': POD('nginx:1.25'),
      'outside/d.yaml': POD('redis:7', 'r'),
      'outside/e.env': 'a=b\n',
      'outside/k.yaml': 'resources:\n- ok.yaml\n',
      'base/kustomization.yaml': 'resources:\n- d.yaml\n',
      'base/d.yaml': POD('redis:7', 'r'),
    });
    const file = join(root, 'ov', 'kustomization.yaml');
    await writeFile(file, h.kustomization(root));
    await h.plant?.(root);
    const before = await readFile(file, 'utf8');

    // kubectl waits on a FIFO for a writer: two seconds of that is a hang
    const k = await kubectlBuild(join(root, 'ov'), h.kubectlHangs ? 2_000 : 10_000);
    if (h.kubectlHangs) expect(k.timedOut || k.exitCode !== 0).toBe(true);
    else expect(k.exitCode, k.stdout).not.toBe(0);

    const r = await kustomize(join(root, 'ov'));
    expect(r.timedOut).toBe(false);
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toMatch(h.says);
    expect(r.stderr).toMatch(/^next: /m);
    expect(r.stderr).not.toMatch(/looks like a bug|Maximum call stack/);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('accepted as kubectl accepts: a base outside the root, an absolute file inside it, a link inside it, anchors, aliases and << merge keys', async () => {
    const root = await tree('accepted', {
      'base/kustomization.yaml': 'resources:\n- d.yaml\n',
      'base/d.yaml': POD('redis:7', 'r'),
      'ov/ok.yaml': POD('nginx:1.25'),
      'ov/real.yaml': POD('busybox:1.36', 'b'),
      // kubectl accepts thousands of aliases in a manifest (this package's default allows 100)
      'ov/cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: &x v\n${Array.from({ length: 1000 }, (_, i) => `  k${i}: *x\n`).join('')}`,
    });
    await symlink('real.yaml', join(root, 'ov', 'inlink.yaml'));
    const file = join(root, 'ov', 'kustomization.yaml');
    await writeFile(
      file,
      `resources: &res\n- ../base\n- ${root}/ov/ok.yaml\n- inlink.yaml\n- cm.yaml\nimages:\n- &pin\n  name: busybox\n  newTag: "1.37"\n- <<: *pin\n  name: redis\n`,
    );
    expect((await kubectlBuild(join(root, 'ov'))).exitCode).toBe(0);
    const r = await kustomize(join(root, 'ov'));
    expect(r.exitCode, r.stderr).toBe(0);
    const built = await kubectlBuild(join(root, 'ov'));
    expect(built.exitCode, built.stderr).toBe(0);
    expect(podSpecImages(built.stdout).sort()).toEqual([
      `${REG}/docker.io/library/busybox:1.37`,
      `${REG}/docker.io/library/nginx:1.25`,
      `${REG}/docker.io/library/redis:1.37`,
    ]);
    // the anchor and merge key still stand: only the entries' own keys were added
    expect(await readFile(file, 'utf8')).toContain('- <<: *pin\n  name: redis\n');
  });

  it('200,000 documents in an overlay, or piped to --manifests -: refused by count, fast, not a stack overflow', async () => {
    const root = await tree('many', { 'ov/kustomization.yaml': 'resources:\n- many.yaml\n' });
    const many = Array.from({ length: 200_000 }, (_, i) => `kind: ConfigMap\nmetadata: {name: c${i}}\n`).join('---\n');
    await writeFile(join(root, 'ov', 'many.yaml'), many);
    for (const r of [
      await kustomize(join(root, 'ov')),
      await execa(BIN, ['kustomize', join(root, 'ov'), '--registry', REG, '--manifests', '-'], { reject: false, timeout: RUN_TIMEOUT, input: many }),
    ]) {
      expect(r.timedOut).toBe(false);
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/200,000 or more documents; this command reads at most 100000 in one build/);
      expect(r.stderr).toMatch(/^next: split the overlay/m);
      expect(r.stderr).not.toMatch(/Maximum call stack|looks like a bug/);
    }
  });

  it('a manifest or kustomization.yaml of 100,000 nested brackets (the YAML parser ran out of memory on it): refused before parsing, as kubectl refuses it', async () => {
    const root = await tree('deep', {
      'ov/kustomization.yaml': 'resources:\n- deep.yaml\n',
      'ov/deep.yaml': `kind: ConfigMap\ndata: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
    });
    expect((await kubectlBuild(join(root, 'ov'))).exitCode).not.toBe(0);
    const r = await kustomize(join(root, 'ov'));
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/deep\.yaml: nested more than 800 levels deep/);
    await writeFile(join(root, 'ov', 'kustomization.yaml'), `resources: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    const k = await kustomize(join(root, 'ov'));
    expect(k.exitCode, k.stderr).toBe(2);
    expect(k.stderr).toMatch(/kustomization\.yaml: nested more than 800 levels deep/);
  });

  it('stdin of --manifests - is read to a bound, then refused (/dev/zero piped in)', async () => {
    const root = await tree('stdin', { 'ov/kustomization.yaml': 'resources:\n- ok.yaml\n', 'ov/ok.yaml': POD('nginx:1.25') });
    const piped = await execa(BIN, ['kustomize', join(root, 'ov'), '--registry', REG, '--manifests', '-'], {
      reject: false,
      timeout: RUN_TIMEOUT,
      inputFile: '/dev/zero',
    });
    expect(piped.timedOut).toBe(false);
    expect(piped.exitCode, piped.stderr).toBe(2);
    expect(piped.stderr).toContain('--manifests - (stdin) is larger than 67108864 bytes (64 MiB, HELM_AIRGAP_STDIN_MAX_BYTES)');
    expect(piped.stderr).toMatch(/^next: build a part of the overlay at a time/m);
  });
});

describe('the edit: the file keeps its bytes outside images:, is never written through a link or when read-only, leaves no temp file', () => {
  it('CRLF line endings, comment spacing and --- / ... markers kept; only images: changes; kubectl builds it at the target', async () => {
    const head = '---\r\n# prod overlay   (reviewed)\r\nresources:\r\n  - ok.yaml     # the web pod\r\n\r\n# pins\r\nimages:\r\n';
    const tail = '# after images\r\nnamespace: prod   # prod only\r\n...\r\n';
    const root = await tree('crlf', {
      'ov/ok.yaml': POD('nginx:1.25'),
      'ov/kustomization.yaml': `${head}- name: nginx   # the release pin\r\n  newTag: "1.27"\r\n${tail}`,
    });
    const r = await kustomize(join(root, 'ov'));
    expect(r.exitCode, r.stderr).toBe(0);
    const text = await readFile(join(root, 'ov', 'kustomization.yaml'), 'utf8');
    expect(text).toBe(`${head}- name: nginx   # the release pin\r\n  newName: ${REG}/docker.io/library/nginx\r\n  newTag: "1.27"\r\n${tail}`);
    const built = await kubectlBuild(join(root, 'ov'));
    expect(podSpecImages(built.stdout)).toEqual([`${REG}/docker.io/library/nginx:1.27`]);
  });

  it('a kustomization.yaml with no images: gets the block after its last key, before a trailing comment and ...', async () => {
    const root = await tree('added', { 'ov/ok.yaml': POD('nginx:1.25'), 'ov/kustomization.yaml': 'resources: [ok.yaml]    # one\n# end\n...\n' });
    expect((await kustomize(join(root, 'ov'))).exitCode).toBe(0);
    expect(await readFile(join(root, 'ov', 'kustomization.yaml'), 'utf8')).toBe(
      `resources: [ok.yaml]    # one\nimages:\n  - name: nginx\n    newName: ${REG}/docker.io/library/nginx\n# end\n...\n`,
    );
  });

  it('a read-only kustomization.yaml is refused (kustomize edit fails on it too), even for root; --dry-run still shows the change; up to date, it passes', async () => {
    const root = await tree('read-only', { 'ov/ok.yaml': POD('nginx:1.25'), 'ov/kustomization.yaml': 'resources:\n- ok.yaml\n' });
    const file = join(root, 'ov', 'kustomization.yaml');
    await chmod(file, 0o444);
    const r = await kustomize(join(root, 'ov'));
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${file}: permission denied: the file is read-only (mode 0444)`);
    expect(r.stderr).toContain(`next: kustomize edit fails on it too: make it writable (chmod u+w ${file})`);
    expect(await readFile(file, 'utf8')).toBe('resources:\n- ok.yaml\n');
    expect((await stat(file)).mode & 0o777).toBe(0o444);
    const dry = await kustomize(join(root, 'ov'), '--dry-run');
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`newName: ${REG}/docker.io/library/nginx`);
    // one that already holds the entries is a check that passes
    await chmod(file, 0o644);
    expect((await kustomize(join(root, 'ov'))).exitCode).toBe(0);
    await chmod(file, 0o444);
    const again = await kustomize(join(root, 'ov'));
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain('already holds these entries: nothing to write');
  });

  it('a linked kustomization.yaml (kubectl builds it) is not written through: refused, naming the link and its target', async () => {
    const root = await tree('linked', { 'ov/ok.yaml': POD('nginx:1.25'), 'ov/real.yaml': 'resources:\n- ok.yaml\n' });
    const file = join(root, 'ov', 'kustomization.yaml');
    await symlink('real.yaml', file);
    expect((await kubectlBuild(join(root, 'ov'))).exitCode).toBe(0);
    const r = await kustomize(join(root, 'ov'));
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${file} is a link (to real.yaml): not written through`);
    expect(r.stderr).toMatch(/^next: edit the file it points to/m);
    expect(await readFile(join(root, 'ov', 'real.yaml'), 'utf8')).toBe('resources:\n- ok.yaml\n');
    expect((await lstat(file)).isSymbolicLink()).toBe(true);
  });

  it('temp files: none left by a run; those of a killed run (pid gone) swept, a running one left alone; the mode kept', async () => {
    const root = await tree('temps', { 'ov/ok.yaml': POD('nginx:1.25'), 'ov/kustomization.yaml': 'resources:\n- ok.yaml\n' });
    const ov = join(root, 'ov');
    await chmod(join(ov, 'kustomization.yaml'), 0o640);
    // what a run killed with SIGKILL mid-write leaves: its pid is gone
    const dead = execa('true');
    await dead;
    const killed = `.kustomization.yaml.${dead.pid}.0123abcd.tmp`;
    const running = `.kustomization.yaml.${process.pid}.89abcdef.tmp`;
    await writeFile(join(ov, killed), 'half');
    await writeFile(join(ov, running), 'half');
    const r = await kustomize(ov);
    expect(r.exitCode, r.stderr).toBe(0);
    expect((await readdir(ov)).sort()).toEqual([running, 'kustomization.yaml', 'ok.yaml'].sort());
    expect((await stat(join(ov, 'kustomization.yaml'))).mode & 0o777).toBe(0o640);
    expect(await readFile(join(ov, 'kustomization.yaml'), 'utf8')).toContain(`newName: ${REG}/docker.io/library/nginx`);
  });
});
