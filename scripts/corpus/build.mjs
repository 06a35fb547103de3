#!/usr/bin/env node
// Rebuilds the development corpus (real charts from public chart repositories) into
// $AIRGAP_DEV_CORPUS (default /work/corpus) from mirrored git snapshots of those repositories:
//   node scripts/corpus/build.mjs [MIRRORS_DIR]      (default /work/.mirror, OWNER+NAME/repo)
// AIRGAP_DEV_CORPUS_SOURCES=FILE builds only that file's lines (same format as sources.tsv; e.g. a
// new batch into a scratch folder while the whole corpus is built elsewhere).
// Each chart of sources.tsv is taken from its repository's newest commit, or from the tag or
// commit a third column names (an old chart shape kept as a class; recorded in SOURCES.md), its remote dependencies are satisfied from other charts of the same snapshots
// (Helm has no network here), and it is packaged by real Helm 4 (scripts/install-helm.sh).
// Values a chart needs to render sit in values/NAME.yaml and are copied beside the archive as
// NAME-VERSION.values.yaml (the corpus suite reads that convention); truth/NAME.runtime.txt, the
// run-time images its operator pulls, read from the operator's source, as NAME-VERSION.runtime.txt.
// Charts are never committed.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import semver from 'semver';
import { parse } from 'yaml';
import { truthTakes } from './truth-owner.mjs';

const here = dirname(new URL(import.meta.url).pathname);
const mirrors = process.argv[2] ?? '/work/.mirror';
const out = process.env.AIRGAP_DEV_CORPUS ?? '/work/corpus';
const helm = join(process.env.HELM_AIRGAP_TOOLS ?? join(homedir(), '.cache', 'helm-airgap-tools'), 'helm4', 'helm');
if (!existsSync(helm)) throw new Error(`no real Helm at ${helm}: run ./scripts/install-helm.sh`);

const readSources = (file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split('\t'));
// Chart.yaml as go-yaml reads it: a quoted description continued at column 0 (ceph-csi) is read by
// Helm; the `yaml` parser wants the continuation indented, which changes nothing in the value.
// A key given twice (portworx's px-central repeats `name`) is read as go-yaml does: the last wins
// An empty Chart.yaml, or one that is no map (volcano-sh/kthena's CLI template folder), is no
// chart (Helm refuses it): undefined, which a chart's build names and skips (chartYaml)
const readChartYaml = (file) => {
  const text = readFileSync(file, 'utf8');
  let meta;
  try {
    meta = parse(text, { uniqueKeys: false });
  } catch {
    meta = parse(text.replace(/^(?![\s#-]|[\w.-]+:|\.\.\.)/gm, '  '), { uniqueKeys: false });
  }
  return meta !== null && typeof meta === 'object' && !Array.isArray(meta) ? meta : undefined;
};
/** The Chart.yaml of a chart being built or vendored: one that is empty or no map stops that chart's build with its name. */
const chartYaml = (dir, label) => {
  const meta = readChartYaml(join(dir, 'Chart.yaml'));
  if (!meta) throw new Error(`${label}/Chart.yaml is empty or not a map: no chart (Helm refuses it too)`);
  return meta;
};
const mirrored = ([repo]) => existsSync(join(mirrors, repo, 'repo'));
const listed = readSources(process.env.AIRGAP_DEV_CORPUS_SOURCES ?? join(here, 'sources.tsv'));
const sources = listed
  // a repository not mirrored yet is skipped with a warning: the corpus is rebuilt as mirrors arrive
  .filter(([repo, path]) => {
    if (mirrored([repo])) return true;
    console.error(`corpus: skipped ${repo} ${path}: no mirror at ${join(mirrors, repo)} (fetch github:${repo.replace('+', '/')})`);
    return false;
  });
// dependencies are also looked up in the whole corpus' repositories when only a batch is built
const depSources = process.env.AIRGAP_DEV_CORPUS_SOURCES ? [...sources, ...readSources(join(here, 'sources.tsv')).filter(mirrored)] : sources;
const work = mkdtempSync(join(tmpdir(), 'corpus-'));
mkdirSync(out, { recursive: true });
const HEAD = 'HEAD';
const git = (repo, ...args) => execFileSync('git', [`--git-dir=${join(mirrors, repo, 'repo')}`, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

// every chart folder of every mirrored repository used, by chart name: dependencies come from here
const extracted = new Map(); // `${repo}@${ref}` -> dir with the whole tree
/** Chart repositories on a site of their own, by the mirror and folder that publish them
 * (OpenObserve's minio is the MinIO project's chart, whose values it sets, not Bitnami's chart of
 * that name; the rest of that snapshot lacks objects, so only the folder is extracted). */
const chartSites = {
  'https://charts.min.io': { repo: 'minio+minio', top: 'helm' },
  // Lightdash's headless browser (browserless-chrome) is published from Márk Sági-Kazár's repository
  'https://charts.sagikazarmark.dev': { repo: 'sagikazarmark+helm-charts', top: 'charts' },
  // OpenCTI's object store is RustFS' own chart, not KubeBlocks' addon of that name
  'https://charts.rustfs.com': { repo: 'rustfs+rustfs', top: 'helm' },
};
// only the top folders the charts sit in (some snapshots lack objects elsewhere)
const tops = (repo, ref) => [
  ...new Set([
    ...depSources.filter(([r, , x]) => r === repo && (x || HEAD) === ref).map(([, p]) => p.split('/')[0]),
    ...Object.values(chartSites)
      .filter((c) => c.repo === repo && ref === HEAD)
      .map((c) => c.top),
  ]),
];
function tree(repo, ref = HEAD) {
  const key = `${repo}@${ref}`;
  if (!extracted.has(key)) {
    const dir = join(work, ref === HEAD ? repo : `${repo}@${ref}`);
    mkdirSync(dir, { recursive: true });
    const paths = tops(repo, ref)
      .map((t) => `"${t}"`)
      .join(' ');
    execFileSync('sh', ['-c', `git --git-dir="${join(mirrors, repo, 'repo')}" archive "${ref}" ${paths} | tar x -C "${dir}" || true`], {
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    // an object missing elsewhere in a top folder stops git archive there, before or midway
    // through a chart (rbg's deploy/kubectl blob cut deploy/helm/rbgs short of values.yaml): each
    // chart on its own, always
    for (const [r, p, x] of depSources)
      if (r === repo && (x || HEAD) === ref)
        execFileSync('sh', ['-c', `git --git-dir="${join(mirrors, repo, 'repo')}" archive "${ref}" "${p}" | tar x -C "${dir}" || true`], {
          stdio: ['ignore', 'ignore', 'ignore'],
        });
    extracted.set(key, dir);
  }
  return extracted.get(key);
}
const byName = new Map();
const byRepoName = new Map(); // `${repo}\0${name}`: a dependency is taken from its parent's own repository first
function indexCharts(dir, repo) {
  const walk = (d, depth) => {
    if (depth > 3) return;
    if (existsSync(join(d, 'Chart.yaml'))) {
      const meta = readChartYaml(join(d, 'Chart.yaml'));
      if (meta?.name) byName.set(meta.name, [...(byName.get(meta.name) ?? []), { dir: d, repo }]);
      if (meta?.name && !byRepoName.has(`${repo}\0${meta.name}`)) byRepoName.set(`${repo}\0${meta.name}`, d);
      return;
    }
    for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory() && !e.name.startsWith('.')) walk(join(d, e.name), depth + 1);
  };
  walk(dir, 0);
}
for (const repo of new Set(depSources.filter(([, , ref]) => !ref).map(([r]) => r))) indexCharts(tree(repo), repo);

/** A file:// dependency in a top folder of its repository that no source line names (OpenStack-Helm's
 * charts each take `file://../helm-toolkit`): only the sources' top folders are extracted, so that
 * folder is brought from the same snapshot and ref when it is asked for. */
function extractSibling(local) {
  const [top, ...rest] = relative(work, local).split('/');
  if (!top || top.startsWith('..') || top === 'stage' || rest.length === 0) return;
  const at = top.lastIndexOf('@');
  const repo = at > 0 ? top.slice(0, at) : top;
  const ref = at > 0 ? top.slice(at + 1) : HEAD;
  if (!existsSync(join(mirrors, repo, 'repo'))) return;
  execFileSync('sh', ['-c', `git --git-dir="${join(mirrors, repo, 'repo')}" archive "${ref}" "${rest.join('/')}" | tar x -C "${join(work, top)}" || true`], {
    stdio: ['ignore', 'ignore', 'ignore'],
  });
}

/** Vendors each dependency that is not already in charts/ from the snapshots (recursively); a
 * file:// one from beside the chart's place in its repository (srcDir), as `helm dependency build` would. */
function vendor(chartDir, repo, seen = new Set(), srcDir = chartDir) {
  const meta = chartYaml(chartDir, relative(work, srcDir));
  const reqFile = join(chartDir, 'requirements.yaml');
  const deps = [...(meta.dependencies ?? []), ...(existsSync(reqFile) ? (parse(readFileSync(reqFile, 'utf8'))?.dependencies ?? []) : [])];
  if (deps.length === 0) return;
  const charts = join(chartDir, 'charts');
  mkdirSync(charts, { recursive: true });
  for (const d of deps) {
    // a folder of that name, or an archive NAME-VERSION.tgz or NAME-vVERSION.tgz (a prefix alone would take
    // opentelemetry-operator-crds/ for opentelemetry-operator)
    const have = readdirSync(charts).some(
      (f) => f === d.name || (f.startsWith(`${d.name}-`) && /^v?\d/.test(f.slice(d.name.length + 1)) && f.endsWith('.tgz')),
    );
    if (have) {
      // a dependency the repository keeps in charts/ may still need its own remote ones
      if (existsSync(join(charts, d.name, 'Chart.yaml')) && !seen.has(d.name)) vendor(join(charts, d.name), repo, new Set([...seen, d.name]));
      continue;
    }
    if (String(d.repository ?? '').startsWith('file://')) {
      const local = join(srcDir, String(d.repository).slice('file://'.length));
      // file://charts/operator: already in charts/ under its folder name (not its chart name)
      const inside = relative(srcDir, local);
      if (inside.startsWith('charts/') && existsSync(join(chartDir, inside, 'Chart.yaml'))) {
        if (!seen.has(d.name)) vendor(join(chartDir, inside), repo, new Set([...seen, d.name]), local);
        continue;
      }
      if (!existsSync(join(local, 'Chart.yaml'))) extractSibling(local);
      if (existsSync(join(local, 'Chart.yaml'))) {
        // links out of the extracted folders (restate's CRD chart links into the repository's crd/)
        // are dropped, as dropDanglingLinks does for the chart itself
        cpSync(local, join(charts, d.name), { recursive: true, dereference: true, filter: (f) => existsSync(f) });
        if (!seen.has(d.name)) vendor(join(charts, d.name), repo, new Set([...seen, d.name]), local);
        // `helm dependency build` loads a file:// dependency as a chart, so its own .helmignore
        // drops files (a README.md under templates/, which real Helm would render), and saves it
        // as an archive, which the parent's .helmignore cannot strip
        packageDependency(join(charts, d.name), charts);
        // a parent whose .helmignore drops archives (`*.tgz`: pocket-id-operator) vendors the
        // dependency unpacked, as its own release does; real Helm would drop the archive and refuse it
        if (ignoresArchives(chartDir)) unpackDependency(charts, d.name);
      }
      continue;
    }
    // the dependency's own dependencies are then looked up in the repository it came from (minio's
    // `common` is Bitnami's, not the first chart named common when its parent's repository has none)
    const own =
      ownTop(d, repo) ??
      byRepoName.get(`${repo}\0${d.name}`) ??
      (samePages(pagesRepo(d.repository), repo) ? (deepIn(tree(repo), d.name) ?? siblingTop(repo, d.name)) : undefined);
    const { dir: src, repo: srcRepo } = own ? { dir: own, repo } : (namedRepo(d) ?? closest(d) ?? {});
    if (!src && d.condition) {
      // a disabled-by-condition dependency no snapshot holds: dropped (recorded in SOURCES.md)
      dropped.push(`${meta.name}: ${d.name}`);
      meta.dependencies = (meta.dependencies ?? []).filter((x) => x !== d);
      continue;
    }
    if (!src) throw new Error(`${meta.name}: dependency ${d.name} (${d.repository}) is in no mirrored snapshot`);
    if (seen.has(d.name)) continue;
    const copy = join(charts, d.name);
    // a dependency's links out of its own folder (bjw-s' common links LICENSE to the repository's)
    // dangle in the copy and stop `helm package`: dropped, as for a file:// dependency
    cpSync(atTag(d, src, srcRepo) ?? src, copy, { recursive: true, dereference: true, filter: (f) => existsSync(f) });
    vendor(copy, srcRepo, new Set([...seen, d.name]));
    // as an archive, as `helm dependency build` leaves it: the parent's .helmignore then cannot
    // strip the dependency's files (OpenObserve's `secrets.yaml` line took MinIO's template), and
    // its own drops what it lists (nri-metadata-injection's templates/.../README.md)
    packageDependency(copy, charts);
  }
  // Helm checks vendored versions against the constraints; the snapshots hold the newest ones,
  // so the constraints are pinned to what was vendored (recorded as a deviation in SOURCES.md).
  const pin = (list) =>
    list?.map((d) =>
      String(d.repository ?? '').startsWith('file://')
        ? d
        : { ...d, version: versionOf(join(charts, d.name)) ?? archived.get(join(charts, d.name)) ?? d.version },
    );
  if (meta.dependencies) writeFileSync(join(chartDir, 'Chart.yaml'), JSON.stringify({ ...meta, dependencies: pin(meta.dependencies) }, null, 2));
  if (existsSync(reqFile)) writeFileSync(reqFile, JSON.stringify({ dependencies: pin(parse(readFileSync(reqFile, 'utf8')).dependencies) }, null, 2));
  rmSync(join(chartDir, 'Chart.lock'), { force: true });
  rmSync(join(chartDir, 'requirements.lock'), { force: true });
}
/** Whether a chart's .helmignore names `*.tgz` (real Helm would then drop a vendored archive). */
const ignoresArchives = (chartDir) =>
  existsSync(join(chartDir, '.helmignore')) &&
  readFileSync(join(chartDir, '.helmignore'), 'utf8')
    .split('\n')
    .some((l) => ['*.tgz', 'charts/*.tgz'].includes(l.trim()));
/** The archive packageDependency left for NAME, unpacked into charts/NAME (the archive removed). */
function unpackDependency(charts, name) {
  const archive = readdirSync(charts).find((f) => f.startsWith(`${name}-`) && f.endsWith('.tgz'));
  if (!archive) return;
  execFileSync('tar', ['xzf', join(charts, archive), '-C', charts]);
  rmSync(join(charts, archive), { force: true });
}
const dropped = [];
const archived = new Map(); // a vendored dependency's folder -> its version, once packaged
/** A vendored dependency's folder packaged by real Helm into charts/ (its .helmignore applied), the folder removed. */
function packageDependency(copy, charts) {
  archived.set(copy, versionOf(copy));
  execFileSync(helm, ['package', copy, '-d', charts], { stdio: 'ignore' });
  rmSync(copy, { recursive: true, force: true });
}
/**
 * A dependency whose constraint the snapshot's newest version breaks (RocketChat's nats 0.15.x,
 * whose values the 1.x chart refuses), taken from the newest tag NAME-VERSION or NAME/VERSION of
 * its repository that satisfies it, when there is one.
 */
function atTag(d, src, srcRepo) {
  const have = versionOf(src);
  const range = String(d.version ?? '').trim();
  if (!have || !range || !semver.validRange(range) || semver.satisfies(have, range, { includePrerelease: true })) return undefined;
  const tags = git(srcRepo, 'tag', '-l', `${d.name}-*`, `${d.name}/*`)
    .split('\n')
    .filter(Boolean)
    .map((t) => ({ t, v: semver.valid(t.slice(d.name.length + 1).replace(/^v/, '')) }))
    .filter(({ v }) => v && semver.satisfies(v, range, { includePrerelease: true }))
    .sort((a, b) => semver.rcompare(a.v, b.v));
  if (!tags.length) return undefined;
  const path = relative(tree(srcRepo), src);
  const dir = join(work, 'tags', `${srcRepo}@${tags[0].t.replace(/\//g, '_')}`);
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git --git-dir="${join(mirrors, srcRepo, 'repo')}" archive "${tags[0].t}" "${path}" | tar x -C "${dir}" || true`], {
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  return existsSync(join(dir, path, 'Chart.yaml')) ? join(dir, path) : undefined;
}
/**
 * A dependency its parent's own repository publishes from a top folder no source line names
 * (wiz-kubernetes-integration's wiz-sensor/, a sibling of the parent's folder): only the sources'
 * top folders are extracted, so that folder is extracted now, when the snapshot has it.
 */
function siblingTop(repo, name) {
  if (!git(repo, 'ls-tree', '--name-only', HEAD).split('\n').includes(name)) return undefined;
  execFileSync('sh', ['-c', `git --git-dir="${join(mirrors, repo, 'repo')}" archive "${HEAD}" "${name}" | tar x -C "${tree(repo)}" || true`], {
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  return existsSync(join(tree(repo), name, 'Chart.yaml')) && readChartYaml(join(tree(repo), name, 'Chart.yaml'))?.name === name
    ? join(tree(repo), name)
    : undefined;
}
/** A chart of that name deeper than the index walks (Atlassian's src/main/charts/common), for a
 * dependency its parent's own repository publishes: the library is its sibling, not Bitnami's. */
// The folder of a repository that holds several charts of one name, by the URL a dependency names:
// helm/charts keeps a stable and an incubator chart of many names (grafana), and stable's URL means
// stable's (a walk of the whole tree would take incubator's placeholder, first in order)
const ownTops = {
  'https://kubernetes-charts.storage.googleapis.com': { repo: 'helm+charts', top: 'stable' },
  'https://charts.helm.sh/stable': { repo: 'helm+charts', top: 'stable' },
  'https://kubernetes-charts-incubator.storage.googleapis.com': { repo: 'helm+charts', top: 'incubator' },
  'https://charts.helm.sh/incubator': { repo: 'helm+charts', top: 'incubator' },
};
function ownTop(d, repo) {
  const site = ownTops[String(d.repository ?? '').replace(/\/+$/, '')];
  if (site?.repo !== repo || !existsSync(join(tree(repo), site.top))) return undefined;
  return deepIn(join(tree(repo), site.top), d.name);
}
function deepIn(dir, name, depth = 0) {
  if (depth > 5) return undefined;
  if (existsSync(join(dir, 'Chart.yaml'))) return readChartYaml(join(dir, 'Chart.yaml'))?.name === name ? dir : undefined;
  for (const e of readdirSync(dir, { withFileTypes: true }))
    if (e.isDirectory() && !e.name.startsWith('.')) {
      const hit = deepIn(join(dir, e.name), name, depth + 1);
      if (hit) return hit;
    }
  return undefined;
}
/**
 * The chart of that name in the repository the dependency's URL is published from, indexed from
 * its mirror when no source line uses it: a name alone picks any chart so named (immich's `common`
 * is bjw-s' library, https://bjw-s-labs.github.io/helm-charts, not Bitnami's `common`).
 */
function namedRepo(d) {
  for (const named of publishedFrom(d.repository)) {
    if (![...byRepoName.keys()].some((k) => k.startsWith(`${named}\0`)) && mirrored([named])) indexCharts(tree(named), named);
    const dir = byRepoName.get(`${named}\0${d.name}`);
    if (dir) return { dir, repo: named };
  }
  return undefined;
}
/**
 * The mirrors a dependency's repository URL may be published from: pagesRepo's one, else for an
 * OCI registry other than ghcr.io (oci://quay.io/codefresh/charts, or one ending at the organisation:
 * oci://registry-1.docker.io/cloudpirates) the mirrors of the GitHub owner
 * named like the registry's organisation (codefresh-io+helm-charts), which may hold the chart.
 */
function publishedFrom(url) {
  const pages = pagesRepo(url) || chartSites[String(url ?? '').replace(/\/+$/, '')]?.repo;
  if (pages) return [pages];
  const org = /^oci:\/\/[^/]+\/([^/]+)(?:\/|$)/.exec(String(url ?? ''))?.[1]?.toLowerCase();
  if (!org || !existsSync(mirrors)) return [];
  return readdirSync(mirrors)
    .filter((m) => {
      const owner = m.split('+')[0].toLowerCase();
      return m.includes('+') && (owner === org || owner.startsWith(`${org}-`));
    })
    .sort();
}
/**
 * Of the charts named like a dependency, the one `helm dependency build` would fetch: from the
 * publisher its repository URL names (the mirror's owner: the GitHub owner of a pages or ghcr URL,
 * else a label of its host or its first path component, charts.bitnami.com/bitnami -> bitnami),
 * then one whose version meets the constraint. Not the first of that name in the batch
 * (ShardingSphere's Bitnami `common` was keptn's library when keptn's line came first).
 */
function closest(d) {
  const all = byName.get(d.name) ?? [];
  const names = publishers(d.repository);
  const owner = (c) => c.repo.split('+')[0].toLowerCase();
  const score = (c) => (names.includes(owner(c)) ? 2 : names.some((n) => n.startsWith(owner(c)) || owner(c).startsWith(n)) ? 1 : 0);
  const range = String(d.version ?? '').trim();
  const meets = (c) => (semver.validRange(range) && semver.satisfies(versionOf(c.dir) ?? '0.0.0', range, { includePrerelease: true }) ? 1 : 0);
  return [...all].sort((a, b) => score(b) - score(a) || meets(b) - meets(a))[0];
}
/** Words of a repository URL that may name its publisher (see closest); hosting words left out. */
function publishers(url) {
  const pages = pagesRepo(url).split('+')[0];
  if (pages) return [pages.toLowerCase()];
  const m = /^(?:https?|oci):\/\/([^/]+)(?:\/([^/]+))?/.exec(String(url ?? ''));
  if (!m) return [];
  return [...m[1].split('.'), ...(m[2] ? [m[2]] : [])].map((w) => w.toLowerCase()).filter((w) => w.length > 2 && !HOSTING.has(w));
}
const HOSTING = new Set([
  'charts',
  'chart',
  'helm',
  'www',
  'registry-1',
  'docker',
  'com',
  'org',
  'net',
  'dev',
  'cloud',
  'releases',
  'repo',
  'repos',
  'registry',
  'github',
  'ghcr',
  'quay',
  'pkg',
  'oci',
  'public',
  'ecr',
  'aws',
  'gcr',
]);
/**
 * The mirror a chart repository is published from (https://OWNER.github.io/NAME or
 * oci://ghcr.io/OWNER/NAME -> OWNER+NAME): kube-prometheus-stack's grafana is grafana-community's,
 * not the first chart named grafana (Bitnami's).
 */
const pagesRepo = (url) => {
  const m = /^https:\/\/([^.]+)\.github\.io\/([^/]+)/.exec(String(url ?? '')) ?? /^oci:\/\/ghcr\.io\/([^/]+)\/([^/]+)/.exec(String(url ?? ''));
  return m ? `${m[1]}+${m[2]}` : '';
};
/**
 * Whether a Pages repository is the mirrored one, or the same repository under its owner's later
 * name (bjw-s' charts moved to bjw-s-labs: an old tag's dependency URL names the old owner, and
 * the first chart called `common` elsewhere is not its library).
 */
const samePages = (pages, repo) => {
  if (!pages) return false;
  if (pages === repo) return true;
  const [po, pn] = pages.split('+');
  const [ro, rn] = repo.split('+');
  // an old owner still mirrored (grafana beside grafana-community) is its own repository
  return pn === rn && ro.toLowerCase().startsWith(`${po.toLowerCase()}-`) && !mirrored([pages]);
};
/** Symlinks to files outside the extracted folders (Karpenter's crds/ link into pkg/): Helm refuses to package them. */
function dropDanglingLinks(d, label) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isSymbolicLink() && !existsSync(p)) {
      rmSync(p);
      dropped.push(`${label}/${e.name} (a link outside the snapshot)`);
    } else if (e.isDirectory()) dropDanglingLinks(p, `${label}/${e.name}`);
  }
}
const versionOf = (d) => (existsSync(join(d, 'Chart.yaml')) ? readChartYaml(join(d, 'Chart.yaml'))?.version : undefined);

const rows = ['| archive | repository | commit | path | needed values |', '|---|---|---|---|---|'];
let ok = 0;
const written = new Set();
const truthFor = new Map(); // truth file -> the archive it goes beside
const truthAtHead = new Set(); // truth files that went to a chart at its newest commit
for (const [repo, path, ref = HEAD] of sources) {
  const stage = join(work, 'stage', repo, `${ref}_${path.replace(/\//g, '_')}`);
  try {
    if (path.endsWith('.tgz')) {
      // a chart repository that keeps only published archives (cilium/charts): the archive's chart
      mkdirSync(stage, { recursive: true });
      execFileSync('tar', ['xzf', join(tree(repo, ref), path), '-C', stage, '--strip-components=1']);
    } else cpSync(join(tree(repo, ref), path), stage, { recursive: true });
    vendor(stage, repo, new Set(), join(tree(repo, ref), path));
    dropDanglingLinks(stage, path);
    const packed = join(work, 'packed');
    rmSync(packed, { recursive: true, force: true });
    // a chart whose release stamps its version (tekton's operator keeps `devel` in git; Helm refuses
    // to load it, even with --version) is stamped as that release does: the tag's version when the
    // source names a tag, else 0.0.0
    if (!semver.valid(String(chartYaml(stage, `${repo} ${path}`).version ?? ''))) {
      const v = semver.valid(ref.replace(/^v/, '')) ?? '0.0.0';
      const text = readFileSync(join(stage, 'Chart.yaml'), 'utf8');
      writeFileSync(join(stage, 'Chart.yaml'), text.replace(/^version:.*$/m, `version: ${v}`).replace(/^appVersion:\s*"?devel"?\s*$/m, `appVersion: "v${v}"`));
    }
    const pkg = execFileSync(helm, ['package', stage, '-d', packed], { encoding: 'utf8' }).trim();
    let archive = basename(pkg.replace(/^.*saved it to: /, ''));
    // charts built from git often keep a placeholder version (istio's gateway is 1.0.0 at every
    // tag): an older tag of the same chart gets its tag in the name instead of replacing the newest
    if (written.has(archive)) archive = archive.replace(/\.tgz$/, `+${ref}.tgz`);
    written.add(archive);
    cpSync(join(packed, basename(pkg.replace(/^.*saved it to: /, ''))), join(out, archive));
    const name = readChartYaml(join(stage, 'Chart.yaml')).name;
    // like the truth below: two repositories' charts of one name each have theirs (NAME.OWNER+REPO.yaml)
    const ownValues = join(here, 'values', `${name}.${repo}.yaml`);
    const values = existsSync(ownValues) ? ownValues : join(here, 'values', `${name}.yaml`);
    if (existsSync(values)) cpSync(values, join(out, archive.replace(/\.tgz$/, '.values.yaml')));
    // the first source of this name at its newest commit keeps the truth: a later chart of the same
    // name from another repository (bitnami's grafana-operator) deploys another operator version;
    // a truth that names its chart's repository (`# chart: OWNER+NAME [PATH]`) goes beside that
    // one only, whichever block of sources is built (truth-owner.mjs)
    // two repositories' charts of one name (OT-CONTAINER-KIT's and spotahome's redis-operator)
    // each have theirs: NAME.OWNER+REPO.runtime.txt, before NAME.runtime.txt
    const own = join(here, 'truth', `${name}.${repo}.runtime.txt`);
    const truthFile = existsSync(own) ? own : join(here, 'truth', `${name}.runtime.txt`);
    const takes = !existsSync(truthFile) || truthTakes(readFileSync(truthFile, 'utf8'), repo, path);
    if (takes && (!truthFor.has(truthFile) || (ref === HEAD && !truthAtHead.has(truthFile)))) truthFor.set(truthFile, archive);
    if (ref === HEAD) truthAtHead.add(truthFile);
    rows.push(
      `| \`${archive}\` | github.com/${repo.replace('+', '/')} | \`${git(repo, 'rev-parse', `${ref}^{commit}`).trim()}\`${ref === HEAD ? '' : ` (${ref})`} | \`${path}\` | ${existsSync(values) ? `values/${basename(values)}` : ''} |`,
    );
    ok++;
    console.error(`corpus: ${archive}`);
  } catch (e) {
    console.error(`corpus: ${repo} ${path}: ${String(e.message).split('\n')[0]}`);
  }
}
// The images each operator pulls at run time, read from its own source (truth/README.md): written
// for one chart version, the newest commit's when an older tag of the chart is kept as a shape too.
for (const [truth, archive] of truthFor) {
  if (existsSync(truth)) cpSync(truth, join(out, archive.replace(/\.tgz$/, '.runtime.txt')));
}
writeFileSync(
  join(out, 'SOURCES.md'),
  `# Development corpus (built by scripts/corpus/build.mjs)\n\n${rows.join('\n')}\n\nDependencies that no snapshot holds and that a condition turns off were dropped: ${dropped.join('; ') || 'none'}. Vendored dependencies are the snapshots' newest versions (or their newest tag that meets the constraint the newest breaks), packaged as archives; their constraints were pinned to them.\n`,
);
rmSync(work, { recursive: true, force: true });
console.error(
  `corpus: ${ok} of ${listed.length} charts in ${out}${listed.length > sources.length ? ` (${listed.length - sources.length} skipped: no mirror)` : ''}`,
);
