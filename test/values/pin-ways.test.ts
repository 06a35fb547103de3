// Where `values --pin-digests` puts a digest, and how the re-render decides: a `digest` key the
// templates honour (Bitnami's common.images.image, which then renders repository@digest without
// the tag), a `digest` key they ignore (the tag carries it instead), a tag the template decorates
// (`-alpine`: no way works, the image is named and left at its tag, never half pinned), a tag only
// appVersion gives (nothing can carry a digest), and a block whose schema refuses a `digest` key
// values.yaml leaves out (the added tag key carries it). Digests come from a map file; real Helm 4
// renders the written file.
import { execa } from 'execa';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../bundle/run-cli.js';
import { writeFiles } from '../support/files.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';

const T = 'mirror.example/m';
const D = (n: number) => `sha256:${String(n).repeat(64)}`;
let work: string;
let chart: string;
let map: string;

const container = (name: string, image: string) => [`        - name: ${name}`, `          image: ${image}`];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-pin-ways-'));
  chart = join(work, 'ways');
  await writeFiles(chart, {
    'Chart.yaml': 'apiVersion: v2\nname: ways\nversion: 0.1.0\nappVersion: "5.0"\n',
    'values.yaml': stringify({
      honoured: { image: { registry: 'docker.io', repository: 'acme/honoured', tag: '1.0', digest: '' } },
      ignored: { image: { repository: 'docker.io/acme/ignored', tag: '2.0', digest: '' } },
      decorated: { image: { repository: 'docker.io/acme/decorated', tag: '3.0' } },
      appversion: { image: { repository: 'docker.io/acme/appversion' } },
      strict: { image: { repository: 'docker.io/acme/strict' } },
    }),
    'values.schema.json': JSON.stringify({
      type: 'object',
      properties: {
        strict: {
          type: 'object',
          properties: { image: { type: 'object', additionalProperties: false, properties: { repository: { type: 'string' }, tag: { type: 'string' } } } },
        },
      },
    }),
    'templates/deploy.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: ways}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      ...container(
        'honoured',
        '"{{ with .Values.honoured.image }}{{ .registry }}/{{ .repository }}{{ if .digest }}@{{ .digest }}{{ else }}:{{ .tag }}{{ end }}{{ end }}"',
      ),
      ...container('ignored', '"{{ .Values.ignored.image.repository }}:{{ .Values.ignored.image.tag }}"'),
      ...container('decorated', '"{{ .Values.decorated.image.repository }}:{{ .Values.decorated.image.tag }}-alpine"'),
      ...container('appversion', '"{{ .Values.appversion.image.repository }}:{{ .Chart.AppVersion }}"'),
      ...container('strict', '"{{ .Values.strict.image.repository }}:{{ .Values.strict.image.tag | default .Chart.AppVersion }}"'),
      '',
    ].join('\n'),
  });
  map = join(work, 'map.yaml');
  const entry = (name: string, tag: string, n: number) => ({
    source: `docker.io/acme/${name}:${tag}`,
    destination: `${T}/acme/${name}:${tag}`,
    digest: D(n),
  });
  await writeFile(
    map,
    stringify({
      apiVersion: 'helm-airgap/v1',
      kind: 'ImageMap',
      images: [
        entry('honoured', '1.0', 1),
        entry('ignored', '2.0', 2),
        entry('decorated', '3.0-alpine', 3),
        entry('appversion', '5.0', 4),
        entry('strict', '5.0', 5),
      ],
    }),
  );
});
afterAll(async () => rm(work, { recursive: true, force: true }));

describe('values --pin-digests: the way each chart shape takes a digest', () => {
  it('pins what it can, names the rest (exit 3), and real Helm renders exactly that', async () => {
    const out = join(work, 'out');
    const r = await runCli(['values', chart, '--map', map, '--pin-digests', '--out-dir', out, '-o', 'json'], { HOME: work });
    expect(r.exitCode, r.stderr).toBe(3);
    const report = JSON.parse(r.stdout) as {
      error: { message: string };
      report?: unknown;
    };
    expect(report.error.message).toContain('2 image(s) not pinned to a digest');
    expect(report.error.message).toContain(
      'docker.io/acme/appversion:5.0 (the templates do not render a digest set at appversion.image.digest, appversion.image.tag)',
    );
    expect(report.error.message).toContain(
      'docker.io/acme/decorated:3.0-alpine (the templates do not render a digest set at decorated.image.tag, decorated.image.digest)',
    );
    // exit 3 leaves no file -f values/*.yaml takes: the override is kept as rejected, for a look
    expect(existsSync(join(out, 'ways.values.yaml'))).toBe(false);
    const text = await readFile(join(out, 'ways.values.yaml.rejected'), 'utf8');
    expect(text).toContain('docker.io/acme/decorated:3.0-alpine: NOT pinned to a digest');
    const { helm } = await realHelm(4);
    const rendered = await execa(helm, ['template', 'ways', chart, '-f', join(out, 'ways.values.yaml.rejected')], { env: { HOME: work } });
    expect(podSpecImages(rendered.stdout).sort()).toEqual(
      [
        `${T}/acme/honoured@${D(1)}`, // the chart's digest key, its template drops the tag
        `${T}/acme/ignored:2.0@${D(2)}`, // the digest key is ignored: the tag carries it
        `${T}/acme/decorated:3.0-alpine`, // left at its tag, named above
        `${T}/acme/appversion:5.0`,
        `${T}/acme/strict:5.0@${D(5)}`, // the schema refuses strict.image.digest: an added tag key carries it
      ].sort(),
    );
  });

  it('--allow-unpinned: exit 0, the same file', async () => {
    const r = await runCli(['values', chart, '--map', map, '--pin-digests', '--allow-unpinned', '--out-dir', join(work, 'allowed')], { HOME: work });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('pinned to digests: 3 image(s) (digest, tag, added-tag)');
    expect(r.stdout).toMatch(
      /NOT pinned: docker\.io\/acme\/appversion:5\.0 in ways\/templates\/deploy\.yaml Deployment\/ways .*: the templates do not render a digest/,
    );
  });
});
