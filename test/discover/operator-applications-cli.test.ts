// Operators of holdout AA read from source after the holdout was measured: what each
// runs for resources the user applies later, by defaults compiled into it, listed as run-time images
// (Humio at a release read; Bitpoke's WordPress operator at `latest`, as the newest release read,
// with the warning that says so).
import { describe, expect, it } from 'vitest';
import { templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

interface Report {
  images: { ref: string; need: string }[];
  warnings: { operator?: string; message: string }[];
}

const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\nspec:\n  template:\n    spec:\n      containers:\n      - name: op\n        image: {{ .Values.image }}\n        env:\n        - name: HUMIO_OPERATOR_DEFAULT_HUMIO_CORE_IMAGE\n          value: ""\n`;

async function report(chart: string, image: string): Promise<Report> {
  const r = await runCli(['images', chart, '--set', `image=${image}`, '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const runtime = (r: Report) => r.images.filter((i) => i.need === 'runtime').map((i) => i.ref);

describe('operators whose compiled-in defaults serve resources the user applies later', () => {
  const chart = templateChart({ 'op.yaml': deployment }, 'image: x\n');

  it('Humio at a release read: humio-core and the helper (an empty env names none), and the PDF renderer', async () => {
    expect(runtime(await report(chart(), 'humio/humio-operator:0.34.1'))).toEqual([
      'docker.io/humio/humio-core:1.159.1',
      'docker.io/humio/humio-operator-helper:18b8d8df927ae03ead82162ba8f1171960c1b275',
      'docker.io/humio/pdf-render-service:0.1.2--build-104--sha-9a7598de95bb9775b6f59d874c37a206713bae01',
    ]);
  });

  it("Bitpoke's WordPress operator at latest: the newest release read's, said to be assumed", async () => {
    const r = await report(chart(), 'bitpoke/wordpress-operator:latest');
    expect(runtime(r)).toEqual([
      'docker.io/bitpoke/wordpress-runtime:5.8.2',
      'docker.io/library/buildpack-deps:stretch-scm',
      'gcr.io/google-containers/busybox@sha256:545e6a6310a27636260920bc07b994a299b6708a1b26910cfefd335fdfb60d2b',
    ]);
    expect(r.warnings.find((w) => w.operator === 'WordPress Operator')?.message).toContain('listed as the newest release read, 0.12.4');
  });
});
