// Packs a chart folder into a .tgz the way `helm package` lays it out (one top folder named
// after the chart, .helmignore honoured), made reproducible: sorted entries, fixed mtime,
// portable headers, so the same folder always gives the same digest.
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IgnoreRules } from '../helm/loader/helmignore.js';
import { ChartError } from '../util/errors.js';

const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');

/** The archive bytes of the chart in `dir`, its top folder named `name`. */
export async function packChartDir(dir: string, name: string): Promise<Uint8Array> {
  const rules = IgnoreRules.parse(await readFile(join(dir, '.helmignore'), 'utf8').catch(() => ''));
  const files = (await listFiles(dir, '', rules)).sort();
  if (!files.includes('Chart.yaml')) throw new ChartError(`${dir}: no Chart.yaml`, { hint: 'point at a chart folder (with Chart.yaml) or a .tgz archive' });
  // loaded here, not at start: every command that may pack a chart folder would pay its start-up
  const { create } = await import('tar');
  const stream = create({ gzip: true, portable: true, cwd: dir, prefix: name, mtime: FIXED_MTIME, noDirRecurse: true, follow: false }, files);
  const parts: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts);
}

async function listFiles(root: string, rel: string, rules: IgnoreRules): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(root, rel), { withFileTypes: true })) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    const st = await lstat(join(root, path));
    if (st.isSymbolicLink()) throw new ChartError(`${root}: ${path} is a symbolic link`, { hint: 'chart folders must hold plain files only' });
    if (rules.ignores(path, st.isDirectory())) continue;
    if (st.isDirectory()) out.push(...(await listFiles(root, path, rules)));
    else if (st.isFile()) out.push(path);
  }
  return out;
}
