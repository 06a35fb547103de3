// A CustomResourceDefinition whose schema gives an image-named property a `default`
// (emqx-operator's reloaderImage: emqx/emqx-operator-reloader:0.0.2): the API server writes it
// into every resource of that kind that leaves the field out, and the operator pulls it. No such
// resource is in the render, so `images --optional` lists it as what a resource of that kind
// brings; the schema's prose and a default without a tag (a repository the operator completes)
// stay rejected. The post-renderer moves the default, so resources made later pull the copy.
// A resource the chart renders that leaves the field out pulls the default at install: it is
// needed there, moved by the value the template writes the field from where the chart has one
// (values' route), else by postrender; a CRD of the chart's crds/ folder counts as Helm installs it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { runCli as runCliWithInput } from '../bundle/run-cli.js';
import { brokerCrd, crd, templateChart } from './template-chart.js';
import { writeFiles } from '../support/files.js';

const CRD = brokerCrd(`              image:
                type: string
                description: registry.example.com/acme/broker:5.0
              reloaderImage:
                type: string
                default: acme/broker-reloader:0.0.2
              agentImage:
                type: string
                default: quay.io/acme/agent
`);

const chart = templateChart({ 'crd.yaml': CRD });

describe('an image default in a CRD schema', () => {
  it('is optional, brought by a resource of the kind that leaves the field unset; the prose and a tagless default are not', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: { ref: string }[]; optional: { ref: string; toggles: string[] }[] };
    expect(out.images).toEqual([]);
    expect(out.optional.map((i) => [i.ref, i.toggles])).toEqual([
      ['docker.io/acme/broker-reloader:0.0.2', ['a Broker (apps.acme.io) resource that leaves spec.reloaderImage unset']],
    ]);
  });

  it('--explain leaves no image-shaped string of the schema without a verdict', async () => {
    const r = await runCli(['images', chart(), '--optional', '--explain', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const e = (JSON.parse(r.stdout) as { explain: { unaccounted: unknown[]; candidates: { raw: string; verdict: string }[] } }).explain;
    expect(e.unaccounted).toEqual([]);
    expect(e.candidates.map((c) => [c.raw, c.verdict]).sort()).toEqual([
      ['acme/broker-reloader:0.0.2', 'optional'],
      ['registry.example.com/acme/broker:5.0', 'rejected'],
    ]);
  });

  it('postrender moves the default to the target', async () => {
    const t = await runCli(['template', chart()]);
    expect(t.exitCode, t.stderr).toBe(0);
    const r = await runCliWithInput(['postrender', '--registry', 'registry.site.example'], {}, t.stdout);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('default: registry.site.example/docker.io/acme/broker-reloader:0.0.2');
    expect(r.stdout).toContain('default: quay.io/acme/agent');
  });
});

/** A Broker the chart renders; its spec.reloaderImage only once `value` (a values path) is set, when given. */
const broker = (value?: string) =>
  `apiVersion: apps.acme.io/v1beta4\nkind: Broker\nmetadata:\n  name: b\nspec:\n  image: acme/broker:5.0\n${value ? `  {{- with .Values.${value} }}\n  reloaderImage: {{ . }}\n  {{- end }}\n` : ''}`;

interface Listed {
  images: { ref: string; need: string; valuesPaths: string[]; sites: { source: { kind: string; fieldPath: string }; crdDefault?: { crd: string } }[] }[];
}

describe("an image default in a CRD of the chart's crds/ folder", () => {
  it('is optional as in a CRD the templates render: brought by a resource of the kind, with the file it comes from', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'airgap-crds-optional-'));
    await writeFiles(join(dir, 'op'), {
      'Chart.yaml': 'apiVersion: v2\nname: op\nversion: 0.1.0\n',
      // not the file's first CRD, and no resource of its kind rendered
      'crds/broker.yaml': `${crd('Gadget', 'apps.acme.io', 'v1', '          spec: {type: object}\n')}---\n${CRD}`,
      'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata: {}\n',
    });
    const r = await runCli(['images', join(dir, 'op'), '--optional', '-o', 'json']);
    const e = await runCli(['images', join(dir, 'op'), '--optional', '--explain', '-o', 'json']);
    const text = await runCli(['images', join(dir, 'op'), '--optional']);
    await rm(dir, { recursive: true, force: true });
    // resources the user makes later pull it: no post-renderer of this chart sees them (nor crds/)
    expect(text.stdout).toContain("a CRD's default: resources made later pull it unless they set the field");
    expect(text.stdout).not.toContain('postrender or kustomize can');
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: unknown[]; optional: { ref: string; toggles: string[]; sites: { source: { template: string } }[] }[] };
    expect(out.images).toEqual([]);
    expect(out.optional.map((i) => [i.ref, i.toggles, i.sites.map((s) => s.source.template)])).toEqual([
      ['docker.io/acme/broker-reloader:0.0.2', ['a Broker (apps.acme.io) resource that leaves spec.reloaderImage unset'], ['op/crds/broker.yaml']],
    ]);
    expect(e.exitCode, e.stderr).toBe(0);
    const explain = (JSON.parse(e.stdout) as { explain: { unaccounted: unknown[]; candidates: { raw: string; verdict: string }[] } }).explain;
    expect(explain.unaccounted).toEqual([]);
    expect(explain.candidates.filter((c) => c.raw === 'acme/broker-reloader:0.0.2').map((c) => c.verdict)).toEqual(['optional']);
  });
});

describe('a rendered resource that leaves the defaulted field out', () => {
  const literal = templateChart({ 'crd.yaml': CRD, 'broker.yaml': broker() });
  const valued = templateChart({ 'crd.yaml': CRD, 'broker.yaml': broker('broker.reloaderImage') }, 'broker:\n  reloaderImage: ""\n');

  it('images lists the default as needed (runtime) at the resource, with the CRD it comes from', async () => {
    const r = await runCli(['images', literal(), '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const e = (JSON.parse(r.stdout) as Listed).images.find((i) => i.ref === 'docker.io/acme/broker-reloader:0.0.2')!;
    expect(e.need).toBe('runtime');
    const site = e.sites.find((s) => s.crdDefault)!;
    expect([site.source.kind, site.source.fieldPath, site.crdDefault!.crd]).toEqual(['Broker', 'spec.reloaderImage', 'brokers.apps.acme.io']);
    const text = await runCli(['images', literal()]);
    expect(text.stdout).toContain('Broker/b spec.reloaderImage: default of CustomResourceDefinition brokers.apps.acme.io');
  });

  it('values: no value writes the field, so exit 3 naming postrender; the CRD schema itself is not counted', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-crd-values-'));
    const r = await runCli(['values', literal(), '--registry', 'registry.site.example', '--out-dir', out, '--allow-hardcoded', '-o', 'json']);
    const strict = await runCli(['values', literal(), '--registry', 'registry.site.example', '--out-dir', out]);
    await rm(out, { recursive: true, force: true });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(strict.exitCode).toBe(3);
    expect(strict.stderr).toMatch(
      /docker\.io\/acme\/broker-reloader:0\.0\.2 \(hard-coded \(no values path\): default of CustomResourceDefinition brokers\.apps\.acme\.io .*no value of the chart writes the field: postrender sets spec\.reloaderImage at install in op\/templates\/broker\.yaml Broker\/b/,
    );
    expect(strict.stderr).not.toContain('CustomResourceDefinition/brokers.apps.acme.io spec.versions');
  });

  it("values: the chart's value the template writes the field from is the route, proven by re-render", async () => {
    const listed = (JSON.parse((await runCli(['images', valued(), '-o', 'json'])).stdout) as Listed).images;
    expect(listed.find((i) => i.ref === 'docker.io/acme/broker-reloader:0.0.2')!.valuesPaths).toEqual(['broker.reloaderImage']);
    const out = await mkdtemp(join(tmpdir(), 'airgap-crd-values-'));
    const r = await runCli(['values', valued(), '--registry', 'registry.site.example', '--out-dir', out, '--allow-hardcoded']);
    const written = await readFile(join(out, 'op.values.yaml'), 'utf8');
    await rm(out, { recursive: true, force: true });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(written).toContain('reloaderImage: registry.site.example/docker.io/acme/broker-reloader:0.0.2');
  });

  // pocket-id-operator's PocketIDInstance (holdout AA): its spec is the value `instance.spec`,
  // written whole; no template names `instance.spec.image`, yet setting it sets the field
  const mapped = templateChart(
    {
      'crd.yaml': CRD,
      'broker.yaml':
        'apiVersion: apps.acme.io/v1beta4\nkind: Broker\nmetadata:\n  name: b\n{{- with .Values.instance.spec }}\nspec:\n  {{- toYaml . | nindent 2 }}\n{{- end }}\n',
    },
    'instance:\n  spec:\n    image: acme/broker:5.0\n',
  );

  it('values: a spec the chart writes whole from a values map takes the field as a key of that map, proven by re-render', async () => {
    const listed = (JSON.parse((await runCli(['images', mapped(), '-o', 'json'])).stdout) as Listed).images;
    expect(listed.find((i) => i.ref === 'docker.io/acme/broker-reloader:0.0.2')!.valuesPaths).toEqual(['instance.spec.reloaderImage']);
    const out = await mkdtemp(join(tmpdir(), 'airgap-crd-values-'));
    const r = await runCli(['values', mapped(), '--registry', 'registry.site.example', '--out-dir', out, '--allow-hardcoded']);
    const written = await readFile(join(out, 'op.values.yaml'), 'utf8');
    await rm(out, { recursive: true, force: true });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('moved: docker.io/acme/broker-reloader:0.0.2 -> registry.site.example/docker.io/acme/broker-reloader:0.0.2');
    expect(written).toContain('    reloaderImage: registry.site.example/docker.io/acme/broker-reloader:0.0.2');
  });

  it('a resource behind a toggle: the default is optional, brought by that toggle too', async () => {
    const toggled = await mkdtemp(join(tmpdir(), 'airgap-crd-toggle-'));
    await writeFiles(join(toggled, 'op'), {
      'Chart.yaml': 'apiVersion: v2\nname: op\nversion: 0.1.0\n',
      'values.yaml': 'broker:\n  enabled: false\n',
      'templates/crd.yaml': CRD,
      'templates/broker.yaml': `{{- if .Values.broker.enabled }}\n${broker()}{{- end }}\n`,
    });
    const r = await runCli(['images', join(toggled, 'op'), '--optional', '-o', 'json']);
    await rm(toggled, { recursive: true, force: true });
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: unknown[]; optional: { ref: string; toggles: string[] }[] };
    expect(out.images).toEqual([]);
    expect(out.optional.find((i) => i.ref === 'docker.io/acme/broker-reloader:0.0.2')?.toggles).toContain('broker.enabled=true');
  });

  it("a CRD in the chart's crds/ folder (not the file's first): its default reaches the rendered resource as Helm installs both", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'airgap-crds-folder-'));
    await writeFiles(join(dir, 'op'), {
      'Chart.yaml': 'apiVersion: v2\nname: op\nversion: 0.1.0\n',
      // a file of several CRDs, as an API's crds/ often is: Helm installs every one
      'crds/broker.yaml': `${crd('Gadget', 'apps.acme.io', 'v1', '          spec: {type: object}\n')}---\n${CRD}`,
      'templates/broker.yaml': broker(),
    });
    const r = await runCli(['images', join(dir, 'op'), '-o', 'json']);
    // Helm hands crds/ to no post-renderer: values says postrender needs the bundle's lock for it
    const v = await runCli(['values', join(dir, 'op'), '--registry', 'registry.site.example', '--out-dir', join(dir, 'out')]);
    await rm(dir, { recursive: true, force: true });
    expect(r.exitCode, r.stderr).toBe(0);
    const e = (JSON.parse(r.stdout) as Listed).images.find((i) => i.ref === 'docker.io/acme/broker-reloader:0.0.2');
    expect(e?.need).toBe('runtime');
    expect(v.exitCode).toBe(3);
    expect(v.stderr).toContain("postrender sets spec.reloaderImage at install when given the bundle (--lock; the CRD is in the chart's crds/ folder");
  });
});

// kubebuilder's object default (`+kubebuilder:default:={image: "acme/kvcache:20241120", ...}`,
// aibrix's KVCache spec.cache): the image sits in the default of the object that holds it, which
// the API server writes whole into a resource that leaves the object out. Before, it was no
// candidate at all (D, aibrix).
const CACHE_CRD = brokerCrd(`              cache:
                type: object
                default:
                  image: acme/kvcache:20241120
                  imagePullPolicy: IfNotPresent
                properties:
                  image:
                    type: string
`);

describe('an image in the object default of a CRD property', () => {
  const chart = templateChart({ 'crd.yaml': CACHE_CRD });

  it('is optional, brought by a resource of the kind that leaves the object unset', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: { ref: string }[]; optional: { ref: string; toggles: string[] }[] };
    expect(out.images).toEqual([]);
    expect(out.optional.map((i) => [i.ref, i.toggles])).toEqual([
      ['docker.io/acme/kvcache:20241120', ['a Broker (apps.acme.io) resource that leaves spec.cache.image unset']],
    ]);
  });

  it('postrender moves the default to the target', async () => {
    const t = await runCli(['template', chart()]);
    expect(t.exitCode, t.stderr).toBe(0);
    const r = await runCliWithInput(['postrender', '--registry', 'registry.site.example'], {}, t.stdout);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('image: registry.site.example/docker.io/acme/kvcache:20241120');
  });
});

// k8sgpt-operator (M): the CRD defaults K8sGPT's spec.repository to a repository with no
// tag; the operator joins its own tag (`latest`) to it for each K8sGPT the user applies. An
// operator the operator defaults table has not read gets a warning naming the kind, the field
// and the route, instead of nothing; a tagged default stays what the optional list shows.
describe('an image or repository default with no tag in a CRD the chart installs, of an operator the table has not read', () => {
  const ENGINE = crd(
    'Engine',
    'acme.io',
    'v1',
    `          spec:
            type: object
            properties:
              repository:
                type: string
                default: ghcr.io/acme/engine
              version:
                type: string
              pullPolicy:
                type: string
                default: IfNotPresent
`,
  );
  const engine = (spec: string) => `apiVersion: acme.io/v1\nkind: Engine\nmetadata:\n  name: e\nspec:\n${spec}`;
  const bare = templateChart({ 'crd.yaml': ENGINE });
  const named = templateChart({ 'crd.yaml': ENGINE, 'e.yaml': engine('  repository: registry.example.com/engine\n  version: "1.2"\n') });
  const left = templateChart({ 'crd.yaml': ENGINE, 'e.yaml': engine('  version: "1.2"\n') });
  const warningsOf = async (chart: string) => {
    const r = await runCli(['images', chart, '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { warnings: { message: string; next: string; crd?: string }[] }).warnings;
  };

  it('images warns, naming the CRD, the kind, the field, the default and the route', async () => {
    const w = await warningsOf(bare());
    expect(w).toHaveLength(1);
    expect(w[0]!.crd).toBe('engines.acme.io');
    expect(w[0]!.message).toContain('engines.acme.io (op/templates/crd.yaml) defaults Engine spec.repository to ghcr.io/acme/engine, with no tag');
    expect(w[0]!.next).toContain('set spec.repository in each Engine you apply');
    expect(w[0]!.next).toContain('helm airgap bundle --image ghcr.io/acme/engine:TAG');
  });

  it('a rendered resource leaving the field out is warned of too; none when every rendered one names its repository', async () => {
    expect(await warningsOf(left())).toHaveLength(1);
    expect(await warningsOf(named())).toEqual([]);
  });

  // pulp-operator (X): the CRD defaults the tag too, in a sibling field (image_version
  // beside image, image_web_version beside image_web); the operator joins each pair before its
  // RELATED_IMAGE_* env, so the reference is known and values' move of the env does not reach it
  const pulp = templateChart({
    'crd.yaml': crd(
      'Pulp',
      'acme.io',
      'v1',
      `          spec:
            type: object
            properties:
              image:
                type: string
                default: quay.io/acme/pulp-minimal
              image_version:
                type: string
                default: stable
              image_web:
                type: string
                default: quay.io/acme/pulp-web
              image_web_version:
                type: string
                default: "3.1"
              repository:
                type: string
                default: quay.io/acme/worker
`,
    ),
  });
  it('a tag the schema defaults in a sibling field composes the reference the warning names', async () => {
    const w = await warningsOf(pulp());
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain(
      'defaults Pulp spec.image to quay.io/acme/pulp-minimal and spec.image_version to stable, spec.image_web to quay.io/acme/pulp-web and spec.image_web_version to 3.1, spec.repository to quay.io/acme/worker: ',
    );
    expect(w[0]!.message).toContain('pulls quay.io/acme/pulp-minimal:stable, quay.io/acme/pulp-web:3.1 from there');
    // the repository with no tag of its own (no `tag`/`version` sibling default) stays tagless
    expect(w[0]!.message).toContain('spec.repository with no tag');
    expect(w[0]!.next).toContain(
      'helm airgap bundle --image quay.io/acme/pulp-minimal:stable --image quay.io/acme/pulp-web:3.1 --image quay.io/acme/worker:TAG',
    );
  });

  // the Garage operator (holdout AA): repository and tag defaults inside spec.image, an object
  // with no default of its own: the API server writes them only into a GarageCluster that gives spec.image
  const garage = templateChart({
    'crd.yaml': crd(
      'GarageCluster',
      'acme.io',
      'v1',
      `          spec:
            type: object
            properties:
              image:
                type: object
                properties:
                  repository:
                    type: string
                    default: acme/garage
                  tag:
                    type: string
                    default: v2.3.0
`,
    ),
  });
  it('a default inside an object without one of its own reaches only a resource that gives that object, and the warning says so', async () => {
    const w = await warningsOf(garage());
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('so each GarageCluster that gives spec.image and leaves them out (one the user applies later');
    expect(w[0]!.message).toContain('; one without spec.image gets none of them from the CRD: what the operator pulls for it then is its own, not listed');
    // the Pulp defaults sit right under spec: said as before
    expect((await warningsOf(pulp()))[0]!.message).toContain('so each Pulp that leaves them out (one');
  });

  it('and --optional lists what the two compose, as it lists a tagged default, brought by a Pulp that leaves both unset', async () => {
    const r = await runCli(['images', pulp(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: unknown[]; optional: { ref: string; toggles: string[] }[] };
    expect(out.images).toEqual([]);
    expect(out.optional.map((i) => [i.ref, i.toggles])).toEqual([
      ['quay.io/acme/pulp-minimal:stable', ['a Pulp (acme.io) resource that leaves spec.image and spec.image_version unset']],
      ['quay.io/acme/pulp-web:3.1', ['a Pulp (acme.io) resource that leaves spec.image_web and spec.image_web_version unset']],
    ]);
  });

  it('said per chart in a run of several (the operator defaults table is applied across them)', async () => {
    const r = await runCli(['images', bare(), named(), '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { warnings: { crd?: string }[] }).warnings.map((w) => w.crd)).toEqual(['engines.acme.io']);
  });

  it('the tagless default of the Broker CRD above (agentImage) is warned of; its tagged one is the optional listing, not a warning', async () => {
    const w = await warningsOf(chart());
    expect(w.map((x) => x.message.match(/defaults (\S+ \S+)/)?.[1])).toEqual(['Broker spec.agentImage']);
  });
});
