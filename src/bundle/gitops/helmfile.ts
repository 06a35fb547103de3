// A helmfile (helmfile.yaml, or the `helmfile build --embed-values` output of a templated one) as
// releases: `repositories[]` (HTTP, and `oci: true`), `releases[]` with chart (REPO/NAME, oci://,
// or a local folder), version, namespace, values (files relative to the helmfile, and inline
// maps, in order; helmfile passes each as --values) and set (name/value, name/values,
// as --set after them). Go templates run only in helmfile: any `{{` left is named, not guessed.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { globRegExp, type GitopsFile, type GitopsTree } from './source-tree.js';
import { gitopsError, type ObjectNode, type Path } from './object-node.js';
import { chartAt, type GitopsRelease, type ValuesLayer } from './release.js';

const TOP = [
  'apiVersion',
  'bases',
  'commonLabels',
  'environments',
  'filepath',
  'helmBinary',
  'helmDefaults',
  'helmfiles',
  'hooks',
  'kubeContext',
  'kustomizeBinary',
  'kubeVersion',
  'apiVersions',
  'lockFilePath',
  'missingFileHandler',
  'missingFileHandlerConfig',
  'renderedvalues',
  'releases',
  'repositories',
  'namespace',
  'templates',
  'values',
  'overrideKubeContext',
  'overrideNamespace',
  'overrideChart',
  'defaultHelmBinary',
  'defaultKustomizeBinary',
];
const REPOSITORY = [
  'name',
  'url',
  'oci',
  'certFile',
  'keyFile',
  'caFile',
  'username',
  'password',
  'managed',
  'passCredentials',
  'skipTLSVerify',
  'verify',
  'keyring',
  'plainHttp',
  'registryConfig',
];
const RELEASE = [
  'name',
  'namespace',
  'chart',
  'version',
  'values',
  'set',
  'labels',
  'installed',
  'condition',
  'needs',
  'createNamespace',
  'wait',
  'waitForJobs',
  'timeout',
  'recreatePods',
  'force',
  'atomic',
  'cleanupOnFail',
  'historyMax',
  'devel',
  'verify',
  'keyring',
  'hooks',
  'kubeContext',
  'missingFileHandler',
  'disableOpenAPIValidation',
  'disableValidation',
  'disableValidationOnInstall',
  'skipDeps',
  'skipRefresh',
  'adopt',
  'reuseValues',
  'suppressDiff',
  'deleteWait',
  'deleteTimeout',
  'takeOwnership',
  'inherit',
  'kubeVersion',
  'apiVersions',
  'description',
  'skipSchemaValidation',
  'syncReleaseLabels',
  // read only to refuse them: they change values or manifests in ways helmfile alone evaluates
  'secrets',
  'valuesTemplate',
  'setTemplate',
  'strategicMergePatches',
  'jsonPatches',
  'transformers',
  'dependencies',
  'postRenderer',
  'postRendererArgs',
  'forceNamespace',
];
const NOT_READ: Record<string, string> = {
  secrets: 'sops-encrypted values (decrypt them into a values file, or give `helmfile build --embed-values` output)',
  valuesTemplate: 'values templates (give `helmfile build --embed-values` output)',
  setTemplate: 'set templates (give `helmfile build --embed-values` output)',
  strategicMergePatches: 'patches helmfile applies to the manifests (kustomize)',
  jsonPatches: 'patches helmfile applies to the manifests (kustomize)',
  transformers: 'transformers helmfile applies to the manifests (kustomize)',
  dependencies: 'adhoc chart dependencies',
  postRenderer: 'a post-renderer',
  postRendererArgs: 'a post-renderer',
  forceNamespace: 'a namespace forced into the manifests',
};

/** A document is a helmfile when it has no `kind` and holds `releases:` (or only `repositories:`). */
export function isHelmfile(o: ObjectNode): boolean {
  return o.isMap([]) && !o.has(['kind']) && (o.has(['releases']) || o.has(['repositories']));
}

/**
 * The releases of one file's helmfile documents. `helmfile build` prints one document per helmfile
 * (its sub-helmfiles too), each read alone; a helmfile as written may come in parts (--- documents),
 * which helmfile merges (pkg/app/desired_state_file_loader.go: each top-level field from the last
 * part that sets it), so its parts are read as one.
 */
export function helmfileFileReleases(docs: readonly ObjectNode[], file: GitopsFile, tree: Pick<GitopsTree, 'root' | 'files'>): GitopsRelease[] {
  const helmfiles = docs.filter(isHelmfile);
  if (helmfiles.length === 0) return [];
  if (helmfiles.some(isBuildOutput)) return helmfiles.flatMap((o) => helmfileReleases([o], file, tree));
  return helmfileReleases(
    docs.filter((o) => o.isMap([]) && !o.has(['kind'])),
    file,
    tree,
  );
}

function helmfileReleases(parts: readonly ObjectNode[], file: GitopsFile, tree: Pick<GitopsTree, 'root' | 'files'>): GitopsRelease[] {
  const root = tree.root;
  for (const part of parts) {
    refuseTemplates(part, file);
    part.knownKeys([], TOP, 'the helmfile');
    if (!isBuildOutput(part)) refuseUnmerged(part, file, tree.files);
  }
  // the part whose field counts: the last that sets it (a list with items, a scalar)
  const from = (key: string, list = false) => [...parts].reverse().find((x) => (list ? x.count([key]) > 0 : x.has([key]))) ?? parts[parts.length - 1]!;
  const top = from('namespace');
  const handler = from('missingFileHandler');
  const r = from('repositories', true);
  const repos = new Map<string, { url: string; oci: boolean }>();
  for (let i = 0; i < r.count(['repositories']); i++) {
    const p = ['repositories', i];
    r.knownKeys(p, REPOSITORY, `repositories[${i}]`);
    const name = r.str([...p, 'name']) ?? r.fail(p, `repositories[${i}] has no name`);
    const url = r.str([...p, 'url']) ?? r.fail(p, `repository ${name} has no url`);
    repos.set(name, { url, oci: r.bool([...p, 'oci']) });
  }
  const o = from('releases', true);
  const out: GitopsRelease[] = [];
  for (let i = 0; i < o.count(['releases']); i++) {
    const p: Path = ['releases', i];
    o.knownKeys(p, RELEASE, `releases[${i}]`);
    for (const k of Object.keys(NOT_READ))
      if (o.has([...p, k])) o.fail([...p, k], `releases[${i}].${k}: ${NOT_READ[k]} are not read`, 'remove it, or bundle that release with airgap.yaml');
    if (o.has([...p, 'installed']) && !o.bool([...p, 'installed'])) continue;
    const name = o.str([...p, 'name']) ?? o.fail(p, `releases[${i}] has no name`);
    const chartText = o.str([...p, 'chart']) ?? o.fail(p, `release ${name} has no chart`);
    // a release's own namespace, else the helmfile's default (the top-level namespace `helmfile build` prints)
    const namespace = o.str([...p, 'namespace']) ?? top.str(['namespace']);
    out.push({
      source: 'helmfile',
      ...chartOf(o, [...p, 'chart'], chartText, repos, file, root),
      ...(o.str([...p, 'version']) !== undefined ? { version: o.str([...p, 'version']) } : {}),
      releaseName: name,
      ...(namespace !== undefined ? { namespace } : {}),
      ...(o.str([...p, 'kubeVersion']) !== undefined ? { kubeVersion: o.str([...p, 'kubeVersion']) } : {}),
      layers: [...valuesLayers(o, [...p, 'values'], file, missingOk(o, p, handler)), ...setLayers(o, [...p, 'set'])],
      origin: o.at(p),
      edit: { tool: 'helmfile', file, doc: o.index, release: p },
    });
  }
  return out;
}

function chartOf(o: ObjectNode, at: Path, chart: string, repos: Map<string, { url: string; oci: boolean }>, file: GitopsFile, root: string) {
  if (chart.startsWith('oci://')) return { chart };
  if (/^(\.{1,2}\/|\/)/.test(chart) || !chart.includes('/')) {
    const abs = isAbsolute(chart) ? chart : resolve(file.dir, chart);
    if (abs !== root && !abs.startsWith(root + sep))
      o.fail(at, `chart ${chart} is outside the tree given to --gitops: refused`, 'keep local charts inside the tree');
    return { chart: abs };
  }
  const [repoName, ...rest] = chart.split('/');
  const repo = repos.get(repoName!);
  if (!repo) o.fail(at, `chart ${chart}: no repository named ${repoName} in repositories:`, `add - name: ${repoName}\n  url: https://... to repositories:`);
  return chartAt(repo.url, rest.join('/'), repo.oci);
}

/** `helmfile build` prints each state with the fields its struct has no YAML name for: filepath, renderedvalues. */
function isBuildOutput(o: ObjectNode): boolean {
  return o.has(['filepath']) || o.has(['renderedvalues']);
}

/**
 * A helmfile as written, not as `helmfile build` prints it: its bases (repositories, releases,
 * defaults merged in before anything is read) would be missed without a word, and a sub-helmfile
 * it names is read only when it is among the files given (it declares its own releases).
 */
function refuseUnmerged(o: ObjectNode, file: GitopsFile, files: readonly GitopsFile[]): void {
  const build = `run \`helmfile -f ${file.name} build --embed-values > built.yaml\` and give --gitops built.yaml`;
  if (o.count(['bases']) > 0)
    o.fail(
      ['bases'],
      `bases: helmfile merges ${o.str(['bases', 0])}${o.count(['bases']) > 1 ? ' and the others' : ''} into this helmfile before reading it`,
      build,
    );
  // each read file as the helmfile's own relative path names it ("../apps/x.yaml"), for a glob too
  const read = files.flatMap((f) => (f.path ? [relative(file.dir, f.path).split(sep).join('/')] : []));
  for (let j = 0; j < o.count(['helmfiles']); j++) {
    const at = o.isMap(['helmfiles', j]) ? ['helmfiles', j, 'path'] : ['helmfiles', j];
    const path = o.str(at) ?? o.fail(['helmfiles', j], `helmfiles[${j}] has no path`);
    const named = globRegExp(relative(file.dir, resolve(file.dir, path)).split(sep).join('/'));
    if (!read.some((f) => named.test(f)))
      o.fail(
        at,
        `helmfiles[${j}] ${path} is not among the files --gitops read, so its releases would be missed`,
        `give --gitops a folder holding it, or ${build}`,
      );
  }
}

/** helmfile's missingFileHandler (the release's, else the helmfile's): anything but Error skips a missing values file. */
function missingOk(o: ObjectNode, p: Path, top: ObjectNode): boolean {
  const h = o.str([...p, 'missingFileHandler']) ?? top.str(['missingFileHandler']) ?? 'Error';
  return h !== 'Error';
}

function valuesLayers(o: ObjectNode, p: Path, file: GitopsFile, optional: boolean): ValuesLayer[] {
  const out: ValuesLayer[] = [];
  for (let j = 0; j < o.count(p, 'values'); j++) {
    const at = o.at([...p, j]);
    if (o.isMap([...p, j])) out.push({ values: o.values([...p, j]), at });
    else {
      const path = o.str([...p, j]) ?? o.fail([...p, j], 'a values entry is empty');
      if (path.endsWith('.gotmpl'))
        o.fail([...p, j], `values file ${path} is a template helmfile renders`, 'give `helmfile build --embed-values` output instead');
      out.push({ file: path, fromDir: file.dir, at, optional });
    }
  }
  return out;
}

// helmfile escapes each value it passes as --set NAME=VALUE: a comma or brace stays in the string
const escape = (v: string) => v.replace(/[{},]/g, (c) => `\\${c}`);

function setLayers(o: ObjectNode, p: Path): ValuesLayer[] {
  const out: ValuesLayer[] = [];
  for (let j = 0; j < o.count(p, 'set'); j++) {
    const q = [...p, j];
    o.knownKeys(q, ['name', 'value', 'values', 'file'], `set[${j}]`);
    const name = o.str([...q, 'name']) ?? o.fail(q, `set[${j}] has no name`);
    if (o.has([...q, 'file'])) o.fail([...q, 'file'], `set[${j}].file (a file's content as the value) is not read`, 'put the value in a values file instead');
    const n = o.count([...q, 'values']);
    const value = o.has([...q, 'values'])
      ? `{${Array.from({ length: n }, (_, k) => escape(o.str([...q, 'values', k]) ?? '')).join(',')}}`
      : escape(o.str([...q, 'value']) ?? '');
    out.push({ set: `${name}=${value}`, mode: 'typed', at: o.at(q) });
  }
  return out;
}

/** A `{{` anywhere in the helmfile's text (a plain `{{ x }}` even parses as a map): helmfile build did not render it. */
function refuseTemplates(o: ObjectNode, file: GitopsFile): void {
  const [start, , end] = o.doc.range;
  const at = file.text.slice(start, end).indexOf('{{');
  if (at < 0) return;
  const line = file.text.slice(0, start + at).split('\n').length;
  const text = file.text
    .slice(start + at)
    .split('\n')[0]!
    .slice(0, 80);
  throw gitopsError(
    `${file.name}:${line}: unevaluated template ${JSON.stringify(text)}: a helmfile's Go templates run only in helmfile`,
    'run `helmfile build --embed-values > built.yaml` (with your --environment) and give --gitops built.yaml',
  );
}
