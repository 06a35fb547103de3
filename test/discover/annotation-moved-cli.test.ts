// A chart's image annotation names an image its values point elsewhere: Bitnami's charts declare
// docker.io/bitnami/postgresql:TAG while their values (since 2025) pull the same image, same tag,
// from docker.io/bitnamilegacy, and a user's global registry moves it again. The annotation then
// names no image of its own: listed as optional it is one nothing pulls (and, for Bitnami's old
// tags, one the registry no longer serves, so `bundle --optional` fails on it).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { runCli } from './run-cli.js';

const CHART = `apiVersion: v2
name: pg
version: 0.1.0
annotations:
  images: |
    - name: os-shell
      image: docker.io/bitnami/os-shell:12-debian-12-r51
    - name: postgres-exporter
      image: docker.io/bitnami/postgres-exporter:0.17.1-debian-12-r16
    - name: postgresql
      image: docker.io/bitnami/postgresql:17.6.0-debian-12-r4
`;

const VALUES = `global:
  imageRegistry: ""
image:
  registry: docker.io
  repository: bitnamilegacy/postgresql
  tag: 17.6.0-debian-12-r4
volumePermissions:
  enabled: false
  image:
    registry: docker.io
    repository: bitnamilegacy/os-shell
    tag: 12-debian-12-r51
`;

const image = (v: string) => `{{ .Values.global.imageRegistry | default .Values.${v}.registry }}/{{ .Values.${v}.repository }}:{{ .Values.${v}.tag }}`;
const STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: pg
spec:
  template:
    spec:
      {{- if .Values.volumePermissions.enabled }}
      initContainers:
      - name: perms
        image: ${image('volumePermissions.image')}
      {{- end }}
      containers:
      - name: pg
        image: ${image('image')}
`;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-annotation-moved-'));
  await writeFiles(join(dir, 'pg'), { 'Chart.yaml': CHART, 'values.yaml': VALUES, 'templates/sts.yaml': STATEFULSET });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function optional(...args: string[]): Promise<{ images: string[]; optional: string[] }> {
  const r = await runCli(['images', join(dir, 'pg'), '--optional', '-o', 'json', ...args]);
  expect(r.exitCode, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as { images: { ref: string }[]; optional: { ref: string }[] };
  return { images: out.images.map((i) => i.ref), optional: out.optional.map((i) => i.ref).sort() };
}

describe('an annotated image whose values point the same name and tag elsewhere', () => {
  it('is not listed: the values block it describes is (needed or optional); an annotation no block matches stays optional', async () => {
    expect(await optional()).toEqual({
      images: ['docker.io/bitnamilegacy/postgresql:17.6.0-debian-12-r4'],
      optional: ['docker.io/bitnami/postgres-exporter:0.17.1-debian-12-r16', 'docker.io/bitnamilegacy/os-shell:12-debian-12-r51'],
    });
  });

  it("the same under a user's own registry", async () => {
    expect(await optional('--set', 'global.imageRegistry=registry.example.com')).toEqual({
      images: ['registry.example.com/bitnamilegacy/postgresql:17.6.0-debian-12-r4'],
      optional: ['docker.io/bitnami/postgres-exporter:0.17.1-debian-12-r16', 'registry.example.com/bitnamilegacy/os-shell:12-debian-12-r51'],
    });
  });
});
