// A CRD whose schema defaults an image, shipped with the program serving it (its role reads the
// CRD's group): every resource the user applies later without the field runs that image, so
// `images` lists it as a run-time image, and `values` names it with the route that reaches it
// (postrender rewrites a templated CRD's default; a crds/ CRD reaches no post-renderer). For an
// operator nobody here has read (Tembo's, whose CoreDB defaults its Postgres image so), the CRD is
// the only place the render names what it starts. A default under an object the schema defaults
// itself (Hazelcast's spec.agent, `default: {repository, version}`) is written into every resource
// too, and postrender moves the repository in the object default, which the API server applies first;
// not one whose default leaves its feature off (`{enable: false, image}`) or holds several images
// for other runs (a bag of job images): those stay optional.
import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { specCrd } from './template-chart.js';
import { runCli as runWithStdin } from '../bundle/run-cli.js';
import { writeFiles } from '../support/files.js';
import { realHelm } from '../support/tools.js';

const crd = (props: string) => specCrd('Db', 'acme.example', props);
const topImage = `              image:
                type: string
                default: registry.example/acme/db:15.1
              metrics:
                type: object
                properties:
                  image:
                    type: string
                    default: registry.example/acme/exporter:0.12
              agent:
                type: object
                default: {repository: registry.example/acme/agent, version: "0.1.29"}
                properties:
                  repository:
                    type: string
                    default: registry.example/acme/agent
                  version:
                    type: string
                    default: "0.1.29"
              monitor:
                type: object
                default: {enable: false, image: registry.example/acme/monitor:0.3}
                properties:
                  enable: {type: boolean, default: false}
                  image: {type: string, default: registry.example/acme/monitor:0.3}
              jobImages:
                type: object
                default: {backupImage: registry.example/acme/backup:1.0, restoreImage: registry.example/acme/restore:1.0}
                properties:
                  backupImage: {type: string, default: registry.example/acme/backup:1.0}
                  restoreImage: {type: string, default: registry.example/acme/restore:1.0}
`;
const controller = (groups: string) => `apiVersion: v1
kind: ServiceAccount
metadata: {name: ctl}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ctl}
rules:
- apiGroups: [${groups}]
  resources: ["*"]
  verbs: [get, list, watch, update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ctl}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ctl}
subjects:
- {kind: ServiceAccount, name: ctl, namespace: default}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ctl}
spec:
  template:
    spec:
      serviceAccountName: ctl
      containers:
      - name: ctl
        image: "{{ .Values.image }}"
`;

let dir: string;
const chart = (name: string) => join(dir, name);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-served-crd-'));
  const base = (name: string) => ({
    'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`,
    'values.yaml': 'image: registry.example/acme/ctl:1.0.0\n',
  });
  await writeFiles(chart('templated'), { ...base('templated'), 'templates/crd.yaml': crd(topImage), 'templates/ctl.yaml': controller('acme.example') });
  await writeFiles(chart('crds'), { ...base('crds'), 'crds/crd.yaml': crd(topImage), 'templates/ctl.yaml': controller('acme.example') });
  // the operator is told the same image in its env (Pulp's RELATED_IMAGE_ vars): that site moves, the crds/ default cannot
  const told = controller('acme.example') + '        env:\n        - {name: RELATED_IMAGE_DB, value: "{{ .Values.db }}"}\n';
  await writeFiles(chart('told'), {
    ...base('told'),
    'values.yaml': 'image: registry.example/acme/ctl:1.0.0\ndb: registry.example/acme/db:15.1\n',
    'crds/crd.yaml': crd(topImage),
    'templates/ctl.yaml': told,
  });
  await writeFiles(chart('other'), { ...base('other'), 'templates/crd.yaml': crd(topImage), 'templates/ctl.yaml': controller('apps') });
  // a controller that also creates Deployments (renovate-operator's worker Jobs, from its RenovatePlatform's default)
  const creating = controller('acme.example').replace(
    'verbs: [get, list, watch, update]',
    'verbs: [get, list, watch, update]\n- apiGroups: [apps]\n  resources: [deployments]\n  verbs: [create]',
  );
  await writeFiles(chart('creating'), { ...base('creating'), 'templates/crd.yaml': crd(topImage), 'templates/ctl.yaml': creating });
  await writeFiles(chart('alone'), { ...base('alone'), 'templates/crd.yaml': crd(topImage) });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

interface Listed {
  images: { ref: string; need: string }[];
  optional: { ref: string }[];
  warnings?: { message: string }[];
}
const listed = async (name: string): Promise<Listed> => {
  const r = await runCli(['images', chart(name), '--optional', '-o', 'json'], { HOME: dir, HELM_AIRGAP_CACHE: join(dir, 'cache') });
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Listed;
};

describe('a CRD image default the release serves', () => {
  it.each(['templated', 'crds'])(
    '%s: the top-level default and one under a defaulted object are run-time images; one under an object the resource may leave out stays optional',
    async (name) => {
      const r = await listed(name);
      expect(r.images.find((i) => i.ref === 'registry.example/acme/db:15.1')?.need).toBe('runtime');
      expect(r.images.find((i) => i.ref === 'registry.example/acme/agent:0.1.29')?.need).toBe('runtime');
      // a defaulted object that leaves its feature off, or holds several images for other runs: optional
      for (const off of ['registry.example/acme/monitor:0.3', 'registry.example/acme/backup:1.0', 'registry.example/acme/restore:1.0']) {
        expect(r.images.map((i) => i.ref)).not.toContain(off);
        expect(r.optional.map((i) => i.ref)).toContain(off);
      }
      expect(r.optional.map((i) => i.ref)).toContain('registry.example/acme/exporter:0.12');
      expect(r.images.map((i) => i.ref)).not.toContain('registry.example/acme/exporter:0.12');
    },
  );

  it("the program's warning says the render names its CRDs' defaults (listed), not that it names no image", async () => {
    const r = await listed('creating');
    const warned = (r.warnings ?? []).map((w) => w.message).find((m) => m.startsWith('Deployment ctl'));
    expect(warned).toContain('the render names for it only the image defaults of the CRDs it serves (registry.example/acme/db:15.1');
    expect(warned).toContain('listed as run-time images): images it starts by other defaults of its own are not listed');
    expect(warned).not.toContain('names no image');
  });

  it.each([
    ['other', 'its program reads other groups'],
    ['alone', 'no program serves it'],
  ])('%s (%s): optional, as before', async (name) => {
    const r = await listed(name);
    expect(r.images.map((i) => i.ref)).not.toContain('registry.example/acme/db:15.1');
    expect(r.optional.map((i) => i.ref)).toContain('registry.example/acme/db:15.1');
  });

  it('values names the route: postrender for a templated CRD (and it does rewrite the default), the resources or the nodes for crds/', async () => {
    const env = { HOME: dir, HELM_AIRGAP_CACHE: join(dir, 'cache') };
    const t = await runCli(['values', chart('templated'), '--registry', 'mirror.local:5000/m', '-o', join(dir, 'out-t')], env);
    expect(t.exitCode, t.stdout + t.stderr).toBe(3);
    expect(t.stdout).toContain(
      'NOT moved: registry.example/acme/db:15.1: hard-coded (no values path): CRD dbs.acme.example defaults spec.image to it in each resource that leaves the field out: postrender rewrites the default at install',
    );
    const c = await runCli(['values', chart('crds'), '--registry', 'mirror.local:5000/m', '-o', join(dir, 'out-c')], env);
    expect(c.exitCode, c.stdout + c.stderr).toBe(3);
    expect(c.stdout).toContain(
      "from the chart's crds/ folder, which Helm passes to no post-renderer: set spec.image in each resource applied later, or make the nodes' container runtime pull registry.example from the target (a registry mirror)",
    );
    // the error's next step: the post-renderer never sees a crds/ CRD, so it is not the fix offered
    // (holdout MM: the Memcached operator's crds/ default was told to the post-renderer)
    expect(c.stderr).not.toContain('fix hard-coded images at install time with the post-renderer');
    expect(c.stderr).toContain("a CRD default in the chart's crds/ folder, which Helm passes to no post-renderer");
    expect(t.stderr).toContain('fix hard-coded images at install time with the post-renderer');
    const both = await runCli(['values', chart('told'), '--registry', 'mirror.local:5000/m', '-o', join(dir, 'out-b'), '--allow-hardcoded'], env);
    expect(both.exitCode, both.stdout + both.stderr).toBe(0);
    expect(both.stdout).toContain('moved: registry.example/acme/db:15.1 -> mirror.local:5000/m/registry.example/acme/db:15.1');
    expect(both.stdout).toContain('NOT moved: registry.example/acme/db:15.1: hard-coded (no values path): CRD dbs.acme.example defaults spec.image to it');
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', 'x', chart('templated'), '--set', 'image=mirror.local:5000/m/registry.example/acme/ctl:1.0.0'])).stdout;
    const post = await runWithStdin(['postrender', '--registry', 'mirror.local:5000/m'], env, rendered);
    expect(post.exitCode, post.stderr).toBe(0);
    expect(post.stdout).toContain('default: mirror.local:5000/m/registry.example/acme/db:15.1');
    expect(post.stdout).toContain('default: mirror.local:5000/m/registry.example/acme/agent\n');
    expect(post.stdout).toContain('default: {repository: mirror.local:5000/m/registry.example/acme/agent,');
    expect(post.stdout).not.toContain(' registry.example/acme/agent');
  });
});
