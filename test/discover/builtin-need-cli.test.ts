// Every compiled-in image carries its need: needed in ordinary use of the operator's main resource,
// or optional, pulled only for an opt-in feature or a second resource kind, with what pulls it (the
// catalog default's `need` and `with`). CloudNativePG's PgBouncer is pulled for a Pooler, the
// OpenTelemetry operator's auto-instrumentation images for an Instrumentation and its target
// allocator for a collector that enables one: optional until the render holds such a resource.
// Shown in `images` text, `-o json` and `--explain`.
import { describe, expect, it } from 'vitest';
import { deploymentWithEnv, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const CNPG = 'ghcr.io/cloudnative-pg/cloudnative-pg:1.30.0';
const POSTGRES = 'ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie';
const PGBOUNCER = 'ghcr.io/cloudnative-pg/pgbouncer:1.25.1';
const OTEL = 'ghcr.io/open-telemetry/opentelemetry-operator/opentelemetry-operator:0.158.0';
const JAVA = 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:2.30.0';
const TA = 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:0.158.0';
const OPAMP = 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:0.158.0';

interface Entry {
  ref: string;
  need: string;
  toggles: string[];
  sites: { site: string; builtin?: { operator: string; need?: string; pulledWith?: string } }[];
}
interface Report {
  images: Entry[];
  optional: Entry[];
  explain?: { candidates: { ref?: string; verdict: string; site?: string; setting?: string; reason?: string }[] };
}

async function report(chart: string, args: string[] = []): Promise<Report> {
  const r = await runCli(['images', chart, ...args, '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}
const find = (r: Report, ref: string) => [...r.images, ...r.optional].find((e) => e.ref === ref);

/** A resource of this kind and apiVersion, its spec this YAML (one line a field, indented here). */
const resource = (apiVersion: string, kind: string, spec: string[]) =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: default\nspec:\n${spec.map((l) => `  ${l}\n`).join('')}`;
const pooler = resource('postgresql.cnpg.io/v1', 'Pooler', ['cluster: {name: pg}', 'instances: 1', 'type: rw']);

describe("an operator's second resource kind: CloudNativePG's PgBouncer, pulled for a Pooler", () => {
  const alone = templateChart({ 'op.yaml': deploymentWithEnv(CNPG, { OPERATOR_NAMESPACE: 'default' }) });
  const withPooler = templateChart({ 'op.yaml': deploymentWithEnv(CNPG, { OPERATOR_NAMESPACE: 'default' }), 'pooler.yaml': pooler });

  it('is optional with the resource kind that pulls it, where no Pooler is rendered; the main resource’s image stays needed', async () => {
    const r = await report(alone());
    expect(find(r, POSTGRES)).toMatchObject({ need: 'runtime', sites: [{ site: 'builtin', builtin: { operator: 'CloudNativePG', need: 'needed' } }] });
    const bouncer = find(r, PGBOUNCER)!;
    expect(bouncer.need).toBe('optional');
    expect(r.optional.map((e) => e.ref)).toContain(PGBOUNCER);
    expect(bouncer.sites[0]!.builtin).toMatchObject({
      need: 'optional',
      pulledWith: 'a Pooler (postgresql.cnpg.io) resource (internal/controller/pooler_image.go:67)',
    });
    expect(bouncer.toggles).toEqual(['a Pooler (postgresql.cnpg.io) resource (internal/controller/pooler_image.go:67)']);

    const text = await runCli(['images', alone()]);
    expect(text.stdout).toMatch(/optional \(other values\):\n {2}ghcr\.io\/cloudnative-pg\/pgbouncer:1\.25\.1 {2}\(when a Pooler/);
    expect(text.stdout).toContain('; optional: pulled only with a Pooler (postgresql.cnpg.io) resource (internal/controller/pooler_image.go:67)');
    expect(text.stdout).toContain(`${POSTGRES}`);
    expect(text.stdout).toMatch(/built-in default of CloudNativePG 1\.30\.0 \(pkg\/versions\/versions\.go:29[^\n]*; needed; run by/);

    const explained = (await report(alone(), ['--explain'])).explain!.candidates.find((c) => c.ref === PGBOUNCER)!;
    expect(explained).toMatchObject({ verdict: 'optional', site: 'builtin', setting: expect.stringContaining('a Pooler') });
    expect(explained.reason).toContain('; optional: pulled only with a Pooler');
  });

  it('is needed where the render holds a Pooler', async () => {
    const r = await report(withPooler());
    expect(find(r, PGBOUNCER)).toMatchObject({ need: 'runtime', sites: [{ builtin: { need: 'needed' } }] });
  });
});

describe('opt-in features of the OpenTelemetry operator: auto-instrumentation, target allocator, OpAMP bridge', () => {
  const op = deploymentWithEnv(OTEL, { ENABLE_WEBHOOKS: 'true' });
  const instrumentation = resource('opentelemetry.io/v1alpha1', 'Instrumentation', ['exporter: {endpoint: "http://collector:4317"}']);
  const collector = (ta: boolean) => resource('opentelemetry.io/v1beta1', 'OpenTelemetryCollector', ['mode: statefulset', `targetAllocator: {enabled: ${ta}}`]);
  const alone = templateChart({ 'op.yaml': op });
  const instrumented = templateChart({ 'op.yaml': op, 'inst.yaml': instrumentation, 'col.yaml': collector(false) });
  const allocating = templateChart({ 'op.yaml': op, 'col.yaml': collector(true) });

  it('with the operator alone, each is optional, named with the resource that pulls it', async () => {
    const r = await report(alone());
    for (const ref of [JAVA, TA, OPAMP]) expect(find(r, ref)?.need, ref).toBe('optional');
    expect(find(r, TA)!.sites[0]!.builtin!.pulledWith).toMatch(
      /^an OpenTelemetryCollector \(opentelemetry\.io\) resource that sets spec\.targetAllocator\.enabled \([^)]+\) or a TargetAllocator \(opentelemetry\.io\) resource \([^)]+\)$/,
    );
    expect(find(r, JAVA)!.sites[0]!.builtin!.pulledWith).toBe(
      'an Instrumentation (opentelemetry.io) resource (internal/webhook/instrumentation_webhook.go:72)',
    );
  });

  it('an Instrumentation rendered makes its images needed; a collector without a target allocator leaves that optional', async () => {
    const r = await report(instrumented());
    expect(find(r, JAVA)).toMatchObject({ need: 'runtime', sites: [{ builtin: { need: 'needed' } }] });
    expect(find(r, TA)?.need).toBe('optional');
    expect(find(r, OPAMP)?.need).toBe('optional');
  });

  it('a collector that enables the target allocator makes its image needed', async () => {
    const r = await report(allocating());
    expect(find(r, TA)).toMatchObject({ need: 'runtime', sites: [{ builtin: { need: 'needed' } }] });
    expect(find(r, JAVA)?.need).toBe('optional');
  });
});
