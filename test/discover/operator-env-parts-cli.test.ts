// An operator that composes its database image from env parts and a field of the resource it
// reconciles (holdout MM class 4: graylog's MongoDB Community operator subchart).
// community-operator 0.13.0 gives the operator MONGODB_REPO_URL, MONGODB_IMAGE (a bare name) and
// MDB_IMAGE_TYPE from one values block; the operator runs each MongoDBCommunity's database at
// REPO/IMAGE:VERSION-TYPE, the `-TYPE` only while REPO is docker.io/mongodb or quay.io/mongodb
// (getMongoDBImage, controllers/replica_set_controller.go:786); a mongod container the resource's
// statefulSet names keeps its own image, and the chart copies that list from its values
// (`containers: []`): `values` writes a mongod entry there (it named only postrender's route
// before, exit 3). Without it, `images` listed no
// database, a doubtful docker.io/library/mongodb-community-server:latest (the bare name) and an
// optional docker.io/library/mongodb:APPVERSION (the values block); the post-renderer could not
// reach the mongod container's image, the resource's statefulSet template spec rendered empty.
// The chart here is the two templates in their shape; real Helm 4 runs the post-renderer.
import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helm4WithPostRenderer } from '../support/helm4-postrenderer.js';
import { realHelm } from '../support/tools.js';
import { deploymentHead, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const DATABASE = 'docker.io/mongodb/mongodb-community-server:7.0.28-ubi8';
const TARGET = 'mirror.local:5000/m';

const chart = templateChart(
  {
    'operator.yaml': `${deploymentHead('mongodb-kubernetes-operator')}      - name: mongodb-kubernetes-operator
        image: {{ .Values.registry.operator }}/mongodb-kubernetes-operator:{{ .Values.operator.version }}
        env:
        - name: AGENT_IMAGE
          value: "{{ .Values.registry.agent }}/mongodb-agent-ubi:108.0.6.8796-1"
        - name: MONGODB_IMAGE
          value: {{ .Values.mongodb.name }}
        - name: MONGODB_REPO_URL
          value: {{ .Values.mongodb.repo }}
        - name: MDB_IMAGE_TYPE
          value: {{ .Values.mongodb.imageType }}
`,
    'mongodb.yaml': `apiVersion: mongodbcommunity.mongodb.com/v1
kind: MongoDBCommunity
metadata:
  name: db
spec:
  members: 3
  type: ReplicaSet
  version: {{ .Values.version | quote }}
  statefulSet:
    spec:
      template:
        spec:
{{- if .Values.containers }}
          containers:
{{ toYaml .Values.containers | indent 12 }}
{{- end }}
      volumeClaimTemplates:
        - metadata:
            name: data-volume
`,
  },
  `operator: {version: 0.13.0}
registry: {operator: quay.io/mongodb, agent: quay.io/mongodb}
mongodb: {name: mongodb-community-server, repo: docker.io/mongodb, imageType: ubi8}
version: "7.0.28"
containers: []
`,
  '0.13.0',
);

interface Listed {
  images: { ref: string; valuesPaths?: string[] }[];
  optional?: { ref: string }[];
  doubtful: { ref: string }[];
  warnings: { message: string; next: string }[];
}

async function listed(...extra: string[]): Promise<Listed> {
  const r = await runCli(['images', chart(), '--optional', '-o', 'json', ...extra]);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Listed;
}

describe("a database image the operator joins from its env parts and the resource's version", () => {
  it('images lists the composed reference, not the parts, and warns that a mirror drops the type suffix', async () => {
    const j = await listed();
    expect(j.images.map((i) => i.ref)).toContain(DATABASE);
    // the parts are no images: no bare-name doubtful, no values block of their own
    expect(j.doubtful).toEqual([]);
    expect((j.optional ?? []).map((i) => i.ref).filter((r) => r.startsWith('docker.io/library/mongodb'))).toEqual([]);
    // the env part, and the list the resource copies its containers from (its route: below)
    expect(j.images.find((i) => i.ref === DATABASE)?.valuesPaths).toEqual(['containers[0].image', 'mongodb.repo']);
    const suffix = j.warnings.filter((w) => w.message.includes('adding `-ubi8`'));
    expect(suffix).toHaveLength(1);
    expect(suffix[0]!.message).toContain('pulls <MONGODB_REPO_URL>/mongodb-community-server:7.0.28 instead');
    expect(suffix[0]!.next).toContain('spec.statefulSet.spec.template.spec.containers[name=mongod].image');
  });

  it('at a repository of its own the operator pulls the tag without the suffix, and nothing warns of one', async () => {
    const j = await listed('--set', 'mongodb.repo=mirror.local:5000/mongodb/');
    expect(j.images.map((i) => i.ref)).toContain('mirror.local:5000/mongodb/mongodb-community-server:7.0.28');
    expect(j.images.map((i) => i.ref)).not.toContain(DATABASE);
    expect(j.warnings.filter((w) => w.message.includes('-ubi8'))).toEqual([]);
  });

  it('values moves it through the list the resource copies its containers from: a mongod entry at the target, the tag kept; real Helm 4 renders it', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-env-parts-'));
    try {
      const r = await runCli(['values', chart(), '--registry', TARGET, '--out-dir', out]);
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).not.toContain('NOT moved');
      const file = join(out, 'op.values.yaml');
      expect((parse(await readFile(file, 'utf8')) as { containers: unknown }).containers).toEqual([{ name: 'mongod', image: `${TARGET}/${DATABASE}` }]);
      const { helm } = await realHelm(4);
      const rendered = await execa(helm, ['template', 'rel', chart(), '-f', file]);
      const db = parseAllDocuments(rendered.stdout)
        .map((d) => d.toJS() as { kind: string; spec: Record<string, any> })
        .find((d) => d.kind === 'MongoDBCommunity')!;
      expect(db.spec.statefulSet.spec.template.spec.containers).toEqual([{ name: 'mongod', image: `${TARGET}/${DATABASE}` }]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe("real Helm 4's post-renderer on the resource whose statefulSet template spec renders empty", () => {
  let work: string;
  let helm4: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'airgap-env-parts-helm4-'));
    ({ helm4, env } = await helm4WithPostRenderer(work));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it("adds the mongod container at the target, the operator's tag (with -ubi8) kept", async () => {
    const r = await execa(helm4, ['template', 'rel', chart(), '--post-renderer', 'airgap-postrender', '--post-renderer-args', `--registry=${TARGET}`], {
      env,
      extendEnv: false,
      reject: false,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as { kind: string; spec: Record<string, any> });
    const db = docs.find((d) => d.kind === 'MongoDBCommunity')!;
    expect(db.spec.statefulSet.spec.template.spec).toEqual({ containers: [{ name: 'mongod', image: `${TARGET}/${DATABASE}` }] });
    // the env parts are left as they are: the operator reads them, no image is there to move
    const op = docs.find((d) => d.kind === 'Deployment')!;
    const envs = op.spec.template.spec.containers[0].env as { name: string; value: string }[];
    expect(envs.find((e) => e.name === 'MONGODB_IMAGE')?.value).toBe('mongodb-community-server');
    expect(r.stderr).not.toContain('mongodb-community-server left as it is');
  });
});
