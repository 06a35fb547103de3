// Loads a chart from a folder or a .tgz, with its subcharts (charts/*.tgz and charts/*/),
// recursively. Follows Helm's loader: Chart.yaml, values.yaml, values.schema.json,
// requirements.yaml/.lock (v1 charts), templates/, charts/; every other file is a chart file
// (.Files). Folders honour .helmignore; archives are read in memory with path guards.

// A chart folder or archive is read with synchronous calls, as Helm's loader reads it: the
// umbrella of ten subcharts is ~60 small files, and a threadpool round trip per stat and read left
// the process idle for a third of its `template` run (and node:fs/promises, loaded for them, was 4%
// of the instructions of a template of a local chart).
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ChartError, ExitCode, wrapError } from '../../util/errors.js';
import { checkChartFileSize, parseChartArchive } from './archive.js';
import { parseChartYaml, parseRequirementsYaml, validateMetadata } from '../chart/metadata.js';
import { setDependencies, type Chart, type ChartFile, type ChartMetadata } from '../chart/types.js';
import { IgnoreRules } from './helmignore.js';
import { loadedDefaults, loadedDefaultsHelm3 } from '../values/shared-defaults.js';
import { goBytesText } from '../../util/go-bytes-text.js';

// A chart's files are decoded on every render (discovery renders one chart dozens of times); the
// same string each time also lets the parse memos find a text by its cached hash, not a rescan.
const decoded = new WeakMap<Uint8Array, string>();
export const fileText = (f: ChartFile): string => bytesText(f.data);

/** A chart file's bytes as UTF-8 text, decoded once (fileText; .Files.Get in a template); a binary file's text keeps its bytes (go-bytes-text.ts). */
export function bytesText(data: Uint8Array): string {
  let text = decoded.get(data);
  if (text === undefined) decoded.set(data, (text = goBytesText(data)));
  return text;
}

/** A chart from a folder or a .tgz archive on disk. */
export async function readChart(path: string): Promise<Chart> {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    throw localChartNotFound(path, e);
  }
  const chart = isDir ? await loadChartFiles(await readChartDir(path), path) : await loadChartArchive(readFileSync(path), basename(path));
  chart.path = path;
  return chart;
}

/**
 * A chart argument that is no file or folder: the user's to fix (exit 2). A bare name most likely
 * meant a chart in a repository, so the hint says how to name one.
 */
export function localChartNotFound(path: string, e: unknown): ChartError {
  const code = (e as { code?: string })?.code;
  const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : 'no such file or folder';
  const bare = !/[/\\]/.test(path) && !/\.tgz$/.test(path) && path !== '.' && path !== '..';
  const hint = bare
    ? `for a chart in a repository add --repo URL (or write NAME/${path} for a repository added with helm repo add); for a local chart give its folder or .tgz`
    : 'give a chart folder (with Chart.yaml), a .tgz, an oci:// reference, or a name with --repo';
  return new ChartError(`chart ${path}: ${why}`, { code: 'ERR_CHART_NOT_FOUND', exitCode: ExitCode.Usage, hint, cause: e });
}

export async function loadChartArchive(bytes: Uint8Array, label: string): Promise<Chart> {
  return loadChartFiles(await parseChartArchive(bytes, label), label);
}

/** Files of a chart folder in lexical walk order, minus what .helmignore excludes. */
export async function readChartDir(dir: string): Promise<ChartFile[]> {
  let ignoreText = '';
  try {
    ignoreText = readFileSync(join(dir, '.helmignore'), 'utf8');
  } catch {
    // no .helmignore: only Helm's built-in rule applies
  }
  const rules = IgnoreRules.parse(ignoreText);
  const files: ChartFile[] = [];
  walk(dir, '', rules, files);
  return files;
}

function walk(root: string, rel: string, rules: IgnoreRules, out: ChartFile[]): void {
  const entries = readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    const path = join(root, r);
    // the folder's own entry type where it is one (no stat for each file: the read's fstat sizes
    // it); a link, or a file system that gives no type, is stat'ed: followed, as Helm's loader does
    const st = entry.isFile() || entry.isDirectory() ? entry : statSync(path);
    if (st.isDirectory()) {
      if (!rules.ignores(r, true)) walk(root, r, rules, out);
    } else if (st.isFile() && !rules.ignores(r, false)) {
      const data = readRegularFile(path, root, r);
      if (data) out.push({ name: r, data: stripBom(data) });
    }
  }
}

/**
 * A regular file's bytes, its size bounded before they are read; undefined when what the name
 * holds by the time it is opened is no regular file (opened without waiting: a FIFO put there
 * does not hang the load).
 */
function readRegularFile(path: string, root: string, rel: string): Buffer | undefined {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return undefined;
    checkChartFileSize(root, rel, st.size);
    const data = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < data.length) {
      const n = readSync(fd, data, got, data.length - got, null);
      if (n === 0) break;
      got += n;
    }
    return got === data.length ? data : data.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

function stripBom(b: Uint8Array): Uint8Array {
  return b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b;
}

/** Builds a chart from its files (names relative to the chart root); `source` labels errors. */
export async function loadChartFiles(files: ChartFile[], source: string): Promise<Chart> {
  const chartYaml = files.find((f) => f.name === 'Chart.yaml');
  if (!chartYaml) throw new ChartError(`chart ${source}: Chart.yaml file is missing`, { hint: 'a chart needs a Chart.yaml at its root' });
  const metadata = parseChartYaml(fileText(chartYaml), `${source}/Chart.yaml`);
  const chart: Chart = { metadata, templates: [], values: {}, files: [], dependencies: [], source };
  const sub = new Map<string, ChartFile[]>();
  for (const f of files) classify(chart, f, sub, source);
  validateMetadata(metadata, `chart ${source}`);
  const deps: Chart[] = [];
  for (const key of [...sub.keys()].sort()) {
    if (key.startsWith('_') || key.startsWith('.')) continue;
    deps.push(await loadSubchart(key, sub.get(key)!, chart));
  }
  setDependencies(chart, deps);
  return chart;
}

function classify(chart: Chart, f: ChartFile, sub: Map<string, ChartFile[]>, source: string): void {
  const md: ChartMetadata = chart.metadata;
  const n = f.name;
  if (n === 'Chart.yaml' || n === 'Chart.lock') return;
  if (n === 'values.yaml') {
    chart.values = loadedDefaults(fileText(f), `${source}/values.yaml`);
    const helm3 = loadedDefaultsHelm3(fileText(f), `${source}/values.yaml`);
    if (helm3) chart.valuesHelm3 = helm3;
  } else if (n === 'values.schema.json') chart.schema = f.data;
  else if (n === 'requirements.yaml') {
    md.dependencies = parseRequirementsYaml(fileText(f), `${source}/requirements.yaml`) ?? md.dependencies;
    if (md.apiVersion === 'v1') chart.files.push(f);
  } else if (n === 'requirements.lock') {
    if (md.apiVersion === 'v1') chart.files.push(f);
  } else if (n.startsWith('templates/')) chart.templates.push(f);
  else if (n.startsWith('charts/') && !n.endsWith('.prov')) {
    const rest = n.slice('charts/'.length);
    const key = rest.split('/')[0];
    if (!sub.has(key)) sub.set(key, []);
    sub.get(key)!.push({ name: rest, data: f.data });
  } else chart.files.push(f);
}

async function loadSubchart(key: string, files: ChartFile[], parent: Chart): Promise<Chart> {
  const where = `${parent.source}/charts/${key}`;
  try {
    if (key.endsWith('.tgz')) {
      if (files[0].name !== key) throw new ChartError(`expected ${key}, got ${files[0].name}`);
      return await loadChartArchive(files[0].data, where);
    }
    const inner = files.filter((f) => f.name.includes('/')).map((f) => ({ name: f.name.slice(key.length + 1), data: f.data }));
    return await loadChartFiles(inner, where);
  } catch (e) {
    throw wrapError(`error unpacking subchart ${key} in ${parent.metadata.name}`, e);
  }
}
