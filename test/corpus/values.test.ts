// `helm airgap values` over the real charts (issue 7's done-when): for every chart in the corpus,
// overrides from chart arguments; an independent re-render shows zero images outside the target,
// tags and digests unchanged, every needed image of <chart>.images.txt overridden, and the files
// hold only image keys.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChart } from '../../src/helm/loader/load.js';
import { runCli } from '../discover/run-cli.js';
import { IMAGE_KEY, leafPaths, renderWithOverride } from '../values/values-check.js';

const CORPUS = resolve(import.meta.dirname, '../..', process.env.AIRGAP_CORPUS ?? '../shared/charts');
const TARGET = { registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', prefix: 'mirror' };
const REG = `${TARGET.registry}/${TARGET.prefix}`;
const CHARTS = (await readdir(CORPUS)).filter((f) => f.endsWith('.tgz')).sort();
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-values-corpus-'));
  env = { HELM_AIRGAP_CACHE: join(dir, 'cache'), DOCKER_CONFIG: join(dir, 'no-docker'), HOME: dir };
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** Needed images of an .images.txt: plain lines, and the commented lines of the runtime section. */
function neededImages(text: string, sections = ['runtime']): string[] {
  let section = 'full';
  const out: string[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    const header = /^# (runtime|optional)$/.exec(line);
    if (header) section = header[1];
    else if (line && !line.startsWith('#')) out.push(line);
    else if (sections.includes(section) && line.startsWith('# ')) out.push(line.slice(2).split(/\s/)[0]);
  }
  return out;
}

/** The values a chart needs to render (NAME-VERSION.values.yaml, the corpus convention): the -f to pass, and the tree. */
async function needed(file: string): Promise<{ args: string[]; user: Record<string, unknown> }> {
  const f = join(CORPUS, file.replace(/\.tgz$/, '.values.yaml'));
  const text = await readFile(f, 'utf8').catch(() => undefined);
  return text === undefined ? { args: [], user: {} } : { args: ['-f', f], user: (parse(text) ?? {}) as Record<string, unknown> };
}

describe('helm airgap values over the corpus', () => {
  it('has charts', () => expect(CHARTS.length).toBeGreaterThan(0));

  describe.each(['full', 'drop-host'] as const)('naming %s', (naming) => {
    it.each(CHARTS)('%s: every image under the target, tags unchanged, only image keys', async (file) => {
      const out = join(dir, naming, file);
      const need = await needed(file);
      const r = await runCli(
        ['values', join(CORPUS, file), ...need.args, '--registry', REG, '--naming', naming, '--name', 'rel', '--out-dir', out, '-o', 'json'],
        env,
      );
      // a program that may start pods with images nothing in the render names is said
      // (discover/sites/pod-creators.ts): what values moves stays right, so it is no failure here
      expect(r.stderr.split('\n').filter((l) => l !== '' && !/ may start pods of its own /.test(l))).toEqual([]);
      expect(r.exitCode).toBe(0);
      const report = JSON.parse(r.stdout) as { releases: { images: { source: string }[]; hardcoded: unknown[]; problems: unknown[] }[] };
      expect(report.releases[0].problems).toEqual([]);
      expect(report.releases[0].hardcoded).toEqual([]);
      const values = join(out, 'rel.values.yaml');
      const imgs = await renderWithOverride(await readChart(join(CORPUS, file)), values, TARGET, naming, need.user);
      expect(imgs.after).toEqual(imgs.expected);
      expect(imgs.after.every((ref) => ref.startsWith(`${REG}/`))).toBe(true);
      const sources = new Set(report.releases[0].images.map((i) => i.source));
      const txt = await readFile(join(CORPUS, file.replace(/\.tgz$/, '.images.txt')), 'utf8').catch(() => '');
      for (const ref of neededImages(txt)) expect(sources, ref).toContain(ref);
      expect(leafPaths(parse(await readFile(values, 'utf8'))).filter((p) => !IMAGE_KEY.test(p))).toEqual([]);
    });
  });

  it.each(CHARTS)('%s --include-optional: optional images overridden too, each proven with its toggle on', async (file) => {
    const out = join(dir, 'optional', file);
    const need = await needed(file);
    const r = await runCli(
      ['values', join(CORPUS, file), ...need.args, '--registry', REG, '--include-optional', '--name', 'rel', '--out-dir', out, '-o', 'json'],
      env,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { releases: { images: { source: string }[]; problems: unknown[] }[] };
    expect(report.releases[0].problems).toEqual([]);
    const sources = new Set(report.releases[0].images.map((i) => i.source));
    const txt = await readFile(join(CORPUS, file.replace(/\.tgz$/, '.images.txt')), 'utf8').catch(() => '');
    for (const ref of neededImages(txt, ['runtime', 'optional'])) expect(sources, ref).toContain(ref);
    const imgs = await renderWithOverride(await readChart(join(CORPUS, file)), join(out, 'rel.values.yaml'), TARGET, 'full', need.user);
    expect(imgs.after).toEqual(imgs.expected);
  });
});
