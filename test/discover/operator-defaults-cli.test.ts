// Images an operator pulls by defaults compiled into it, which the chart's render names in no
// form (issue 49): `images` lists them as runtime from the operator defaults table
// (src/discover/operators/index.ts), recognised by the operator's image in a pod spec (its tag
// the version) or by a resource it reconciles; an override the render sets wins; an operator of a
// version the table does not know gets a warning with a next step, and images only where every
// release read pulls the same and the version is past them (the last describe); `values`
// refuses to call them moved and names the operator's own setting.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployment, deploymentWithEnv, listImages, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const CNPG = 'ghcr.io/cloudnative-pg/cloudnative-pg';
const POSTGRES = 'ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie';
const PGBOUNCER = 'ghcr.io/cloudnative-pg/pgbouncer:1.25.1';

interface Report {
  images: {
    ref: string;
    need: string;
    hardcoded?: boolean;
    valuesPaths?: string[];
    sites: { site: string; builtin?: { operator: string; version?: string; at: string; assumed?: { read: string; why: string } } }[];
  }[];
  warnings: { operator: string; version?: string; message: string; next: string }[];
  explain?: { candidates: { ref?: string; verdict: string; site?: string; reason?: string }[] };
}

async function report(chart: string, args: string[] = []): Promise<Report> {
  const r = await runCli(['images', chart, ...args, '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const need = (r: Report, ref: string) => r.images.find((e) => e.ref === ref)?.need;

describe('an operator Deployment the table knows, at a version it was read for', () => {
  const chart = templateChart({ 'op.yaml': deploymentWithEnv(`${CNPG}:1.30.0`, { OPERATOR_NAMESPACE: 'default' }) });

  it('images lists its compiled-in defaults as runtime, with the operator, version and source line', async () => {
    const r = await report(chart());
    expect(need(r, POSTGRES)).toBe('runtime');
    // pulled for a Pooler, a second resource kind none of which is rendered: optional (builtin-need-cli.test.ts)
    expect(need(r, PGBOUNCER)).toBeUndefined();
    const pg = r.images.find((e) => e.ref === POSTGRES)!;
    expect(pg.hardcoded).toBeUndefined();
    expect(pg.sites[0]).toMatchObject({ site: 'builtin', builtin: { operator: 'CloudNativePG', version: '1.30.0', at: 'pkg/versions/versions.go:29' } });
    expect(r.warnings).toEqual([]);
  });

  it('--explain says whose built-in default it is and where its source says so', async () => {
    const r = await report(chart(), ['--explain']);
    const c = r.explain!.candidates.find((x) => x.ref === POSTGRES)!;
    expect(c).toMatchObject({ verdict: 'runtime', site: 'builtin' });
    expect(c.reason).toContain('built-in default of CloudNativePG 1.30.0 (pkg/versions/versions.go:29');
    expect(c.reason).toContain('env POSTGRES_IMAGE_NAME');
  });

  it('values refuses to call them moved (exit 3) and names the operator setting that overrides each', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-builtin-values-'));
    try {
      const r = await runCli(['values', chart(), '--registry', '123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror', '--out-dir', out]);
      expect(r.exitCode, r.stderr).toBe(3);
      expect(r.stderr).toContain(`${POSTGRES} (an operator's built-in default`);
      expect(r.stderr).toContain("set env POSTGRES_IMAGE_NAME of the operator's container to 123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror/");
      const accepted = await runCli([
        'values',
        chart(),
        '--registry',
        '123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror',
        '--out-dir',
        out,
        '--allow-hardcoded',
      ]);
      expect(accepted.exitCode, accepted.stderr).toBe(0);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('the override the table records is set in the render', () => {
  const chart = templateChart({ 'op.yaml': deploymentWithEnv(`${CNPG}:1.30.0`, { POSTGRES_IMAGE_NAME: 'registry.example.com/pg/postgresql:17.2' }) });

  it('the overridden default is not listed (the env var names what is pulled); the others still are', async () => {
    const r = await report(chart());
    expect(need(r, POSTGRES)).toBeUndefined();
    expect(need(r, 'registry.example.com/pg/postgresql:17.2')).toBe('runtime');
  });
});

describe('an operator at an older release, inside a range of releases the table read', () => {
  // 1.28.2 and 1.28.3 compile in the same defaults: one range, read at its newest release
  const chart = templateChart({ 'op.yaml': deploymentWithEnv(`${CNPG}:1.28.2`, { OPERATOR_NAMESPACE: 'default' }) });
  const bitnami = templateChart({ 'op.yaml': deploymentWithEnv('docker.io/bitnami/grafana-operator:5.19.4-debian-12-r2', { WATCH_NAMESPACE: '' }) });

  it("lists that release's defaults, with the source line of the range's newest release", async () => {
    const r = await report(chart());
    expect(need(r, 'ghcr.io/cloudnative-pg/postgresql:18.3-system-trixie')).toBe('runtime');
    expect(need(r, POSTGRES)).toBeUndefined();
    const pg = r.images.find((e) => e.ref === 'ghcr.io/cloudnative-pg/postgresql:18.3-system-trixie')!;
    expect(pg.sites[0]).toMatchObject({ site: 'builtin', builtin: { operator: 'CloudNativePG', version: '1.28.2', at: 'pkg/versions/versions.go:29' } });
    expect(r.warnings).toEqual([]);
  });

  it('a rebuild tagged with the distribution it was built on is the operator at that version', async () => {
    const r = await report(bitnami());
    expect(need(r, 'docker.io/grafana/grafana:12.1.0')).toBe('runtime');
    expect(r.warnings).toEqual([]);
  });
});

describe("a resource that names the image a default would give, in the operator's own override field", () => {
  const grafana = (deployment = '') => `apiVersion: grafana.integreatly.org/v1beta1\nkind: Grafana\nmetadata:\n  name: g\nspec:\n  config: {}\n${deployment}`;
  const own =
    '  deployment:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: grafana\n            image: registry.example.com/grafana:12.1.1\n';
  const op = deploymentWithEnv('ghcr.io/grafana/grafana-operator:v5.19.4', { WATCH_NAMESPACE: '' });
  const overriding = templateChart({ 'op.yaml': op, 'g.yaml': grafana(own) });
  const plain = templateChart({ 'op.yaml': op, 'g.yaml': grafana() });
  const none = templateChart({ 'op.yaml': op });

  it('every Grafana of the render naming its grafana container image: the built-in default is not pulled', async () => {
    const r = await report(overriding());
    expect(need(r, 'registry.example.com/grafana:12.1.1')).toBeDefined();
    expect(need(r, 'docker.io/grafana/grafana:12.1.0')).toBeUndefined();
  });

  it('a Grafana that leaves it, or none rendered (one made later): the default is listed', async () => {
    expect(need(await report(plain()), 'docker.io/grafana/grafana:12.1.0')).toBe('runtime');
    expect(need(await report(none()), 'docker.io/grafana/grafana:12.1.0')).toBe('runtime');
  });
});

describe('an operator of a version no entry of the table was read for', () => {
  const versions = ['1.30.1', '1.23.4', '1.31.0-debian-12-r0'];
  const charts = new Map(versions.map((v) => [v, templateChart({ 'op.yaml': deploymentWithEnv(`${CNPG}:${v}`, { OPERATOR_NAMESPACE: 'default' }) })]));
  const at = (version: string) => charts.get(version)!;

  it('lists no guessed image and warns, naming the operator, its version, the known versions and a next step', async () => {
    // newer than the newest release read (never extended by guess: CloudNativePG's defaults change
    // at nearly every release), and older than the oldest
    for (const version of versions) {
      const r = await report(at(version)());
      expect(r.images.map((e) => e.ref)).toEqual([`${CNPG}:${version}`]);
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]).toMatchObject({ operator: 'CloudNativePG', version });
      expect(r.warnings[0]!.message).toContain('read for CloudNativePG releases 1.23.5 to 1.30.0 (');
      expect(r.warnings[0]!.next).toContain('bundle --image');
    }
    const text = await runCli(['images', at('1.30.1')()]);
    expect(text.stdout).toMatch(/warning: CloudNativePG 1\.30\.1 .*\n {2}next: .*bundle --image/);
  });

  it('values says so too: the images it moved are not all the operator will pull (I: Instana 2.2.16)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-unread-operator-'));
    try {
      const v = await runCli(['values', at('1.30.1')(), '--registry', 'mirror.local:5000/m', '--out-dir', out, '--allow-hardcoded']);
      expect(v.exitCode, v.stderr).toBe(0);
      expect(v.stderr).toMatch(/CloudNativePG 1\.30\.1 .*pulls images by defaults compiled into it.*next: .*bundle --image/);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

// A moving tag (`1.30`, Kong's `gateway-operator:1.6`) names whichever patch release was pushed
// last, not the X.Y.0 a lenient semver parse makes of it: the table's release for 1.30.0 says
// nothing of what it runs (A), so it warns as for an unread version.
describe('an operator image at a moving MAJOR.MINOR tag', () => {
  const chart = templateChart({ 'op.yaml': deploymentWithEnv(`${CNPG}:1.30`, { OPERATOR_NAMESPACE: 'default' }) });

  it('lists no default of the X.Y.0 release and warns', async () => {
    const r = await report(chart());
    expect(r.images.map((e) => e.ref)).toEqual([`${CNPG}:1.30`]);
    expect(r.warnings.map((w) => [w.operator, w.version])).toEqual([['CloudNativePG', '1.30']]);
  });
});

describe('a chart that renders only a resource the table knows', () => {
  const es = templateChart({
    'es.yaml':
      'apiVersion: elasticsearch.k8s.elastic.co/v1\nkind: Elasticsearch\nmetadata:\n  name: es\nspec:\n  version: 9.1.0\n  nodeSets:\n  - name: default\n    count: 1\n',
  });
  const solr = templateChart({
    'solr.yaml': 'apiVersion: solr.apache.org/v1beta1\nkind: SolrCloud\nmetadata:\n  name: s\nspec:\n  solrImage:\n    repository: solr\n',
  });
  const solrOperator = templateChart({ 'op.yaml': deploymentWithEnv('apache/solr-operator:v0.10.0-prerelease', { WATCH_NAMESPACE: '' }) });
  const solrWithOperator = templateChart({
    'solr.yaml': 'apiVersion: solr.apache.org/v1beta1\nkind: SolrCloud\nmetadata:\n  name: s\nspec:\n  solrImage:\n    repository: solr\n',
    'op.yaml': deploymentWithEnv('apache/solr-operator:v0.10.0-prerelease', { WATCH_NAMESPACE: '' }),
  });

  it('an image the operator composes from the resource alone is listed though the operator is not rendered', async () => {
    const r = await report(es());
    expect(need(r, 'docker.elastic.co/elasticsearch/elasticsearch:9.1.0')).toBe('runtime');
    expect(r.warnings).toEqual([]);
  });

  it('one that needs the operator version is not guessed: a warning says which operator to render with it', async () => {
    const r = await report(solr());
    expect(r.images).toEqual([]);
    expect(r.warnings[0]).toMatchObject({ operator: 'Solr Operator' });
    expect(r.warnings[0]!.next).toContain('helm airgap images OPERATOR-CHART THIS-CHART');
  });

  it('with the operator chart in the same command, its version completes the resource chart: images, no warning', async () => {
    const alone = await report(solrOperator());
    expect(need(alone, 'docker.io/library/solr:9.10.0')).toBeUndefined();
    const r = await runCli(['images', solrOperator(), solr(), '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const both = JSON.parse(r.stdout) as Report;
    expect(need(both, 'docker.io/library/solr:9.10.0')).toBe('runtime');
    expect(both.warnings).toEqual([]);
  });

  it("with the operator in the render, a tagless repository of the resource takes the operator's built-in version", async () => {
    const r = await report(solrWithOperator());
    expect(need(r, 'docker.io/library/solr:9.10.0')).toBe('runtime');
    expect(need(r, 'docker.io/library/busybox:1.28.0-glibc')).toBe('runtime');
  });
});

describe('an operator image tagged with a leading v', () => {
  const chart = templateChart({ 'op.yaml': deploymentWithEnv('quay.io/spotahome/redis-operator:v1.3.0', { X: 'y' }) });

  it('is read as that version (v1.3.0 is 1.3.0)', async () => {
    expect((await listImages(chart())).images.map((i) => i.ref)).toContain('docker.io/library/redis:6.2.6-alpine');
  });
});

describe("a resource field whose tag the operator completes from the node's OS", () => {
  const policy = (more = '') =>
    `apiVersion: nvidia.com/v1\nkind: ClusterPolicy\nmetadata:\n  name: cluster-policy\nspec:\n  driver:\n    repository: nvcr.io/nvidia\n    image: driver\n    version: "595.91.07"\n${more}`;
  // the operator itself beside it: an entry of node-OS rules alone has no version to warn about
  const chart = templateChart({ 'policy.yaml': policy(), 'op.yaml': deploymentWithEnv('nvcr.io/nvidia/gpu-operator:v25.3.0', { X: 'y' }) });
  const precompiled = templateChart({ 'policy.yaml': policy('    usePrecompiled: true\n') });

  it('without --node-os the bare tag (which the registry has not) is doubtful, and a warning names the flag', async () => {
    const r = await report(chart());
    expect(need(r, 'nvcr.io/nvidia/driver:595.91.07')).toBeUndefined();
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.message).toContain('nvcr.io/nvidia/driver:595.91.07');
    expect(r.warnings[0]!.next).toContain('--node-os ubuntu24.04');
  });

  it('--node-os lists the tag each OS named pulls, as runtime', async () => {
    const r = await report(chart(), ['--node-os', 'ubuntu24.04', '--node-os', 'rhel9']);
    expect(need(r, 'nvcr.io/nvidia/driver:595.91.07-ubuntu24.04')).toBe('runtime');
    expect(need(r, 'nvcr.io/nvidia/driver:595.91.07-rhel9')).toBe('runtime');
    expect(need(r, 'nvcr.io/nvidia/driver:595.91.07')).toBeUndefined();
    expect(r.warnings).toEqual([]);
  });

  it('a precompiled driver (another tag scheme) is left as the render names it', async () => {
    const r = await report(precompiled());
    expect(need(r, 'nvcr.io/nvidia/driver:595.91.07')).toBe('runtime');
    expect(r.warnings).toEqual([]);
  });
});

describe('an override setting that holds a repository, the tag being another setting', () => {
  const chart = templateChart({ 'op.yaml': deploymentWithEnv('victoriametrics/operator:v0.74.1', { POD_NAME: 'x' }) });

  it('values names the repository to set it to, not the whole reference', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-builtin-values-'));
    try {
      const r = await runCli(['values', chart(), '--registry', '123456789012.dkr.ecr.us-east-1.amazonaws.com/m', '--out-dir', out]);
      expect(r.exitCode, r.stderr).toBe(3);
      expect(r.stderr).toContain(
        "set env VM_VMAGENTDEFAULT_IMAGE (a repository) of the operator's container to 123456789012.dkr.ecr.us-east-1.amazonaws.com/m/docker.io/victoriametrics/vmagent (",
      );
      // a whole reference where the operator takes one
      expect(r.stderr).toContain(
        "set env VM_CONFIG_RELOADER_IMAGE of the operator's container to 123456789012.dkr.ecr.us-east-1.amazonaws.com/m/docker.io/victoriametrics/operator:config-reloader-v0.74.1 (",
      );
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('a resource that gives only a tag, the operator filling in its built-in repository', () => {
  const vmagent = (image: string) => `apiVersion: operator.victoriametrics.com/v1beta1\nkind: VMAgent\nmetadata:\n  name: a\nspec:\n  image:\n${image}`;
  const op = deploymentWithEnv('victoriametrics/operator:v0.74.1', { POD_NAME: 'x' });
  const tagOnly = templateChart({ 'op.yaml': op, 'agent.yaml': vmagent('    tag: v1.150.0\n') });
  const whole = templateChart({ 'op.yaml': op, 'agent.yaml': vmagent('    repository: registry.example.com/vmagent\n    tag: v1.150.0\n') });

  it("the resource's tag on the operator's repository is listed as runtime", async () => {
    expect(need(await report(tagOnly()), 'docker.io/victoriametrics/vmagent:v1.150.0')).toBe('runtime');
  });

  it('a resource naming its repository too is left to the site table (its own reference)', async () => {
    const r = await report(whole());
    expect(need(r, 'docker.io/victoriametrics/vmagent:v1.150.0')).toBeUndefined();
  });
});

// each kind the operator fills alike (addDefaultsToCommonParams: the default repository, the
// resource's tag), read at v0.64.0 to v0.74.1
describe.each([
  ['VMAgent', 'docker.io/victoriametrics/vmagent', 'v1.150.0'],
  ['VMSingle', 'docker.io/victoriametrics/victoria-metrics', 'v1.150.0'],
  ['VMAlert', 'docker.io/victoriametrics/vmalert', 'v1.150.0'],
  ['VMAlertmanager', 'docker.io/prom/alertmanager', 'v0.32.1'],
])('a %s that gives only a tag', (kind, repository, tag) => {
  const cr = `apiVersion: operator.victoriametrics.com/v1beta1\nkind: ${kind}\nmetadata:\n  name: a\nspec:\n  image:\n    tag: ${tag}\n`;
  const chart = templateChart({ 'op.yaml': deploymentWithEnv('victoriametrics/operator:v0.74.1', { POD_NAME: 'x' }), 'cr.yaml': cr });

  it("is listed at the operator's repository with the resource's tag, and --explain leaves it no doubt", async () => {
    const r = await report(chart(), ['--explain']);
    expect(need(r, `${repository}:${tag}`)).toBe('runtime');
    expect(r.explain!.candidates.filter((c) => c.verdict === 'doubtful')).toEqual([]);
  });
});

describe('a default the operator pulls only for a resource that turns a switch on', () => {
  const submariner = (more: string) =>
    `apiVersion: submariner.io/v1alpha1\nkind: Submariner\nmetadata:\n  name: submariner\nspec:\n  repository: quay.io/submariner\n  version: 0.18.1\n${more}`;
  const op = deploymentWithEnv('quay.io/submariner/submariner-operator:0.18.1', { WATCH_NAMESPACE: 'x' });
  const on = templateChart({ 'op.yaml': op, 'cr.yaml': submariner('  serviceDiscoveryEnabled: true\n') });
  const off = templateChart({ 'op.yaml': op, 'cr.yaml': submariner('  serviceDiscoveryEnabled: false\n') });

  it("is listed for a resource that sets it, the component name joined to the resource's repository and version", async () => {
    const r = await report(on());
    expect(need(r, 'quay.io/submariner/lighthouse-agent:0.18.1')).toBe('runtime');
    expect(need(r, 'quay.io/submariner/submariner-gateway:0.18.1')).toBe('runtime');
  });

  it('is not listed for one that leaves it off; the unconditional ones still are', async () => {
    const r = await report(off());
    expect(need(r, 'quay.io/submariner/lighthouse-agent:0.18.1')).toBeUndefined();
    expect(need(r, 'quay.io/submariner/lighthouse-coredns:0.18.1')).toBeUndefined();
    expect(need(r, 'quay.io/submariner/submariner-route-agent:0.18.1')).toBe('runtime');
  });
});

// StarRocks (D, kube-starrocks 1.11.5): a StarRocksCluster that holds a
// starRocksFeProxySpec section gets an FE proxy Deployment running nginx:1.24.0, compiled into
// the operator (pkg/subcontrollers/feproxy/feproxy_controller.go:207), unless the section names an image.
describe('a default the operator pulls for a resource that holds a section, with no switch inside it', () => {
  const cluster = (more: string) =>
    `apiVersion: starrocks.com/v1\nkind: StarRocksCluster\nmetadata:\n  name: sr\nspec:\n  starRocksFeSpec:\n    image: starrocks/fe-ubuntu:3.3.0\n${more}`;
  const op = deploymentWithEnv('docker.io/starrocks/operator:v1.11.5', { TZ: 'UTC' });
  const proxy = templateChart({ 'op.yaml': op, 'cr.yaml': cluster('  starRocksFeProxySpec:\n    replicas: 1\n') });
  const named = templateChart({ 'op.yaml': op, 'cr.yaml': cluster('  starRocksFeProxySpec:\n    image: registry.acme.io/nginx:1.27\n') });
  const none = templateChart({ 'op.yaml': op, 'cr.yaml': cluster('') });

  it('is listed for a resource that holds the section without an image, and not for one naming its image or leaving the section out', async () => {
    expect(need(await report(proxy()), 'docker.io/library/nginx:1.24.0')).toBe('runtime');
    expect(need(await report(named()), 'docker.io/library/nginx:1.24.0')).toBeUndefined();
    expect(need(await report(none()), 'docker.io/library/nginx:1.24.0')).toBeUndefined();
  });

  // the section only a values switch renders (kube-starrocks' starrocksFeProxySpec.enabled): before,
  // the optional search ran no operator table over its toggled renders, so nginx was listed nowhere
  const toggled = templateChart(
    {
      'op.yaml': op,
      'cr.yaml': cluster('{{- if .Values.feProxy.enabled }}\n  starRocksFeProxySpec:\n    replicas: 1\n{{- end }}\n'),
    },
    'feProxy:\n  enabled: false\n',
  );

  it('behind a values switch: --optional lists it with the switch; values --include-optional names it with its routes, as a needed one', async () => {
    const chart = toggled();
    const r = await runCli(['images', chart, '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const optional = (JSON.parse(r.stdout) as { optional: { ref: string; toggles?: string[] }[] }).optional;
    expect(optional.map((o) => [o.ref, o.toggles])).toEqual([['docker.io/library/nginx:1.24.0', ['feProxy.enabled=true']]]);
    const dir = await mkdtemp(join(tmpdir(), 'builtin-optional-'));
    try {
      const v = await runCli(['values', chart, '--registry', 'target.example:5000/mirror', '--include-optional', '--out-dir', dir]);
      // asked for, it is an image values cannot move: exit 3 with its routes, as for the defaults' own
      expect(v.exitCode, v.stderr).toBe(3);
      expect(v.stderr).toMatch(
        /docker.io\/library\/nginx:1.24.0 \(an operator's built-in default .*set field spec.starRocksFeProxySpec.image of the resource to target.example:5000\/mirror\/docker.io\/library\/nginx:1.24.0.*postrender sets it at install/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// StackGres composes its OpenTelemetry collector's image from SG_CONTAINER_REGISTRY and the
// versions file compiled into each release; its chart's own default tag is `main-jvm`, a build
// of the main branch that moves with every push.
describe('an operator whose compiled-in tag changes by release, composed under a registry env var', () => {
  const SG = 'quay.io/stackgres/operator';
  const release = templateChart({ 'op.yaml': deploymentWithEnv(`${SG}:1.18.6`, { SG_CONTAINER_REGISTRY: 'quay.io' }) });
  const mirrored = templateChart({ 'op.yaml': deploymentWithEnv(`${SG}:1.18.2`, { SG_CONTAINER_REGISTRY: 'registry.example.com' }) });
  const moving = templateChart({ 'op.yaml': deploymentWithEnv(`${SG}:main-jvm`, { SG_CONTAINER_REGISTRY: 'quay.io' }) });
  const jvm = templateChart({ 'op.yaml': deploymentWithEnv(`${SG}:1.18.6-jvm`, { SG_CONTAINER_REGISTRY: 'quay.io' }) });

  it("a release lists that release's collector, at the registry the operator is given, and names what it does not list", async () => {
    const r = await report(release());
    expect(need(r, 'quay.io/ongres/otel-collector:v0.146.1-build-6.49')).toBe('runtime');
    // the images each SGCluster brings by its Postgres version are named as not listed
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringContaining('also pulls per SGCluster')]);
    expect(r.warnings[0]!.message).toContain('quay.io/ongres/patroni');
    expect(need(await report(mirrored()), 'registry.example.com/ongres/otel-collector:v0.139.0-build-6.46')).toBe('runtime');
    // the same release built to run on a JVM: its compiled-in defaults are the release's
    expect(need(await report(jvm()), 'quay.io/ongres/otel-collector:v0.146.1-build-6.49')).toBe('runtime');
  });

  // the chart writes one value into the registry env and every image's registry, StackGres' containerRegistry:
  // a literal-named kubectl beside the operator makes the override set it to the target and quay.io
  const valued = templateChart(
    {
      'op.yaml': `${deploymentWithEnv('"{{ .Values.containerRegistry }}/{{ .Values.operator.image.name }}:{{ .Values.operator.image.tag }}"', {
        SG_CONTAINER_REGISTRY: '"{{ .Values.containerRegistry }}"',
      })}      - name: kubectl\n        image: "{{ .Values.containerRegistry }}/ongres/kubectl:v1.31.3-build-6.38"\n`,
    },
    'containerRegistry: quay.io\noperator:\n  image:\n    name: stackgres/operator\n    tag: "1.18.6"\n',
  );

  it('values moves the collector when the value it sets for the operator writes the registry env too: proven by the re-render', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-builtin-registry-'));
    try {
      const r = await runCli(['values', valued(), '--registry', 'registry.site.example', '--out-dir', out, '-o', 'json']);
      expect(r.exitCode, r.stderr).toBe(0);
      const images = (JSON.parse(r.stdout) as { releases: { images: { source: string; target: string; paths: string[] }[] }[] }).releases[0]!.images;
      expect(images.find((i) => i.source === 'quay.io/ongres/otel-collector:v0.146.1-build-6.49')).toMatchObject({
        target: 'registry.site.example/quay.io/ongres/otel-collector:v0.146.1-build-6.49',
        paths: ['containerRegistry'],
      });
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('a moving tag lists no guessed collector and warns: no release, and what the newest release read pulls', async () => {
    const r = await report(moving());
    expect(r.images.map((e) => e.ref)).toEqual([`${SG}:main-jvm`]);
    expect(r.warnings).toHaveLength(2);
    expect(r.warnings[0]).toMatchObject({ operator: 'StackGres Operator', version: 'main-jvm' });
    expect(r.warnings[0]!.message).toContain('main-jvm names no release');
    expect(r.warnings[0]!.message).toContain('the newest release read, 1.18.6, pulls quay.io/ongres/otel-collector:v0.146.1-build-6.49');
  });
});

// Aerospike's shape (D, aerospike-kubernetes-operator 4.5.0): the chart writes the init
// image's registry env from a value of its own that no other image reads
// (`aerospikeKubernetesInitRegistry`). Before, values named only postrender for it (exit 3).
describe('an operator registry env the chart writes from a value of its own', () => {
  const AKO = templateChart(
    {
      'op.yaml': deploymentWithEnv('"{{ .Values.operatorImage.repository }}:{{ .Values.operatorImage.tag }}"', {
        AEROSPIKE_KUBERNETES_INIT_REGISTRY: '{{ .Values.aerospikeKubernetesInitRegistry | quote }}',
      }),
      'exporter.yaml': `{{- if .Values.exporter.enabled }}\n${deployment('exporter', 'quay.io/acme/exporter:1.0')}{{- end }}\n`,
    },
    'operatorImage:\n  repository: aerospike/aerospike-kubernetes-operator\n  tag: "4.5.0"\naerospikeKubernetesInitRegistry: docker.io\nexporter:\n  enabled: false\n',
  );
  const INIT = 'docker.io/aerospike/aerospike-kubernetes-init:2.5.3';

  it('images names that value; values sets it and its proof reads the default the operator composes', async () => {
    const chart = AKO();
    const r = await report(chart);
    expect(r.images.find((i) => i.ref === INIT)).toMatchObject({ need: 'runtime', valuesPaths: ['aerospikeKubernetesInitRegistry'] });
    // the optional search's renders carry markers in that value: none may reach a listed reference
    const o = await runCli(['images', chart, '--optional', '-o', 'json']);
    expect((JSON.parse(o.stdout) as { optional: { ref: string }[] }).optional.map((x) => x.ref)).toEqual(['quay.io/acme/exporter:1.0']);
    const out = await mkdtemp(join(tmpdir(), 'airgap-builtin-own-registry-'));
    try {
      const v = await runCli(['values', chart, '--registry', 'registry.site.example/m', '--out-dir', out, '-o', 'json']);
      expect(v.exitCode, v.stderr).toBe(0);
      const images = (JSON.parse(v.stdout) as { releases: { images: { source: string; target: string; paths: string[] }[] }[] }).releases[0]!.images;
      expect(images.find((i) => i.source === INIT)).toMatchObject({
        target: `registry.site.example/m/${INIT}`,
        paths: ['aerospikeKubernetesInitRegistry'],
      });
      expect(await readFile(join(out, 'op.values.yaml'), 'utf8')).toContain('aerospikeKubernetesInitRegistry: registry.site.example/m/docker.io');
      // a naming that drops the source's path cannot go through a registry: postrender's route stays
      const flat = await runCli(['values', chart, '--registry', 'registry.site.example/m', '--naming', 'flat', '--out-dir', out]);
      expect(flat.exitCode).toBe(3);
      expect(flat.stderr).toContain(`${INIT} (an operator's built-in default`);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

// Robusta (E, robusta's chart): the runner's playbook actions make Jobs and debug pods
// from images compiled into it (krr, debug-toolkit, popeye...), only when a user or a configured
// playbook runs them. Before, `images` neither listed nor named them.
describe('an operator that pulls images only when a user or a configured action asks', () => {
  const runner = templateChart({ 'runner.yaml': deploymentWithEnv('docker.io/robustadev/robusta-runner:0.31.0', { IMAGE_REGISTRY: 'robustadev' }) });

  it('images lists none of them as needed and warns, naming each image and the source lines', async () => {
    const r = await report(runner());
    expect(r.images.map((i) => i.ref)).toEqual(['docker.io/robustadev/robusta-runner:0.31.0']);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ operator: 'Robusta runner' });
    expect(r.warnings[0]!.message).toContain('IMAGE_REGISTRY/krr:v1.29.0 (krr_scan');
    expect(r.warnings[0]!.message).toContain('playbooks/robusta_playbooks/krr.py:39');
  });
});

// Flux Operator (E, controlplaneio-fluxcd's flux-instance chart): a FluxInstance names
// only a registry, components and a version range (`2.x`); the operator resolves the range against
// a manifests artifact it pulls at run time (`:latest`), so the controllers' tags are not the
// table's to guess. A chart that renders the resource alone got neither images nor a word. The
// artifact itself (`oci://...:latest`) is listed: the operator pulls it (K's scheme URLs).
const FLUX_INSTANCE = `apiVersion: fluxcd.controlplane.io/v1
kind: FluxInstance
metadata:
  name: flux
spec:
  distribution:
    version: "2.x"
    registry: ghcr.io/fluxcd
    artifact: oci://ghcr.io/controlplaneio-fluxcd/flux-operator-manifests:latest
  components:
    - source-controller
    - kustomize-controller
`;

describe('a resource an operator turns into images the table cannot list, rendered without the operator', () => {
  const chart = templateChart({ 'instance.yaml': FLUX_INSTANCE });

  it('images warns that the operator pulls what it names, and lists only the manifests artifact for it', async () => {
    const r = await report(chart());
    expect(r.images.map((i) => [i.ref, i.need])).toEqual([['ghcr.io/controlplaneio-fluxcd/flux-operator-manifests:latest', 'runtime']]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.operator).toBe('Flux Operator');
    expect(r.warnings[0]!.message).toContain('FluxInstance');
    expect(r.warnings[0]!.message).toContain('those are not listed');
  });
});

// Woodpecker (E, woodpecker-ci's chart 3.6.5): the server tells agents to clone every
// pipeline's repository with a plugin image compiled into it (shared/constant/constant.go:30),
// which the chart names nowhere; WOODPECKER_DEFAULT_CLONE_PLUGIN on the server overrides it.
describe("a CI server's compiled-in clone image", () => {
  const plain = templateChart({ 'server.yaml': deploymentWithEnv('docker.io/woodpeckerci/woodpecker-server:v3.16.0', { WOODPECKER_HOST: 'http://ci' }) });
  const set = templateChart({
    'server.yaml': deploymentWithEnv('docker.io/woodpeckerci/woodpecker-server:v3.16.0', { WOODPECKER_DEFAULT_CLONE_PLUGIN: 'registry.acme.io/git:1' }),
  });

  it('images lists it as runtime for the server version read, and not when the server is told another', async () => {
    expect(need(await report(plain()), 'docker.io/woodpeckerci/plugin-git:2.9.2')).toBe('runtime');
    expect(need(await report(set()), 'docker.io/woodpeckerci/plugin-git:2.9.2')).toBeUndefined();
  });
});

// Drone's Kubernetes runner (BB, community-charts' drone chart 0.1.5): each pipeline pod
// clones with drone/git:latest and starts each step as drone/placeholder:1, both compiled into the
// runner (engine/compiler/clone.go:24, step.go:19); DRONE_IMAGE_CLONE and DRONE_IMAGE_PLACEHOLDER
// on the runner override them.
describe("a CI runner's compiled-in clone and placeholder images", () => {
  const RUNNER = 'docker.io/drone/drone-runner-kube:1.0.0-rc.3';
  const plain = templateChart({ 'runner.yaml': deploymentWithEnv(RUNNER, { DRONE_RPC_PROTO: 'http' }) });
  const set = templateChart({ 'runner.yaml': deploymentWithEnv(RUNNER, { DRONE_IMAGE_CLONE: 'registry.acme.io/git:1' }) });

  it('images lists both as runtime for the runner version read, the clone image not when the runner is told another', async () => {
    const r = await report(plain());
    expect(need(r, 'docker.io/drone/git:latest')).toBe('runtime');
    expect(need(r, 'docker.io/drone/placeholder:1')).toBe('runtime');
    const told = await report(set());
    expect(need(told, 'docker.io/drone/git:latest')).toBeUndefined();
    expect(need(told, 'docker.io/drone/placeholder:1')).toBe('runtime');
  });
});

// Aerospike Kubernetes Operator (D, aerospike's chart 4.5.0): every AerospikeCluster a
// user makes runs an init container the operator composes REGISTRY/NAMESPACE/NAME:TAG
// (api/v1/utils.go:132), from three env vars of its container or its compiled-in parts; the chart
// renders no AerospikeCluster.
describe('an init image the operator joins from a registry env var and compiled-in parts, for resources the user makes', () => {
  const OP = 'docker.io/aerospike/aerospike-kubernetes-operator';
  const initEnv = (registry: string) => ({
    AEROSPIKE_KUBERNETES_INIT_REGISTRY: registry,
    AEROSPIKE_KUBERNETES_INIT_REGISTRY_NAMESPACE: 'aerospike',
  });
  const current = templateChart({ 'op.yaml': deploymentWithEnv(`${OP}:4.5.0`, initEnv('docker.io')) });
  const older = templateChart({ 'op.yaml': deploymentWithEnv(`${OP}:3.4.1`, initEnv('registry.example.com')) });

  it("lists the release's init image as runtime, at the registry the operator is given", async () => {
    const r = await report(current());
    expect(need(r, 'docker.io/aerospike/aerospike-kubernetes-init:2.5.3')).toBe('runtime');
    expect(r.warnings).toEqual([]);
    expect(need(await report(older()), 'registry.example.com/aerospike/aerospike-kubernetes-init:2.2.3')).toBe('runtime');
  });
});

// Apache YuniKorn (D, the yunikorn-release chart): gang scheduling starts placeholder
// pods of a pause image compiled into the shim (pkg/common/constants/constants.go:76), unless the
// yunikorn-defaults ConfigMap names one. apache/yunikorn holds every component, the version after
// the component's name in the tag (`scheduler-1.8.0`, `admission-1.8.0`).
describe('an operator whose image repository holds several components, the version after the component in the tag', () => {
  const YK = 'docker.io/apache/yunikorn';
  const tags = ['scheduler-1.8.0', 'scheduler-plugin-1.6.3', 'scheduler-amd64-1.9.0', 'admission-1.8.0', 'scheduler-latest'] as const;
  const charts = new Map(tags.map((tag) => [tag, templateChart({ 'op.yaml': deploymentWithEnv(`${YK}:${tag}`, { NAMESPACE: 'yunikorn' }) })]));
  const at = (tag: (typeof tags)[number]) => charts.get(tag)!();

  it("the scheduler (or its plugin build) at a release lists that release's placeholder image as runtime", async () => {
    for (const tag of ['scheduler-1.8.0', 'scheduler-plugin-1.6.3', 'scheduler-amd64-1.9.0'] as const) {
      const r = await report(at(tag));
      expect(need(r, 'registry.k8s.io/pause:3.7'), tag).toBe('runtime');
      expect(r.warnings, tag).toEqual([]);
    }
  });

  it("another component of the repository is not the operator; the scheduler's moving tag lists the default every release read has, and warns", async () => {
    const admission = await report(at('admission-1.8.0'));
    expect(need(admission, 'registry.k8s.io/pause:3.7')).toBeUndefined();
    expect(admission.warnings).toEqual([]);
    const latest = await report(at('scheduler-latest'));
    expect(need(latest, 'registry.k8s.io/pause:3.7')).toBe('runtime');
    expect(latest.warnings).toHaveLength(1);
    expect(latest.warnings[0]).toMatchObject({ operator: 'Apache YuniKorn', version: 'latest' });
    expect(latest.warnings[0]!.message).toContain('latest names no release');
  });
});

// An operator at a version no reading covers, past the readings: a moving tag (`latest`, `dev`,
// `stable`), a placeholder (`v0.0.0`) or a release newer than the newest read (in a block of
// unseen charts, 18 of the 19 run-time images still missed were this). Where every release read
// pulls the same defaults (tags the operator's own tag aside), the newest reading's are listed,
// marked as read at that release for a chart that runs another; where the readings change from
// release to release (CloudNativePG above: 22 of 23), none is guessed.
describe('an operator past its readings, whose readings all pull the same defaults', () => {
  const EG = 'docker.io/elyra/enterprise-gateway';
  const gateway = (tag: string) => templateChart({ 'op.yaml': deploymentWithEnv(`${EG}:${tag}`, { EG_PORT: '8888' }) });
  const dev = gateway('dev');
  const older = gateway('2.6.0');
  const etcd = templateChart({ 'op.yaml': deploymentWithEnv('ghcr.io/aenix-io/etcd-operator:v0.0.0', { WATCH_NAMESPACE: '' }) });
  const ceph = templateChart(
    {
      'op.yaml': deploymentWithEnv('quay.io/cephcsi/ceph-csi-operator:latest', { WATCH_NAMESPACE: '' }),
      'cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: images\ndata:\n  CSI_CEPH_IMAGE: "{{ .Values.cephcsi.repository }}:{{ .Values.cephcsi.tag }}"\n',
    },
    'cephcsi:\n  repository: quay.io/cephcsi/cephcsi\n  tag: v3.17.0\n',
  );
  const instana = templateChart({
    'op.yaml': deploymentWithEnv('icr.io/instana/instana-agent-operator:2.2.16', { WATCH_NAMESPACE: '' }),
    'agent.yaml': 'apiVersion: instana.io/v1\nkind: InstanaAgent\nmetadata:\n  name: instana-agent\nspec:\n  zone:\n    name: z\n',
  });

  it("a moving tag lists the newest reading's defaults, composed with the tag the chart runs, marked with the release read", async () => {
    const r = await report(dev(), ['--explain']);
    expect(need(r, 'docker.io/elyra/kernel-py:dev')).toBe('runtime');
    expect(need(r, 'docker.io/elyra/kernel-spark-py:dev')).toBe('runtime');
    const site = r.images.find((e) => e.ref === 'docker.io/elyra/kernel-py:dev')!.sites[0]!;
    expect(site.builtin).toMatchObject({ operator: 'Jupyter Enterprise Gateway', version: 'dev', assumed: { read: '3.3.0', why: 'moving tag' } });
    const c = r.explain!.candidates.find((x) => x.ref === 'docker.io/elyra/kernel-py:dev')!;
    expect(c.verdict).toBe('runtime');
    expect(c.reason).toContain('built-in default of Jupyter Enterprise Gateway dev, as read at 3.3.0 (');
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.message).toContain('dev names no release');
    expect(r.warnings[0]!.message).toContain('listed as the newest release read, 3.3.0, pulls them');
  });

  it('values names them as built-in defaults it cannot move (exit 3), with the release read', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-unread-standin-'));
    try {
      const v = await runCli(['values', dev(), '--registry', 'mirror.local:5000/m', '--out-dir', out]);
      expect(v.exitCode, v.stderr).toBe(3);
      expect(v.stderr).toContain("docker.io/elyra/kernel-py:dev (an operator's built-in default");
      expect(v.stderr).toContain('of Jupyter Enterprise Gateway dev, as read at 3.3.0 (dev is a moving tag; the newest releases read all pull it)');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('a placeholder version and a release newer than read list them too', async () => {
    const e = await report(etcd());
    expect(need(e, 'quay.io/coreos/etcd:v3.5.12')).toBe('runtime');
    expect(e.images.find((x) => x.ref === 'quay.io/coreos/etcd:v3.5.12')!.sites[0]!.builtin).toMatchObject({
      assumed: { read: '0.4.2', why: 'placeholder version' },
    });
    const i = await report(instana());
    expect(need(i, 'icr.io/instana/agent:latest')).toBe('runtime');
    expect(need(i, 'icr.io/instana/k8sensor:latest')).toBe('runtime');
    expect(i.images.find((x) => x.ref === 'icr.io/instana/agent:latest')!.sites[0]!.builtin).toMatchObject({
      assumed: { read: '2.2.15', why: 'newer release' },
    });
  });

  it("a stand-in the chart names itself (rook-ceph gives the CSI images to the ceph-csi-operator it runs at :latest) stays the chart's: values moves it", async () => {
    const r = await report(ceph());
    const plugin = r.images.find((e) => e.ref === 'quay.io/cephcsi/cephcsi:v3.17.0')!;
    expect(plugin.sites.map((x) => x.site)).not.toContain('builtin');
    expect(need(r, 'registry.k8s.io/sig-storage/csi-provisioner:v6.2.0')).toBe('runtime');
    const out = await mkdtemp(join(tmpdir(), 'airgap-standin-named-'));
    try {
      const v = await runCli(['values', ceph(), '--registry', 'mirror.local:5000/m', '--out-dir', out]);
      expect(v.stderr).not.toContain('quay.io/cephcsi/cephcsi:v3.17.0 (an operator');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('a release older than read lists none; the warning names the image tags the newest release read pulls, not its git tag', async () => {
    const r = await report(older());
    expect(r.images.map((e) => e.ref)).toEqual([`${EG}:2.6.0`]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.message).toContain('the newest release read, 3.3.0, pulls docker.io/elyra/kernel-py:3.3.0,');
    expect(r.warnings[0]!.message).toContain('read for Jupyter Enterprise Gateway >=3.0.0 <=3.3.0 only');
  });
});

// A default the operator applies to a resource a user makes later, one the chart does not render
// (Tailscale's nameserver, for a DNSConfig: holdout I's last run-time miss): listed as the
// Grafana above, unless every such resource rendered names its own.
describe('a default for a resource the chart does not render', () => {
  const op = (tag: string, more: Record<string, string> = {}) =>
    templateChart({ 'op.yaml': deploymentWithEnv(`docker.io/tailscale/k8s-operator:${tag}`, { OPERATOR_HOSTNAME: 'ts' }), ...more });
  const current = op('v1.102.3');
  const older = op('v1.90.9');
  const moving = op('stable');
  const own = op('v1.102.3', {
    'dns.yaml':
      'apiVersion: tailscale.com/v1alpha1\nkind: DNSConfig\nmetadata:\n  name: ts-dns\nspec:\n  nameserver:\n    image:\n      repo: registry.example.com/ts/k8s-nameserver\n      tag: stable\n',
  });

  it("is listed at the release's tag, and for a moving tag as the newest three readings have it", async () => {
    expect(need(await report(current()), 'docker.io/tailscale/k8s-nameserver:stable')).toBe('runtime');
    expect(need(await report(older()), 'docker.io/tailscale/k8s-nameserver:unstable')).toBe('runtime');
    const r = await report(moving());
    expect(need(r, 'docker.io/tailscale/k8s-nameserver:stable')).toBe('runtime');
    expect(need(r, 'docker.io/tailscale/k8s-proxy:latest')).toBe('runtime');
  });

  it('is not listed when every such resource rendered names its own', async () => {
    expect(need(await report(own()), 'docker.io/tailscale/k8s-nameserver:stable')).toBeUndefined();
  });
});

// Altinity's operator adds its built-in server container (clickhouse-server:latest) to a host's pod
// only where the pod template has none (a container named clickhouse, else the first:
// pkg/model/chi/creator/container.go:93, k8s.StatefulSetContainerGet); the keeper's, where none is
// named clickhouse-keeper. A rendered resource whose pod templates give one pulls no default.
describe('a default the operator adds only to a pod template without its container (Altinity ClickHouse)', () => {
  const SERVER = 'docker.io/clickhouse/clickhouse-server:latest';
  const KEEPER = 'docker.io/clickhouse/clickhouse-keeper:latest';
  const op = deploymentWithEnv('altinity/clickhouse-operator:0.25.6', { OPERATOR_POD_NAME: 'x' });
  const chi = (templates: string) =>
    `apiVersion: clickhouse.altinity.com/v1\nkind: ClickHouseInstallation\nmetadata:\n  name: c\nspec:\n  defaults:\n    templates:\n      podTemplate: pod\n  configuration:\n    clusters:\n    - name: c\n${templates}`;
  const withImage = templateChart({
    'op.yaml': op,
    'chi.yaml': chi(
      '  templates:\n    podTemplates:\n    - name: pod\n      spec:\n        containers:\n        - name: clickhouse\n          image: altinity/clickhouse-server:25.3.6.10034.altinitystable\n',
    ),
  });
  const bare = templateChart({ 'op.yaml': op, 'chi.yaml': chi('') });

  it("is not listed where every rendered resource's pod templates give the container", async () => {
    const r = await report(withImage());
    expect(need(r, SERVER)).toBeUndefined();
    expect(need(r, 'docker.io/altinity/clickhouse-server:25.3.6.10034.altinitystable')).toBe('default');
    // no keeper resource rendered: the keeper's default is a second resource kind's, optional until one is
    expect(need(r, KEEPER)).toBeUndefined();
  });

  it('is listed for a resource without pod templates', async () => {
    expect(need(await report(bare()), SERVER)).toBe('runtime');
  });
});
