// A Bitnami subchart behind its condition whose image the parent's values already substitute
// (GreptimeDB cluster's grafana: grafana/grafana over the chart's bitnami/grafana). Bitnami's
// NOTES.txt check (common.errors.insecureImages) then fails the toggled render unless
// global.security.allowInsecureImages is true. The optional search renders with that ask set (as
// `values` does), so the setting it names must carry it too: `grafana.enabled=true` alone is
// refused by Helm. A subchart left with its own images needs no ask, nor one the parent allows in
// the subchart's own table.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { writeFiles } from '../support/files.js';

let dir = '';
const deploy = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  template:\n    spec:\n      containers:\n        - name: ${name}\n          image: "{{ .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n`;
// the shape of Bitnami's check: a reference the images annotation does not hold fails, unless allowed
const notes =
  '{{- $full := printf "%s/%s" .Values.image.registry .Values.image.repository }}{{- if and (not (contains $full .Chart.Annotations.images)) (not ((.Values.global).security).allowInsecureImages) }}{{ fail "Original containers have been substituted for unrecognized ones" }}{{- end }}\n';
const sub = (name: string) => ({
  [`charts/${name}/Chart.yaml`]: `apiVersion: v2\nname: ${name}\nversion: 1.0.0\nannotations:\n  images: |\n    - name: ${name}\n      image: docker.io/bitnami/${name}:1.0.0-debian-12-r1\n`,
  [`charts/${name}/values.yaml`]: `global:\n  security:\n    allowInsecureImages: false\nimage: {registry: docker.io, repository: bitnami/${name}, tag: 1.0.0-debian-12-r1}\n`,
  [`charts/${name}/templates/app.yaml`]: deploy(name),
  [`charts/${name}/templates/NOTES.txt`]: notes,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-substituted-toggle-'));
  await writeFiles(join(dir, 'parent'), {
    'Chart.yaml':
      'apiVersion: v2\nname: parent\nversion: 1.0.0\ndependencies:\n  - name: grafana\n    version: 1.0.0\n    condition: grafana.enabled\n  - name: redis\n    version: 1.0.0\n    condition: redis.enabled\n  - name: valkey\n    version: 1.0.0\n    condition: valkey.enabled\n',
    'values.yaml':
      'main: acme/main:1.0\ngrafana:\n  enabled: false\n  image: {registry: docker.io, repository: grafana/grafana, tag: 11.6.0}\nredis:\n  enabled: false\nvalkey:\n  enabled: false\n  global: {security: {allowInsecureImages: true}}\n  image: {registry: mirror.example, repository: bitnami/valkey, tag: 1.0.0-debian-12-r1}\n',
    'templates/main.yaml': deploy('main').replace('{{ .Values.image.registry }}/{{ .Values.image.repository }}:{{ .Values.image.tag }}', '{{ .Values.main }}'),
    ...sub('grafana'),
    ...sub('redis'),
    ...sub('valkey'),
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('images --optional: a toggled Bitnami subchart whose image the parent substitutes', () => {
  it('names the setting with the ask Helm needs to render it; a subchart with its own image without', async () => {
    const r = await runCli(['images', join(dir, 'parent'), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { optional: { ref: string; toggles: string[] }[] };
    const by = Object.fromEntries(out.optional.map((i) => [i.ref, i.toggles]));
    expect(by['docker.io/grafana/grafana:11.6.0']).toEqual(['grafana.enabled=true,global.security.allowInsecureImages=true']);
    expect(by['docker.io/bitnami/redis:1.0.0-debian-12-r1']).toEqual(['redis.enabled=true']);
    // relocated, but allowed by the parent in the subchart's own table (United Manufacturing Hub's redis)
    expect(by['mirror.example/bitnami/valkey:1.0.0-debian-12-r1']).toEqual(['valkey.enabled=true']);
  });
});
