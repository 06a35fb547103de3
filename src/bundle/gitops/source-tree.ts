// The GitOps input as given: a file, a folder of them (a checkout), or `-` (text piped in, e.g.
// `helmfile build --embed-values` or `kustomize build`). Untrusted: files are read under bounds
// (count, bytes, documents, nesting), links and FIFOs are refused, and a values file an object
// names must resolve inside the tree root. Folders that are charts (Chart.yaml) or hidden
// (.git) are not walked: their templates are not GitOps objects.
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { nestingDepth } from '../../helm/values/yaml.js';
import { readRegularFile } from '../../util/regular-file.js';
import { gitopsError, ObjectNode } from './object-node.js';

export const GITOPS_LIMITS = {
  files: 2000,
  fileBytes: 8 * 1024 * 1024,
  totalBytes: 128 * 1024 * 1024,
  documents: 10_000,
  folderDepth: 32,
  nesting: 100,
};

export interface GitopsFile {
  /** The path as shown in errors (relative to where the user pointed, or "stdin"; a build: its folder and how it was built). */
  name: string;
  /** A kustomize build's output: the overlay folder built (absolute), every file the build read, and what a patch of that folder names each object by. */
  built?: BuiltFolder;
  /** Flux's postBuild.substitute was applied to it. */
  substituted?: boolean;
  /** Absolute folder of the file: relative paths inside it start here. */
  dir: string;
  /** The file itself (absolute), or undefined for stdin. */
  path?: string;
  text: string;
  docs: ObjectNode[];
}

export interface BuiltFolder {
  dir: string;
  files: string[];
  /** KIND/NAMESPACE/NAME as built → the name and namespace a patch listed in `dir`'s kustomization matches. */
  patchIds: Map<string, { name: string; namespace?: string }>;
}

/** `kubectl kustomize DIR` as app/kustomize/build.ts runs it, given by the caller (a layer above this one). */
export type KustomizeBuilder = (dir: string, shown: string) => Promise<{ text: string; files: string[]; patchIds: BuiltFolder['patchIds'] }>;

export interface GitopsReadOptions {
  stdinText?: () => Promise<string>;
  /** Folders holding a kustomization are built with it (and Flux Kustomizations followed); without it their files are read one by one. */
  build?: KustomizeBuilder;
  /** What is read past or skipped, said once (an Argo CD Application of a git path, a source in another repository). */
  warn?: (message: string) => void;
}

export interface GitopsTree {
  /** Values files an object names must resolve inside this folder. */
  root: string;
  /** The repository the input sits in (the nearest folder above it holding .git, else the folder the command runs in): Flux and Argo CD paths start here. */
  repoRoot: string;
  files: GitopsFile[];
  options: GitopsReadOptions;
  /** Parses a text read from a build or a followed path as one more file of the tree. */
  addText(name: string, dir: string, text: string, built?: GitopsFile['built']): GitopsFile;
  /** Walks a folder (Flux's generated kustomization: every YAML file under it) into the tree's files. */
  addFolder(dir: string): Promise<void>;
  /** Reads a values file an object names (relative to `fromDir`), inside the root; `at` names the field; `optional`: undefined when missing. */
  readValuesFile(fromDir: string, path: string, at: string, optional?: boolean): Promise<{ name: string; text: string } | undefined>;
}

/** A path glob as Argo CD's git files generator and helmfile's `helmfiles:` match them: `*` and `?` within a segment, `**` across. */
export function globRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\/?|\*|\?/g, (m) => (m.startsWith('**') ? '(?:.*/)?' : m === '*' ? '[^/]*' : '[^/]'));
  return new RegExp(`^${re}$`);
}

const OBJECT_TEXT = /^(kind:\s*(Application|ApplicationSet|HelmRelease|HelmRepository|OCIRepository)\b|releases:)/m;

/** Reads `input` (a file, a folder, or "-" with `stdinText`); `cwd` anchors relative paths. */
export async function readGitopsTree(input: string, cwd: string, options: GitopsReadOptions = {}): Promise<GitopsTree> {
  const { stdinText } = options;
  const state: WalkState = { bytes: 0, docs: 0, build: options.build };
  const files: GitopsFile[] = [];
  let root: string;
  if (input === '-') {
    if (!stdinText) throw gitopsError('--gitops -: nothing on stdin to read');
    root = resolve(cwd);
    const text = await stdinText();
    files.push(parseFile('stdin', root, text, state, true, undefined));
  } else {
    const abs = resolve(cwd, input);
    const s = await lstat(abs).catch(() => undefined);
    if (!s) throw gitopsError(`--gitops ${input}: no such file or folder`, `check the path (relative paths start at ${cwd})`);
    if (s.isDirectory()) {
      root = await realpath(abs);
      await walk(root, root, 0, files, state, input);
      dropBases(files);
      if (files.every((f) => f.docs.length === 0))
        throw gitopsError(
          `--gitops ${input}: no helmfile, Argo CD Application/ApplicationSet or Flux HelmRelease found`,
          'point at the folder (or file) holding them',
        );
    } else {
      root = await realpath(dirname(abs));
      if (/\.gotmpl$/.test(abs)) throw templated(input);
      const text = await readRegularFile(abs, { maxBytes: GITOPS_LIMITS.fileBytes, from: '--gitops' });
      files.push(parseFile(input, root, text, state, true, abs));
    }
  }
  const repoRoot = await repositoryRoot(root, resolve(cwd));
  return {
    root,
    repoRoot,
    files,
    options,
    addText: (name, dir, text, built) => {
      const f = parseFile(name, dir, text, state, true, undefined);
      if (built) f.built = built;
      files.push(f);
      return f;
    },
    addFolder: async (dir) => walk(repoRoot, dir, 0, files, state, relative(cwd, dir) || '.'),
    readValuesFile: async (fromDir, path, at, optional) => {
      if (isAbsolute(path)) throw gitopsError(`${at}: values file ${path} is an absolute path: refused`, `name it relative to the file, inside ${root}`);
      const abs = resolve(fromDir, path);
      const inside = (p: string) => p === root || p.startsWith(root + sep);
      if (!inside(abs))
        throw gitopsError(`${at}: values file ${path} resolves outside ${root}: refused`, `keep values files inside the tree given to --gitops`);
      const real = await realpath(abs).catch(() => undefined);
      if (real === undefined) {
        if (optional) return undefined;
        throw gitopsError(`${at}: values file ${path} not found (looked for ${abs})`, 'add the file to the tree, or fix the path');
      }
      if (!inside(real))
        throw gitopsError(`${at}: values file ${path} resolves outside ${root} (through a link): refused`, 'keep values files inside the tree');
      const text = await readRegularFile(real, { maxBytes: GITOPS_LIMITS.fileBytes, from: at });
      charge(state, text.length, at);
      return { name: relative(root, abs) || path, text };
    },
  };
}

interface WalkState {
  bytes: number;
  docs: number;
  build?: KustomizeBuilder | undefined;
}

/** The names kustomize reads a folder's kustomization from. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * The nearest folder at or above `from` holding `.git` (a checkout's root, where Flux's
 * spec.path and Argo CD's source.path start); else `cwd` when `from` is inside it, else `from`.
 */
async function repositoryRoot(from: string, cwd: string): Promise<string> {
  for (let d = from; ; d = dirname(d)) {
    if (
      await stat(join(d, '.git')).then(
        () => true,
        () => false,
      )
    )
      return d;
    if (dirname(d) === d) break;
  }
  const realCwd = await realpath(cwd).catch(() => cwd);
  return from === realCwd || from.startsWith(realCwd + sep) ? realCwd : from;
}

/**
 * A built folder another build of the walk includes (a base, a component) is no environment of
 * its own: its objects count where the overlays that include it put them, not once more as written.
 */
function dropBases(files: GitopsFile[]): void {
  const included = new Set<string>();
  for (const f of files) if (f.built) for (const read of f.built.files) if (dirname(read) !== f.built.dir) included.add(dirname(read));
  for (let i = files.length - 1; i >= 0; i--) if (files[i]!.built && included.has(files[i]!.built!.dir)) files.splice(i, 1);
}

/**
 * A folder's files into `files`: a folder holding a kustomization (with a builder) is built as
 * kustomize builds it, its files read only through that build (an overlay's patch, a partial
 * HelmRelease, is not a release of its own); YAML and JSON files otherwise, one by one.
 */
async function walk(root: string, dir: string, depth: number, files: GitopsFile[], state: WalkState, shown: string): Promise<void> {
  if (depth > GITOPS_LIMITS.folderDepth)
    throw gitopsError(`${dir}: folders nested more than ${GITOPS_LIMITS.folderDepth} deep: refused`, 'point --gitops at a shallower folder');
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  if (entries.some((e) => e.name === 'Chart.yaml')) return;
  if (state.build && entries.some((e) => KUSTOMIZATION_FILES.includes(e.name))) {
    const built = await state.build(dir, shown);
    const name = `${shown} (kustomize build)`;
    const f = parseFile(name, dir, built.text, state, true, undefined);
    f.built = { dir, files: built.files, patchIds: built.patchIds };
    files.push(f);
    return;
  }
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    const name = relative(root, path);
    if (e.isDirectory()) await walk(root, path, depth + 1, files, state, join(shown, e.name));
    else if (e.isFile() && /^helmfile.*\.gotmpl$/.test(e.name)) throw templated(name);
    else if (e.isFile() && /\.(ya?ml|json)$/.test(e.name)) {
      if (files.length >= GITOPS_LIMITS.files)
        throw gitopsError(`${name}: more than ${GITOPS_LIMITS.files} YAML files under the folder: refused`, 'point --gitops at a smaller folder');
      const text = await readRegularFile(path, { maxBytes: GITOPS_LIMITS.fileBytes, from: '--gitops' });
      files.push(parseFile(name, dir, text, state, false, path));
    }
  }
}

function templated(name: string) {
  return gitopsError(
    `${name}: a templated helmfile (.gotmpl) is not read: its Go templates run only in helmfile`,
    `run \`helmfile -f ${name} build --embed-values > built.yaml\` and give --gitops built.yaml`,
  );
}

function charge(state: { bytes: number }, n: number, name: string): void {
  state.bytes += n;
  if (state.bytes > GITOPS_LIMITS.totalBytes)
    throw gitopsError(`${name}: the GitOps input passes ${GITOPS_LIMITS.totalBytes / 1024 / 1024} MiB: refused`, 'point --gitops at a smaller folder');
}

/**
 * The file's documents. In a folder, a file that is not YAML (a chart template, a values file
 * with Go templates) is skipped unless it looks like an object this reads; a file given by name,
 * or stdin, must parse.
 */
function parseFile(name: string, dir: string, text: string, state: WalkState, named: boolean, path: string | undefined): GitopsFile {
  charge(state, text.length, name);
  const mustParse = named || OBJECT_TEXT.test(text);
  if (text.length > GITOPS_LIMITS.nesting * 2 && nestingDepth(text).depth > GITOPS_LIMITS.nesting) {
    if (!mustParse) return { name, dir, path, text, docs: [] };
    throw gitopsError(`${name}: nested more than ${GITOPS_LIMITS.nesting} levels deep: not a GitOps file this reads`, 'fix the file');
  }
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false, merge: false, strict: false, lineCounter: lines, prettyErrors: false });
  const list = Array.isArray(parsed) ? parsed : [];
  const err = list.flatMap((d) => d.errors)[0];
  if (err) {
    if (!mustParse) return { name, dir, path, text, docs: [] };
    throw gitopsError(`${name}:${lines.linePos(err.pos[0]).line}: not valid YAML: ${err.message.split('\n')[0]}`, `fix the YAML in ${name}`);
  }
  state.docs += list.length;
  if (state.docs > GITOPS_LIMITS.documents)
    throw gitopsError(`${name}: more than ${GITOPS_LIMITS.documents} YAML documents in the GitOps input: refused`, 'point --gitops at a smaller folder');
  const docs = list.map((d, i) => (d.contents === null ? undefined : new ObjectNode(name, d, lines, i))).filter((d): d is ObjectNode => d !== undefined);
  return { name, dir, path, text, docs };
}
