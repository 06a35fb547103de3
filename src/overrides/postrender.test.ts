import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { postrenderManifests, PostrenderError } from './postrender.js';
import { replaceTokens } from './postrender-splice.js';
import { ImageMap } from '../bundle/image-map.js';

const STREAM = readFileSync(new URL('../../fixtures/postrender/stream.yaml', import.meta.url), 'utf8');
const EXPECTED = readFileSync(new URL('../../fixtures/postrender/expect-images.txt', import.meta.url), 'utf8')
  .trim()
  .split('\n');
/** The CRD's schema default (Widget spec.image): the API server gives it to each Widget made without one (the fixture's sets it). */
const CRD_DEFAULT = 'spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.image.default';
const TARGET = { registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', prefix: 'mirror' };
const T = `${TARGET.registry}/${TARGET.prefix}`;

/** Line diff: same number of lines, and each changed line is the old one with only image strings swapped. */
function expectOnlyImagesChanged(input: string, output: string, swaps: { from: string; to: string }[]): number {
  const a = input.split('\n');
  const b = output.split('\n');
  expect(b.length).toBe(a.length);
  let changed = 0;
  a.forEach((line, i) => {
    if (line === b[i]) return;
    changed += 1;
    expect(replaceTokens(line, swaps)).toBe(b[i]);
  });
  return changed;
}

describe('postrenderManifests', () => {
  const r = postrenderManifests(STREAM, { target: TARGET });

  it('rewrites every certain site kind: init/containers/ephemeral, args --flag=img and --flag img, env, flow style, custom resource', () => {
    expect(
      r.changes
        .filter((c) => c.fieldPath !== CRD_DEFAULT)
        .map((c) => c.from)
        .sort(),
    ).toEqual([...EXPECTED].sort());
    expect(r.changes.filter((c) => c.fieldPath === CRD_DEFAULT).map((c) => c.from)).toEqual(['quay.io/example/app:v1.2.3']);
    const kinds = r.changes.map((c) => c.fieldPath.replace(/\[\d+\]/g, '[]'));
    expect(kinds).toEqual(
      expect.arrayContaining([
        'spec.template.spec.initContainers[].image',
        'spec.template.spec.containers[].image',
        'spec.template.spec.containers[].args[]',
        'spec.template.spec.containers[].env[].value',
        'spec.template.spec.ephemeralContainers[].image',
        'spec.image',
      ]),
    );
  });

  it('byte identity: the output differs from the input only in image strings (comments, quoting, annotations kept)', () => {
    expect(expectOnlyImagesChanged(STREAM, r.output, r.changes)).toBe(EXPECTED.length + 1);
    for (const kept of [
      '# Source: demo/templates/deployment.yaml',
      '# a comment Helm kept',
      "postrenderer.helm.sh/postrender-filename: 'demo/templates/deployment.yaml'",
      'name: "demo"   # trailing comment',
      "'it''s kept as written'",
    ]) {
      expect(r.output).toContain(kept);
    }
    expect(r.output).toContain(`image: "${T}/quay.io/example/app:v1.2.3"   # the app`);
    expect(r.output).toContain(`image: '${T}/docker.io/library/busybox:1.36'`);
    expect(r.output).toContain(`- "--sidecar-image=${T}/quay.io/example/sidecar:v2"`);
  });

  it.each([
    ['tag kept, Docker Hub short name normalised', 'nginx:1.25', `${T}/docker.io/library/nginx:1.25`],
    [
      'digest kept',
      'ghcr.io/example/helper@sha256:0000000000000000000000000000000000000000000000000000000000000001',
      `${T}/ghcr.io/example/helper@sha256:0000000000000000000000000000000000000000000000000000000000000001`,
    ],
    ['registry with path kept under the prefix', 'registry.k8s.io/worker:v9', `${T}/registry.k8s.io/worker:v9`],
  ])('naming default (push "full"): %s', (_, from, to) => {
    expect(r.changes.find((c) => c.from === from)?.to).toBe(to);
  });

  it('naming drop-host and flat follow push', () => {
    const drop = postrenderManifests(STREAM, { target: TARGET, naming: 'drop-host' });
    expect(drop.changes.find((c) => c.from === 'quay.io/example/app:v1.2.3')?.to).toBe(`${T}/example/app:v1.2.3`);
    const flat = postrenderManifests(STREAM, { target: TARGET, naming: 'flat' });
    expect(flat.changes.find((c) => c.from === 'quay.io/example/app:v1.2.3')?.to).toBe(`${T}/example-app:v1.2.3`);
  });

  it('idempotent: running twice gives the output of running once', () => {
    const again = postrenderManifests(r.output, { target: TARGET });
    expect(again.output).toBe(r.output);
    expect(again.changes).toEqual([]);
  });

  it("look-alikes untouched: a CRD schema's prose, annotations, URLs in env; the schema's default image moves", () => {
    const crd = STREAM.slice(STREAM.indexOf('# Source: demo/templates/crd.yaml'), STREAM.indexOf('# Source: demo/templates/widget.yaml'));
    expect(r.output).toContain(crd.replace('default: quay.io/example/app:v1.2.3', `default: ${T}/quay.io/example/app:v1.2.3`));
    expect(r.output).toContain('description: quay.io/example/app:v1.2.3 is an example value');
    expect(r.output).toContain('example.com/built-from: quay.io/example/annotated:v1');
    expect(r.output).toContain('value: https://example.com/app:v1.2.3/docs');
    expect(r.warnings.some((w) => w.includes('quay.io/example/annotated:v1') && w.includes('doubtful'))).toBe(true);
  });

  it('CRLF line ends are kept', () => {
    const crlf = STREAM.replace(/\n/g, '\r\n');
    const out = postrenderManifests(crlf, { target: TARGET }).output;
    expect(out).toBe(r.output.replace(/\n/g, '\r\n'));
  });

  it('--lock: only listed images are rewritten, the others are named in warnings', () => {
    const only = postrenderManifests(STREAM, { target: TARGET, allowed: new Set(['quay.io/example/app:v1.2.3']) });
    expect(only.changes.map((c) => c.from)).toEqual(['quay.io/example/app:v1.2.3', 'quay.io/example/app:v1.2.3']);
    expect(only.warnings.filter((w) => w.includes('not in the lock'))).toHaveLength(EXPECTED.length - 1);
    expectOnlyImagesChanged(STREAM, only.output, only.changes);
  });

  it.each([
    [
      'double-quoted scalar continued over two lines',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: "quay.io/example/\\\n      app:v1"\n',
      'quay.io/example/app:v1',
    ],
    [
      'double-quoted with an escape inside the image',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: "quay.io/example/\\x61pp:v1"\n',
      'quay.io/example/app:v1',
    ],
  ])('a scalar that cannot be edited in place is re-quoted alone: %s', (_, text) => {
    const out = postrenderManifests(text, { target: TARGET });
    expect(out.changes).toHaveLength(1);
    expect(out.output).toContain(`image: ${JSON.stringify(out.changes[0].to)}`);
    expect(out.output.split('image:')[0]).toBe(text.split('image:')[0]);
  });

  it('the same image twice in one scalar and a prefix look-alike: whole tokens only', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: nginx:1\n    args: ["--a-image=nginx:1", "--b=nginx:1.2"]\n';
    const out = postrenderManifests(text, { target: TARGET }).output;
    expect(out).toContain(`"--a-image=${T}/docker.io/library/nginx:1"`);
    expect(out).toContain('"--b=nginx:1.2"');
  });

  it('ConfigMap data (embedded YAML in a block scalar, KEY_IMAGE entries) and a CR repository/tag block: name fields change, tag kept', () => {
    const text = [
      '---',
      '# Source: a/templates/cm.yaml',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: c}',
      'data:',
      '  config.yaml: |',
      '    executor:',
      '      image: quay.io/example/exec:v1  # inner comment',
      '    other: 1',
      '  SIDECAR_IMAGE: quay.io/example/side:v2',
      '---',
      '# Source: a/templates/prom.yaml',
      'apiVersion: monitoring.coreos.com/v1',
      'kind: Prometheus',
      'metadata: {name: p}',
      'spec:',
      '  thanos:',
      '    repository: quay.io/thanos/thanos',
      '    tag: v0.3',
      '  alertmanager:',
      '    registry: "quay.io"',
      '    repository: prometheus/alertmanager',
      '    tag: v0.27',
      '',
    ].join('\n');
    const out = postrenderManifests(text, { target: TARGET });
    expect(out.output).toContain(`      image: ${T}/quay.io/example/exec:v1  # inner comment`);
    expect(out.output).toContain(`  SIDECAR_IMAGE: ${T}/quay.io/example/side:v2`);
    expect(out.output).toContain(`    repository: ${T}/quay.io/thanos/thanos\n    tag: v0.3`);
    expect(out.output).toContain(`    registry: "${TARGET.registry}"\n    repository: mirror/quay.io/prometheus/alertmanager\n    tag: v0.27`);
    expect(postrenderManifests(out.output, { target: TARGET }).output).toBe(out.output);
  });

  // KubeFlex's post-create hooks (holdout JJ): a Secret's base64 data carries Job templates its
  // operator fills in (`{{.HookName}}`), which no field setter parses; the reference is rewritten
  // inside the decoded text, which is encoded again
  it("a Secret's base64 data holding a manifest: the reference moves inside it, the rest of the text as it was", () => {
    const hooks = [
      'kind: PostCreateHook',
      'spec:',
      '  templates:',
      '  - spec:',
      '      containers:',
      '      - name: "{{.HookName}}"',
      '        image: quay.io/example/helm:3.14.0',
      '        args: [upgrade, --install, "{{.HookName}}"]',
      '',
    ].join('\n');
    const text = [
      '---',
      '# Source: a/templates/hooks.yaml',
      'apiVersion: v1',
      'kind: Secret',
      'metadata: {name: hooks}',
      'type: Opaque',
      'data:',
      `  hooks.yaml: ${Buffer.from(hooks).toString('base64')}`,
      '',
    ].join('\n');
    const out = postrenderManifests(text, { target: TARGET });
    expect(out.changes.map((c) => c.from)).toEqual(['quay.io/example/helm:3.14.0']);
    expect(out.warnings).toEqual([]);
    const data = /hooks\.yaml: (\S+)/.exec(out.output)![1]!;
    expect(Buffer.from(data, 'base64').toString('utf8')).toBe(hooks.replace('quay.io/example/helm:3.14.0', `${T}/quay.io/example/helm:3.14.0`));
    expect(postrenderManifests(out.output, { target: TARGET }).output).toBe(out.output);
  });

  // llmaz's BackendRuntime (X): its operator joins spec.image and spec.version; the
  // block names neither `repository` nor `tag`, so the field whose value is the reference's name moves
  it('a custom resource block of other names ({image, version}) joined by its operator: the name field changes, the version stays', () => {
    const text = [
      '---',
      '# Source: a/templates/vllm.yaml',
      'apiVersion: inference.llmaz.io/v1alpha1',
      'kind: BackendRuntime',
      'metadata: {name: vllm}',
      'spec:',
      '  command: [python3, -m, vllm.entrypoints.openai.api_server]',
      '  image: vllm/vllm-openai',
      '  version: v0.7.3',
      '',
    ].join('\n');
    const out = postrenderManifests(text, { target: TARGET });
    expect(out.output).toContain(`  image: ${T}/docker.io/vllm/vllm-openai\n  version: v0.7.3`);
    expect(expectOnlyImagesChanged(text, out.output, [{ from: 'vllm/vllm-openai', to: `${T}/docker.io/vllm/vllm-openai` }])).toBe(1);
    expect(postrenderManifests(out.output, { target: TARGET }).output).toBe(out.output);
  });

  it('a config file of key=value lines whose repository and tag keys the consumer joins: the name key changes, the tag key stays', () => {
    const text = [
      '---',
      '# Source: a/templates/cm.yaml',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: c}',
      'data:',
      '  rserver.conf: |',
      '    admin-enabled=1',
      '    launcher-sessions-init-container-image-name=posit/workbench-session-init',
      '    launcher-sessions-init-container-image-tag=2026.08.1',
      '    www-port=8787',
      '',
    ].join('\n');
    const out = postrenderManifests(text, { target: TARGET });
    expect(out.output).toContain(
      `    launcher-sessions-init-container-image-name=${T}/docker.io/posit/workbench-session-init\n    launcher-sessions-init-container-image-tag=2026.08.1\n`,
    );
    expect(out.accounting.moved.map((m) => m.target)).toEqual([`${T}/docker.io/posit/workbench-session-init:2026.08.1`]);
    expect(out.accounting.notMoved).toEqual([]);
    expect(postrenderManifests(out.output, { target: TARGET }).output).toBe(out.output);
  });

  it('an anchored image: the anchor is edited and its aliases follow', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: &i quay.io/example/app:v1\n  - name: b\n    image: *i\n';
    const out = postrenderManifests(text, { target: TARGET });
    expect(out.output).toBe(text.replace('&i quay.io/', `&i ${T}/quay.io/`));
  });

  it('unparsable YAML: an error naming the document and line', () => {
    const bad = '---\n# Source: demo/templates/ok.yaml\nkind: A\n---\n# Source: demo/templates/bad.yaml\nkind: [unclosed\n';
    expect(() => postrenderManifests(bad, { target: TARGET })).toThrow(PostrenderError);
    expect(() => postrenderManifests(bad, { target: TARGET })).toThrow(/demo\/templates\/bad\.yaml.*line \d+.*cannot parse YAML/);
  });

  it('a stream without images is returned unchanged', () => {
    const text = '---\n# Source: x/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: "1"}\n';
    expect(postrenderManifests(text, { target: TARGET })).toEqual({ output: text, changes: [], warnings: [], accounting: { moved: [], notMoved: [] } });
  });

  it('a flow sequence continued left of its key (Istio 1.x, read by go-yaml): read, and only the image and those lines change', () => {
    const text = [
      '---',
      '# Source: istio/charts/galley/templates/deployment.yaml',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: galley}',
      'spec:',
      '  containers:',
      '  - name: galley',
      '    image: "gcr.io/istio-testing/galley:1.4-dev"',
      '    command: [',
      '    "/usr/local/bin/galley",',
      '    "server"]',
      '',
    ].join('\n');
    const out = postrenderManifests(text, { target: TARGET }).output;
    expect(out).toContain(`image: "${T}/gcr.io/istio-testing/galley:1.4-dev"`);
    expect(out).toMatch(/command: \[\n {10}"\/usr\/local\/bin\/galley",\n {10}"server"\]/);
  });

  it('a document with no image to move is written as Helm printed it, though read re-indented (a CRD description continued at its key)', () => {
    const crd = [
      '---',
      '# Source: game/templates/crd.yaml',
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata: {name: games.acme.io}',
      'spec:',
      '  group: acme.io',
      '  description: "Key names follow standard Kubernetes label syntax.\nValid',
      '  values are either:\n\t* Un-prefixed keys"',
      '',
    ].join('\n');
    const pod =
      '---\n# Source: game/templates/pod.yaml\napiVersion: v1\nkind: Pod\nmetadata: {name: g}\nspec:\n  containers:\n  - name: g\n    image: docker.io/acme/game:1.0\n';
    const out = postrenderManifests(crd + pod, { target: TARGET }).output;
    expect(out.slice(0, crd.length)).toBe(crd);
    expect(out.slice(crd.length)).toBe(pod.replace('docker.io/acme/game:1.0', `${T}/docker.io/acme/game:1.0`));
  });
});

describe('postrenderManifests with an image map', () => {
  const D = `sha256:${'c'.repeat(64)}`;
  const text = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'spec:',
    '  containers:',
    '    - name: a',
    '      image: nginx:1.27',
    '    - name: b',
    '      image: quay.io/other/thing:2',
    '',
  ].join('\n');
  const map = new ImageMap([{ source: 'docker.io/library/nginx:1.27', destination: 'r.example/flat/library-nginx:1.27', digest: D }]);

  it('moves only the images the map names, to its destination; the others are left and named', () => {
    const r = postrenderManifests(text, { map });
    expect(r.output).toContain('image: r.example/flat/library-nginx:1.27\n');
    expect(r.output).toContain('image: quay.io/other/thing:2\n');
    expect(r.warnings).toEqual(['document 1: spec.containers[1].image: quay.io/other/thing:2 left as it is (not in the map)']);
    // a second run leaves the destinations quietly
    expect(postrenderManifests(r.output, { map }).warnings).toEqual(r.warnings);
  });

  it('--pin-digests adds the digest the map recorded', () => {
    const r = postrenderManifests(text, { map, pinDigests: true });
    expect(r.output).toContain(`image: r.example/flat/library-nginx:1.27@${D}\n`);
  });
});

describe("postrender of an injector's template text (issue 30 class 1)", () => {
  it('rewrites the literal images inside the Go-template text of a ConfigMap and keeps every action as written', () => {
    const text = readFileSync(new URL('../../fixtures/discover/injector-templates.yaml', import.meta.url), 'utf8');
    const r = postrenderManifests(text, { target: TARGET });
    expect(r.output).toContain(`image: ${T}/docker.io/library/busybox:1.36`);
    expect(r.output).toContain(`image: ${T}/docker.io/example/agent-init:2.1`);
    expect(r.output).not.toMatch(/image: docker\.io\//);
    expect(r.output).toContain('image: "{{ .Values.global.hub }}/proxyv2:{{ .Values.global.tag }}"');
    expectOnlyImagesChanged(text, r.output, [
      { from: 'docker.io/library/busybox:1.36', to: `${T}/docker.io/library/busybox:1.36` },
      { from: 'docker.io/example/agent-init:2.1', to: `${T}/docker.io/example/agent-init:2.1` },
    ]);
  });
});
