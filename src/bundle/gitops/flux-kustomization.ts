// Flux Kustomizations (kustomize.toolkit.fluxcd.io) followed as kustomize-controller applies
// them: spec.path, from the root of the repository the tree sits in, built as kustomize builds
// it (a folder without a kustomization: every YAML file under it, as Flux generates one), then
// spec.targetNamespace and postBuild.substitute given literally (`${var}`, `${var:=default}`,
// `${var:-default}`, `$${var}` kept as `${var}`). A source in another repository (a
// GitRepository declared with its own URL, an OCIRepository, a Bucket) is named, not fetched.
import { realpath, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isMap, parseAllDocuments } from 'yaml';
import { KUSTOMIZATION_FILES, type GitopsTree } from './source-tree.js';
import { CLUSTER_SCOPED_KINDS } from './cluster-scoped.js';
import type { ObjectNode } from './object-node.js';

/** Bootstrap's name for the repository Flux itself syncs from: this checkout. */
const OWN_REPOSITORY = 'flux-system';
const MAX_FOLLOWED = 500;

export function isFluxKustomization(o: ObjectNode): boolean {
  return (o.str(['apiVersion']) ?? '').startsWith('kustomize.toolkit.fluxcd.io/') && o.str(['kind']) === 'Kustomization';
}

/** Follows every Flux Kustomization of the tree (and those their builds hold), adding what each builds to the tree's files. */
export async function followFluxKustomizations(tree: GitopsTree): Promise<void> {
  const seen = new Set<string>([tree.root]);
  for (const f of tree.files) if (f.built) seen.add(await realpath(f.built.dir));
  let followed = 0;
  for (let i = 0; i < tree.files.length; i++) {
    const file = tree.files[i]!;
    for (const o of file.docs) {
      if (!isFluxKustomization(o)) continue;
      const name = `${o.str(['metadata', 'namespace']) ?? 'default'}/${o.str(['metadata', 'name']) ?? ''}`;
      const other = otherRepository(o, tree);
      if (other) {
        tree.options.warn?.(
          `${o.at([])}: Flux Kustomization ${name} builds ${o.str(['spec', 'path']) ?? './'} of ${other}: not fetched; run --gitops on a checkout of it too`,
        );
        continue;
      }
      const path = o.str(['spec', 'path']) ?? './';
      const base = await pathBase(path, tree.repoRoot, file.dir);
      const dir = resolve(base, path.replace(/^\/+/, ''));
      const real =
        (await realpath(dir).catch(() => undefined)) ??
        o.fail(
          ['spec', 'path'],
          `Flux Kustomization ${name}: spec.path ${path} is not under ${tree.repoRoot}`,
          'fix the path (it starts at the root of the repository)',
        );
      if (!(await stat(real)).isDirectory()) o.fail(['spec', 'path'], `Flux Kustomization ${name}: spec.path ${path} is not a folder`);
      const root = await realpath(base);
      if (real !== root && !real.startsWith(root + sep))
        o.fail(['spec', 'path'], `Flux Kustomization ${name}: spec.path ${path} leaves the repository: refused`, 'keep spec.path inside the repository');
      // a path at or inside what is already read (the cluster folder itself, an overlay built) adds nothing
      if ([...seen].some((s) => real === s || real.startsWith(s + sep))) continue;
      seen.add(real);
      if (++followed > MAX_FOLLOWED) o.fail([], `more than ${MAX_FOLLOWED} Flux Kustomizations followed: refused`, 'point --gitops at one cluster folder');
      const shown = relative(process.cwd(), dir) || '.';
      const before = tree.files.length;
      if (tree.options.build && (await hasKustomization(dir))) {
        const b = await tree.options.build(dir, shown);
        tree.addText(`${shown} (Flux Kustomization ${name})`, dir, b.text, { dir, files: b.files, patchIds: b.patchIds });
      } else await tree.addFolder(dir);
      if (o.has(['spec', 'postBuild', 'substituteFrom']))
        tree.options.warn?.(
          `${o.at(['spec', 'postBuild', 'substituteFrom'])}: postBuild.substituteFrom is not read: only the literal postBuild.substitute values are used`,
        );
      const substitute = literalSubstitutes(o);
      const targetNamespace = o.str(['spec', 'targetNamespace']);
      if (substitute === undefined && targetNamespace === undefined) continue;
      for (const added of tree.files.splice(before)) {
        const text = withNamespace(substitute ? substituteText(added.text, substitute) : added.text, targetNamespace);
        // substituted text is no longer the file's: kept without a path, so no rewrite writes it back
        tree.addText(added.name, added.dir, text, added.built).substituted = substitute !== undefined;
      }
    }
  }
}

/**
 * The folder spec.path starts at: the repository's root (a checkout's .git); in a tree without
 * one, the nearest folder above the Kustomization's own where the path is a folder.
 */
async function pathBase(path: string, repoRoot: string, from: string): Promise<string> {
  const isDir = (d: string) =>
    stat(resolve(d, path.replace(/^\/+/, ''))).then(
      (s) => s.isDirectory(),
      () => false,
    );
  if (await isDir(repoRoot)) return repoRoot;
  for (let d = from; ; d = dirname(d)) {
    if (await isDir(d)) return d;
    if (dirname(d) === d) return repoRoot;
  }
}

/** Where the Kustomization's source is another repository: how to name it; undefined for this one. */
function otherRepository(o: ObjectNode, tree: GitopsTree): string | undefined {
  const kind = o.str(['spec', 'sourceRef', 'kind']) ?? 'GitRepository';
  const name = o.str(['spec', 'sourceRef', 'name']) ?? '';
  if (kind !== 'GitRepository') return `${kind} ${name}`;
  if (name === OWN_REPOSITORY) return undefined;
  const ns = o.str(['spec', 'sourceRef', 'namespace']) ?? o.str(['metadata', 'namespace']) ?? '';
  for (const f of tree.files)
    for (const d of f.docs)
      if (
        (d.str(['apiVersion']) ?? '').startsWith('source.toolkit.fluxcd.io/') &&
        d.str(['kind']) === 'GitRepository' &&
        d.str(['metadata', 'name']) === name &&
        (d.str(['metadata', 'namespace']) ?? ns) === ns
      )
        return `GitRepository ${name} (${d.str(['spec', 'url']) ?? 'no url'})`;
  return undefined;
}

function literalSubstitutes(o: ObjectNode): Record<string, string> | undefined {
  if (!o.has(['spec', 'postBuild'])) return undefined;
  const out: Record<string, string> = {};
  for (const k of o.keys(['spec', 'postBuild', 'substitute'])) out[k] = o.str(['spec', 'postBuild', 'substitute', k]) ?? '';
  return out;
}

/** Flux's envsubst over a build's text; an object annotated kustomize.toolkit.fluxcd.io/substitute: disabled is left out. */
export function substituteText(text: string, vars: Record<string, string>): string {
  return text
    .split(/^(?=---\s*$)/m)
    .map((doc) =>
      /kustomize\.toolkit\.fluxcd\.io\/substitute:\s*["']?disabled/.test(doc)
        ? doc
        : doc.replace(
            /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::?([=-])([^}]*))?\}/g,
            (whole, escaped: string, name: string, _op: string | undefined, dflt: string | undefined) =>
              escaped ? whole.slice(1) : (vars[name] ?? dflt ?? ''),
          ),
    )
    .join('');
}

function withNamespace(text: string, ns: string | undefined): string {
  if (ns === undefined) return text;
  return parseAllDocuments(text, { schema: 'failsafe' })
    .map((d) => {
      if (isMap(d.contents) && !CLUSTER_SCOPED_KINDS.has(String(d.get('kind')))) d.setIn(['metadata', 'namespace'], ns);
      return d.toString({ lineWidth: 0 });
    })
    .join('---\n');
}

async function hasKustomization(dir: string): Promise<boolean> {
  for (const n of KUSTOMIZATION_FILES)
    if (
      await stat(join(dir, n)).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      return true;
  return false;
}
