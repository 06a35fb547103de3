// The post-renderer on images a resource pulls through a field it leaves out: a CRD's schema
// default the API server writes into it (at any depth, only where the enclosing object is there),
// and an operator's override that is a field of its own resource (Submariner's
// spec.imageOverrides, a map of component -> image; Mattermost's spec.image, a repository). Real
// Helm 4 runs the post-renderer (a postrenderer/v1 plugin that starts this checkout's launcher:
// `npm run build` first); the result is read back as `images` reads a render.
import { execa } from 'execa';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverImages } from '../../src/discover/discover-images.js';
import { builtinImages } from '../../src/discover/operators/index.js';
import { parseHelmTemplateOutput } from '../../src/helm/engine/renderer.js';
import { helm4WithPostRenderer } from '../support/helm4-postrenderer.js';
import { brokerCrd } from '../discover/template-chart.js';
import { runCli } from '../bundle/run-cli.js';
import { formatLock, type LockedImage, type LockedImageSite } from '../../src/bundle/lock.js';
import type { ImageSite } from '../../src/discover/image-site.js';

const TARGET = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror';

const CRD = brokerCrd(`              image: {type: string}
              template:
                type: object
                properties:
                  spec:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
                    properties:
                      reloaderImage:
                        type: string
                        default: acme/broker-reloader:0.0.2
`);
const broker = (name: string, spec: string) => `apiVersion: apps.acme.io/v1beta4\nkind: Broker\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
// deep: spec.template.spec is there (other keys in it), so the default applies; the second
// resource has no spec.template, so nothing is defaulted there and nothing is added
const BROKERS = [broker('deep', '  image: acme/broker:5.0\n  template:\n    spec:\n      replicas: 3\n'), broker('bare', '  image: acme/broker:5.0\n')].join(
  '---\n',
);

const submariner = (more: string) =>
  `apiVersion: submariner.io/v1alpha1\nkind: Submariner\nmetadata:\n  name: submariner\nspec:\n  repository: quay.io/submariner\n  version: 0.18.1\n  serviceDiscoveryEnabled: true\n${more}`;
const operator = (image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\nspec:\n  template:\n    spec:\n      containers:\n      - name: op\n        image: ${image}\n        env:\n        - name: WATCH_NAMESPACE\n          value: x\n`;
const MATTERMOST = `apiVersion: installation.mattermost.com/v1beta1\nkind: Mattermost\nmetadata:\n  name: chat\nspec:\n  version: 10.8.1\n  replicas: 1\n`;

let work: string;
let helm4: string;
let env: Record<string, string>;

async function chart(name: string, templates: Record<string, string>): Promise<string> {
  const dir = join(work, name);
  await mkdir(join(dir, 'templates'), { recursive: true });
  await writeFile(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`);
  for (const [file, text] of Object.entries(templates)) await writeFile(join(dir, 'templates', file), text);
  return dir;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-resource-fields-'));
  ({ helm4, env } = await helm4WithPostRenderer(work));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const render = (dir: string, ...extra: string[]) => execa(helm4, ['template', 'rel', dir, ...extra], { env, extendEnv: false, reject: false });
const post = (dir: string) => render(dir, '--post-renderer', 'airgap-postrender', '--post-renderer-args', `--registry=${TARGET}`);

/** What the stream pulls, as images reads it: certain sites (CRD defaults included) and the operators' built-in defaults. */
function pulled(stream: string): string[] {
  const docs = parseHelmTemplateOutput(stream);
  const sites = discoverImages(docs).filter((s) => s.certainty === 'certain' && !s.switchedOff);
  return [...new Set([...sites, ...builtinImages(docs, sites).sites].map((s) => s.ref))].sort();
}

const objects = (stream: string) =>
  parseAllDocuments(stream).map((d) => d.toJS() as { kind?: string; metadata?: { name?: string }; spec?: Record<string, unknown> });

describe("a CRD's default a rendered resource leaves out", () => {
  it('before: the resource whose spec.template.spec is there pulls the default; the one without spec.template does not', async () => {
    const dir = await chart('brokers', { 'crd.yaml': CRD, 'brokers.yaml': BROKERS });
    const plain = await render(dir);
    expect(plain.exitCode, plain.stderr).toBe(0);
    const sites = discoverImages(parseHelmTemplateOutput(plain.stdout)).filter((s) => s.crdDefault);
    expect(sites.map((s) => [s.source.name, s.source.fieldPath, s.ref])).toEqual([
      ['deep', 'spec.template.spec.reloaderImage', 'docker.io/acme/broker-reloader:0.0.2'],
    ]);
  });

  it('Helm 4 with the post-renderer: the field is set on that resource (and the CRD default moved), nothing pulled from outside', async () => {
    const dir = await chart('brokers2', { 'crd.yaml': CRD, 'brokers.yaml': BROKERS });
    const r = await post(dir);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = objects(r.stdout);
    const deep = out.find((o) => o.metadata?.name === 'deep')!;
    expect((deep.spec!.template as { spec: Record<string, unknown> }).spec).toEqual({
      replicas: 3,
      reloaderImage: `${TARGET}/docker.io/acme/broker-reloader:0.0.2`,
    });
    expect(out.find((o) => o.metadata?.name === 'bare')!.spec).toEqual({ image: `${TARGET}/docker.io/acme/broker:5.0` });
    expect(r.stdout).toContain(`default: ${TARGET}/docker.io/acme/broker-reloader:0.0.2`);
    expect(pulled(r.stdout).filter((x) => !x.startsWith(`${TARGET}/`))).toEqual([]);
  });
});

describe("a CRD of the chart's crds/ folder, which Helm passes to no post-renderer", () => {
  it("the bundle's lock names the field: with --lock the post-renderer sets it on the resource", async () => {
    const dir = await chart('crdsdir', { 'brokers.yaml': BROKERS });
    await mkdir(join(dir, 'crds'));
    await writeFile(join(dir, 'crds', 'broker.yaml'), CRD);
    // the sites `images` finds, flattened as bundle writes them into the lock (scan/finder.ts toFoundImages)
    const listed = await runCli(['images', dir, '-o', 'json']);
    expect(listed.exitCode, listed.stderr).toBe(0);
    const images = (JSON.parse(listed.stdout) as { images: { ref: string; raw: string; sites: ImageSite[] }[] }).images;
    const flat = ({ source: { position: _p, hook: _h, ...source }, ...x }: ImageSite): LockedImageSite => ({
      ...source,
      site: x.site,
      certainty: x.certainty,
      valuesPaths: x.valuesPaths,
      ...(x.crdDefault ? { crdDefault: x.crdDefault } : {}),
    });
    const locked = images.map((i): LockedImage => ({
      source: i.raw,
      ref: i.ref,
      digest: `sha256:${'a'.repeat(64)}`,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      platforms: [],
      size: 1,
      need: 'certain',
      sites: i.sites.map(flat),
      layoutRef: i.ref,
    }));
    expect(locked.find((i) => i.ref === 'docker.io/acme/broker-reloader:0.0.2')?.sites.some((x) => x.crdDefault)).toBe(true);
    const lock = join(work, 'crds-lock.json');
    await writeFile(
      lock,
      formatLock({ formatVersion: 1, createdBy: 'test', createdAt: '2026-01-01T00:00:00Z', charts: [], images: locked, platforms: [], notBundled: [] }),
    );
    const without = await post(dir);
    expect(without.exitCode, without.stderr).toBe(0);
    expect(without.stdout).not.toContain('reloaderImage');
    const r = await render(
      dir,
      '--post-renderer',
      'airgap-postrender',
      '--post-renderer-args',
      `--registry=${TARGET}`,
      '--post-renderer-args',
      `--lock=${lock}`,
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const deep = objects(r.stdout).find((o) => o.metadata?.name === 'deep')!;
    expect((deep.spec!.template as { spec: Record<string, unknown> }).spec.reloaderImage).toBe(`${TARGET}/docker.io/acme/broker-reloader:0.0.2`);
    expect(objects(r.stdout).find((o) => o.metadata?.name === 'bare')!.spec).toEqual({ image: `${TARGET}/docker.io/acme/broker:5.0` });
  });
});

describe("an operator's override that is a field of its own resource", () => {
  const OP = 'quay.io/submariner/submariner-operator:0.18.1';

  it('Submariner without spec.imageOverrides: the map is added with each component the operator would pull by default', async () => {
    const dir = await chart('sm', { 'op.yaml': operator(OP), 'cr.yaml': submariner('') });
    const before = await render(dir);
    expect(pulled(before.stdout)).toContain('quay.io/submariner/lighthouse-agent:0.18.1');
    const r = await post(dir);
    expect(r.exitCode, r.stderr).toBe(0);
    const cr = objects(r.stdout).find((o) => o.kind === 'Submariner')!;
    // keyed by component, as the operator reads them (admiral's pkg/names), not by image name
    expect(cr.spec!.imageOverrides).toEqual({
      'submariner-gateway': `${TARGET}/quay.io/submariner/submariner-gateway:0.18.1`,
      'submariner-routeagent': `${TARGET}/quay.io/submariner/submariner-route-agent:0.18.1`,
      'submariner-metrics-proxy': `${TARGET}/quay.io/submariner/nettest:0.18.1`,
      'submariner-lighthouse-agent': `${TARGET}/quay.io/submariner/lighthouse-agent:0.18.1`,
      'submariner-lighthouse-coredns': `${TARGET}/quay.io/submariner/lighthouse-coredns:0.18.1`,
    });
    expect(pulled(r.stdout).filter((x) => !x.startsWith(`${TARGET}/`))).toEqual([]);
    // values cannot set it (no value of the chart writes the field) and names postrender as the route
    const v = await runCli(['values', dir, '--registry', TARGET, '--out-dir', join(work, 'sm-values')]);
    expect(v.exitCode).toBe(3);
    expect(v.stderr).toContain(
      'set field spec.imageOverrides.submariner-gateway of the resource to 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror/quay.io/submariner/submariner-gateway:0.18.1',
    );
    expect(v.stderr).toContain('postrender sets it at install in each resource of this release that leaves it out');
  });

  it('after values moved the operator image to the target, the operator is still known by the image the route sends there', async () => {
    const dir = await chart('sm3', { 'op.yaml': operator(`${TARGET}/${OP}`), 'cr.yaml': submariner('') });
    const r = await post(dir);
    expect(r.exitCode, r.stderr).toBe(0);
    const overrides = objects(r.stdout).find((o) => o.kind === 'Submariner')!.spec!.imageOverrides as Record<string, string>;
    expect(overrides['submariner-gateway']).toBe(`${TARGET}/quay.io/submariner/submariner-gateway:0.18.1`);
  });

  it('Submariner with a spec.imageOverrides map of its own: the missing keys are added to it, its entry kept', async () => {
    const dir = await chart('sm2', {
      'op.yaml': operator(OP),
      'cr.yaml': submariner('  imageOverrides:\n    submariner-metrics-proxy: mirror.example/nettest:1\n'),
    });
    const r = await post(dir);
    expect(r.exitCode, r.stderr).toBe(0);
    const overrides = objects(r.stdout).find((o) => o.kind === 'Submariner')!.spec!.imageOverrides as Record<string, string>;
    expect(Object.keys(overrides).sort()).toEqual([
      'submariner-gateway',
      'submariner-lighthouse-agent',
      'submariner-lighthouse-coredns',
      'submariner-metrics-proxy',
      'submariner-routeagent',
    ]);
    expect(overrides['submariner-metrics-proxy']).toBe(`${TARGET}/mirror.example/nettest:1`);
  });

  it('Mattermost: a resource of the stream takes spec.image (a repository, its tag being spec.version); without one, a message names the resource', async () => {
    const op = operator('docker.io/mattermost/mattermost-operator:v1.25.4');
    const withCr = await post(await chart('mm', { 'op.yaml': op, 'cr.yaml': MATTERMOST }));
    expect(withCr.exitCode, withCr.stderr).toBe(0);
    expect(objects(withCr.stdout).find((o) => o.kind === 'Mattermost')!.spec!.image).toBe(`${TARGET}/docker.io/mattermost/mattermost-enterprise-edition`);
    // Helm 4 keeps a post-renderer's warnings to itself: the post-renderer run as Helm runs it, on the render
    const plain = await render(await chart('mm2', { 'op.yaml': op }));
    const alone = await runCli(['postrender', '--registry', TARGET], {}, plain.stdout);
    expect(alone.exitCode, alone.stderr).toBe(0);
    expect(alone.stderr).toMatch(
      /mattermost-enterprise-edition:10\.8\.1 \(built-in default of Mattermost Operator\) left as it is for resources made later \(its setting is field spec\.image of each Mattermost: set it there\)/,
    );
    // the defaults no setting reaches (its MySQL and MinIO helpers) are said too, not passed over
    expect(alone.stderr).toMatch(
      /docker\.io\/minio\/mc:RELEASE\.2025-04-16T18-13-26Z \(built-in default of Mattermost Operator\) left as it is \(Mattermost Operator has no setting for it: make the nodes' container runtime pull docker\.io from the target, a registry mirror\)/,
    );
  });
});
