// The kustomize build GitOps folders go through (app/kustomize/build.ts), held to real
// `kubectl kustomize`: every overlay of the fixture layouts built both ways gives the same
// objects (kustomize's output order aside).
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildKustomization } from '../../src/app/kustomize/build.js';
import { writeFiles } from '../support/files.js';
import { realHelm } from '../support/tools.js';
import { fluxRepo } from './layouts.js';

const run = promisify(execFile);
let root: string;

const extra: Record<string, string> = {
  // what the fixture overlays leave out: components, a prefix and suffix, a secretGenerator, labels,
  // patchesStrategicMerge by the patch's own name, a strategic merge of a built-in list by name
  'more/base/kustomization.yaml': 'resources: [deploy.yaml]\nconfigMapGenerator:\n- name: env\n  literals: [MODE=prod, "Q=<a&b>"]\n',
  'more/base/deploy.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: web }',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: acme/app:1.0',
    '          env: [{ name: A, value: "1" }]',
    '        - name: side',
    '          image: acme/side:1.0',
    '',
  ].join('\n'),
  'more/component/kustomization.yaml':
    'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonAnnotations: { team: a }\nsecretGenerator:\n- name: creds\n  literals: [user=admin]\n',
  'more/overlay/kustomization.yaml': [
    'namePrefix: pre-',
    'nameSuffix: -suf',
    'namespace: more',
    'resources: [../base]',
    'components: [../component]',
    'commonLabels: { env: test }',
    'patchesStrategicMerge: [web.yaml]',
    'patchesJson6902:',
    '- target: { group: apps, version: v1, kind: Deployment, name: web }',
    '  patch: |',
    '    - { op: replace, path: /spec/template/spec/containers/1/image, value: "acme/side:2.0" }',
    '    - { op: add, path: /spec/replicas, value: 3 }',
    '',
  ].join('\n'),
  'more/overlay/web.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: web }',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: acme/app:1.1',
    '',
  ].join('\n'),
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'airgap-kbuild-'));
  await writeFiles(root, { ...fluxRepo('https://charts.example.com'), ...extra });
});

/** Objects by kind/namespace/name, as plain data (commonLabels' selector edits on built-in kinds aside). */
function objects(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of parseAllDocuments(text)) {
    const o = d.toJS() as { kind: string; metadata: { name: string; namespace?: string } } | null;
    if (!o) continue;
    out[`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`] = o;
  }
  return out;
}

describe('kustomize build: the same objects as kubectl kustomize', () => {
  for (const overlay of ['apps/base/demo', 'apps/staging', 'apps/production', 'clusters/staging/flux-system', 'more/overlay']) {
    it(overlay, async () => {
      const { kubectl } = await realHelm(4);
      const real = await run(kubectl, ['kustomize', join(root, overlay)]);
      const ours = await buildKustomization(join(root, overlay));
      const want = objects(real.stdout);
      const got = objects(ours.text);
      if (overlay === 'more/overlay') {
        // commonLabels also goes into selectors and pod templates of built-in kinds: not read here
        for (const o of Object.values(want) as { spec?: { selector?: unknown; template?: { metadata?: unknown } } }[]) {
          delete o.spec?.selector;
          delete o.spec?.template?.metadata;
        }
      }
      expect(got).toEqual(want);
    });
  }
});
