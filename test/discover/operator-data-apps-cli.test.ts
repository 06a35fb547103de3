// Operators of holdout CC (session 33) read from source after the holdout was measured: what each
// runs for resources the user applies later (ClickHouse clusters, CrateDB clusters, Temporal
// clusters, Restate cloud environments), by defaults compiled into it, listed as run-time images;
// the operator's own setting, when the chart sets it, names another image instead.
import { describe, expect, it } from 'vitest';
import { templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

interface Report {
  images: { ref: string; need: string }[];
  warnings: { operator?: string; message: string }[];
}

// an operator Deployment whose env the test sets whole (`env: []` by default)
const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\nspec:\n  template:\n    spec:\n      containers:\n      - name: op\n        image: {{ .Values.image }}\n        env: {{ toJson .Values.env }}\n`;

async function report(chart: string, image: string, ...set: string[]): Promise<Report> {
  const r = await runCli(['images', chart, '--set', `image=${image}`, ...set.flatMap((s) => ['--set', s]), '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const runtime = (r: Report) =>
  r.images
    .filter((i) => i.need === 'runtime')
    .map((i) => i.ref)
    .sort();

describe('data and application operators whose compiled-in defaults serve resources the user applies later', () => {
  const chart = templateChart({ 'op.yaml': deployment }, 'image: x\nenv: []\n');

  it("ClickHouse Inc.'s operator at latest: server and keeper, as the newest release read, said to be assumed", async () => {
    const r = await report(chart(), 'ghcr.io/clickhouse/clickhouse-operator:latest');
    expect(runtime(r)).toEqual(['docker.io/clickhouse/clickhouse-keeper:latest', 'docker.io/clickhouse/clickhouse-server:latest']);
    expect(r.warnings.find((w) => w.operator === 'ClickHouse Operator')?.message).toContain('listed as the newest release read, 0.0.2');
  });

  it("CrateDB's operator: its sql_exporter sidecar and busybox init containers, the exporter's version per release", async () => {
    expect(runtime(await report(chart(), 'crate/crate-operator:2.63.0'))).toEqual([
      'docker.io/burningalchemist/sql_exporter:0.24.3',
      'docker.io/library/busybox:1.35.0',
    ]);
    expect(runtime(await report(chart(), 'crate/crate-operator:2.56.0'))).toContain('docker.io/burningalchemist/sql_exporter:0.18.4');
  });

  it("CrateDB's operator given its exporter by env: that image, not the default", async () => {
    const r = await report(
      chart(),
      'crate/crate-operator:2.63.0',
      'env[0].name=CRATEDB_OPERATOR_SQL_EXPORTER_IMAGE',
      'env[0].value=registry.acme.io/sql_exporter:1.0',
    );
    expect(r.images.map((i) => i.ref)).toContain('registry.acme.io/sql_exporter:1.0');
    expect(runtime(r)).not.toContain('docker.io/burningalchemist/sql_exporter:0.24.3');
  });

  it('the Temporal operator at a release read: the server and the schema jobs admin-tools of a TemporalCluster left to defaults', async () => {
    expect(runtime(await report(chart(), 'ghcr.io/alexandrevilain/temporal-operator:v0.20.0'))).toEqual([
      'docker.io/temporalio/admin-tools:1.24.2-tctl-1.18.1-cli-0.13.2',
      'docker.io/temporalio/server:1.24.2',
    ]);
  });

  it('the Temporal operator at a release not read: nothing guessed, the operator named in a warning', async () => {
    const r = await report(chart(), 'ghcr.io/alexandrevilain/temporal-operator:v0.22.0');
    expect(runtime(r)).toEqual([]);
    expect(r.warnings.find((w) => w.operator === 'Temporal Operator')?.message).toContain('0.20.0');
  });

  it("Restate's operator: the cloud tunnel client of its release, none when its env names another", async () => {
    expect(runtime(await report(chart(), 'ghcr.io/restatedev/restate-operator:2.9.0'))).toEqual(['ghcr.io/restatedev/restate-cloud-tunnel-client:0.6.0']);
    expect(runtime(await report(chart(), 'ghcr.io/restatedev/restate-operator:2.3.0'))).toEqual(['ghcr.io/restatedev/restate-cloud-tunnel-client:0.5.0']);
    const r = await report(
      chart(),
      'ghcr.io/restatedev/restate-operator:2.9.0',
      'env[0].name=OPERATOR_TUNNEL_CLIENT_DEFAULT_IMAGE',
      'env[0].value=registry.acme.io/tunnel:1',
    );
    expect(r.images.map((i) => i.ref)).not.toContain('ghcr.io/restatedev/restate-cloud-tunnel-client:0.6.0');
  });
});
