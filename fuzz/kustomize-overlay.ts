// Fuzz target: `kustomize DIR`'s reading and editing of an overlay (src/app/kustomize/overlay-files.ts,
// src/overrides/kustomization-file.ts) on hostile trees: resources, patches and env files that are
// absolute, ../, links to /etc/shadow, /dev/zero, /dev/urandom, /dev/stdin, FIFOs, sparse files past
// the size bound, deep nesting, many documents, bases in and out of the root, anchors, aliases and
// merge keys, CRLF, and the kustomization text damaged. Properties: a build or a clean AirgapError,
// nothing else (main.ts adds: no hang on a FIFO or device, memory bounded); no document read from a
// file outside the root (their image is a marker); an edit reads back as the entries it meant, keeps
// the text before the images: block byte for byte and keeps CRLF files CRLF.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { readKustomization, readOverlay } from '../src/app/kustomize/overlay-files.js';
import { mergeImageEntries, parseKustomization } from '../src/overrides/kustomization-file.js';
import { mutateText } from './mutate.js';
import { chance, int, pick, some, type Rng } from './rng.js';
import { isCleanAirgapError, PropertyViolation, type FuzzTarget } from './runner.js';

const MARKER = 'outside.example/secret';
const POD = (image: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: ${image}}]\n`;

interface OverlayInput {
  kustomization: string;
  /** The files that change from input to input: path (under the tree) → content. */
  files: Record<string, string>;
  /** A sparse ov/big.yaml of this many bytes (past the read bound without writing it). */
  bigBytes: number;
}

// the tree every input shares (nothing the run does writes to it): written once by setup
const FIXED: Record<string, string> = {
  'ov/ok.yaml': POD('nginx:1.25'),
  'ov/sub/more.yaml': POD('busybox:1.36'),
  'ov/sub/kustomization.yaml': 'resources: [more.yaml]\n',
  'ov/ok.env': 'a=b\n',
  'ov/real.yaml': POD('redis:7'),
  'outside/secret.yaml': POD(`${MARKER}:1`),
  'outside/e.env': `image=${MARKER}:1\n`,
  'elsewhere/kustomization.yaml': 'resources: [d.yaml]\n',
  'elsewhere/d.yaml': POD('ghcr.io/acme/elsewhere:1'),
  'base/d.yaml': POD('quay.io/acme/worker:2.0'),
  'component/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nimages:\n- name: nginx\n  newTag: "2"\n',
};
const LINKS: Record<string, string> = {
  'ov/shadow.yaml': '/etc/shadow',
  'ov/zero.yaml': '/dev/zero',
  'ov/urandom.yaml': '/dev/urandom',
  'ov/stdin.yaml': '/dev/stdin',
  'ov/out.yaml': '../outside/secret.yaml',
  'ov/in.yaml': 'real.yaml',
  'ov/outdir': '../outside',
  'ov/elselink': '../elsewhere',
};
let root: string | undefined;

// what an entry can name; @ROOT@ is the input's folder (absolute paths)
const FILE_ENTRIES = [
  'ok.yaml',
  'sub/more.yaml',
  '../outside/secret.yaml',
  '@ROOT@/outside/secret.yaml',
  '@ROOT@/ov/ok.yaml',
  'shadow.yaml',
  'zero.yaml',
  'urandom.yaml',
  'stdin.yaml',
  'out.yaml',
  'in.yaml',
  'fifo.yaml',
  'big.yaml',
  'deep.yaml',
  'many.yaml',
  'aliases.yaml',
  'outdir/secret.yaml',
  'missing.yaml',
];
// bases may sit outside the root (../elsewhere, a link to it); none of them holds the marker
const DIR_ENTRIES = ['../base', '@ROOT@/base', '../elsewhere', 'elselink', 'sub', '.', '../ov', '../component'];

function entries(r: Rng, from: readonly string[], lo: number, hi: number): string[] {
  return some(r, lo, hi, () => pick(r, from));
}

function list(key: string, items: string[], flow: boolean): string {
  if (items.length === 0) return '';
  return flow ? `${key}: [${items.map((i) => JSON.stringify(i)).join(', ')}]\n` : `${key}:\n${items.map((i) => `- ${i}\n`).join('')}`;
}

function kustomizationText(r: Rng): string {
  const flow = chance(r, 0.3);
  let t = chance(r, 0.2) ? '---\n' : '';
  if (chance(r, 0.5)) t += '# overlay   (fuzzed)\n';
  t += list('resources', [...entries(r, FILE_ENTRIES, 0, 3), ...entries(r, DIR_ENTRIES, 0, 1)], flow);
  if (chance(r, 0.3)) t += list('components', entries(r, DIR_ENTRIES, 1, 1), flow);
  if (chance(r, 0.3)) t += `patches:\n- path: ${pick(r, FILE_ENTRIES)}\n`;
  if (chance(r, 0.2)) t += `configMapGenerator:\n- name: c\n  envs: [${pick(r, [...FILE_ENTRIES, 'ok.env', '../outside/e.env'])}]\n`;
  switch (int(r, 0, 4)) {
    case 0:
      t += 'images:\n- name: nginx   # pin\n  newTag: "1.25"\n';
      break;
    case 1:
      t += 'images:\n- &pin\n  name: redis\n  newTag: &t "7"\n- <<: *pin\n  name: nginx\n- name: busybox\n  newTag: *t\n';
      break;
    case 2:
      t += 'x-images: &imgs\n- name: nginx\nimages: *imgs\n';
      break;
    case 3:
      t += 'images: [{name: nginx}]   # flow\n';
      break;
    default:
      break;
  }
  if (chance(r, 0.3)) t += 'namespace: prod   # ns\n';
  if (chance(r, 0.2)) t += '...\n';
  if (chance(r, 0.3)) t = t.replace(/\n/g, '\r\n');
  if (chance(r, 0.25)) t = mutateText(r, t, [':', ' ', '\n', '\r\n', '- ', '[', ']', '{', '}', '&a', '*a', '<<: ', '---\n', '...\n', '#'], 3);
  return t;
}

export const kustomizeOverlayTarget: FuzzTarget<OverlayInput> = {
  name: 'kustomize-overlay',
  fullCount: 20_000,
  timeoutMs: 10_000,
  setup() {
    if (root) return Promise.resolve();
    root = mkdtempSync(join(tmpdir(), 'fuzz-kustomize-'));
    for (const [p, text] of Object.entries(FIXED)) {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), text);
    }
    for (const [p, to] of Object.entries(LINKS)) symlinkSync(to, join(root, p));
    execFileSync('mkfifo', [join(root, 'ov', 'fifo.yaml')]);
    return Promise.resolve();
  },
  teardown() {
    if (root) rmSync(root, { recursive: true, force: true });
    root = undefined;
  },
  generate(r) {
    const many = int(r, 1, 20) === 1 ? 100_001 : int(r, 1, 50);
    return {
      kustomization: kustomizationText(r),
      files: {
        'ov/deep.yaml': `kind: ConfigMap\ndata: ${'['.repeat(int(r, 1, 3) === 1 ? 5_000 : 10)}${']'.repeat(10)}\n`,
        'ov/many.yaml': Array.from({ length: many }, (_, i) => `kind: ConfigMap\nmetadata: {name: c${i}}\n`).join('---\n'),
        'ov/aliases.yaml': `kind: ConfigMap\nmetadata: {name: a}\ndata:\n  a: &x v\n${Array.from({ length: int(r, 1, 10) === 1 ? 3_000 : int(r, 0, 200) }, (_, i) => `  k${i}: *x\n`).join('')}`,
        'base/kustomization.yaml': `resources: [${pick(r, ['d.yaml', '../outside/secret.yaml', 'd.yaml'])}]\n`,
      },
      bigBytes: int(r, 0, 1) === 1 ? 64 * 1024 * 1024 : 10,
    };
  },
  async run(input) {
    await this.setup!();
    const tree = root!;
    for (const [p, text] of Object.entries({ ...input.files, 'ov/kustomization.yaml': input.kustomization.replaceAll('@ROOT@', tree) }))
      writeFileSync(join(tree, p), text);
    writeFileSync(join(tree, 'ov', 'big.yaml'), '');
    truncateSync(join(tree, 'ov', 'big.yaml'), input.bigBytes);
    const ov = join(tree, 'ov');
    const k = await readKustomization(ov);
    const build = await readOverlay(ov, k);
    // every way to the marker is a file outside the root of the kustomization naming it
    if (build.docs.some((d) => JSON.stringify(d.object).includes(MARKER))) throw new PropertyViolation(`a document of a file outside ${ov} was read`);
    checkEdit(k.text, k.file);
  },
  isDomain: isCleanAirgapError,
  describe: (i) => JSON.stringify(i.kustomization),
};

/** The edit reads back as the entries it meant; the text before images: is kept; CRLF stays CRLF. */
function checkEdit(text: string, file: string): void {
  const k = parseKustomization(text, file);
  const merged = mergeImageEntries(k, [
    { name: 'nginx', newName: 'mirror.local/m/nginx', newTag: '1.25' },
    { name: 'quay.io/acme/worker', newName: 'mirror.local/m/worker' },
  ]);
  if (merged.text === undefined) return;
  const again = parseKustomization(merged.text, file);
  if (!isDeepStrictEqual(again.images, merged.entries))
    throw new PropertyViolation(`the edit reads back as ${JSON.stringify(again.images)}, not ${JSON.stringify(merged.entries)}`);
  const at = text.search(/^images:/m);
  if (at >= 0 && !merged.text.startsWith(text.slice(0, at))) throw new PropertyViolation('the text before images: changed');
  if (/\r\n/.test(text) && !/\n/.test(text.replace(/\r\n/g, '')) && /\n/.test(merged.text.replace(/\r\n/g, '')))
    throw new PropertyViolation('a CRLF file got LF line endings');
}
