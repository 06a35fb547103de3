// Disposable renders (read for images, never installed) repeat their random strings and their
// certificates from one render to the next, so their documents repeat verbatim; kept renders do not.
import { describe, expect, it } from 'vitest';
import { loadChartFiles } from '../../src/helm/loader/load.js';
import { renderChart } from '../../src/helm/engine/render-chart.js';

const file = (name: string, text: string) => ({ name, data: new TextEncoder().encode(text) });

async function chart() {
  return loadChartFiles(
    [
      file('Chart.yaml', 'apiVersion: v2\nname: rnd\nversion: 0.1.0\n'),
      file('values.yaml', 'on: false\n'),
      file(
        'templates/secret.yaml',
        [
          'apiVersion: v1',
          'kind: Secret',
          'metadata:',
          '  name: s-{{ randAlphaNum 8 | lower }}',
          'data:',
          '  password: {{ randAlphaNum 16 | b64enc }}',
          '  id: {{ uuidv4 | b64enc }}',
          '{{- $ca := genCA "ca" 365 }}',
          '  ca.crt: {{ $ca.Cert | b64enc }}',
          '  tls.crt: {{ (genSignedCert "svc" nil (list "svc.ns") 365 $ca).Cert | b64enc }}',
          '{{- if .Values.on }}',
          '  more: {{ randAlphaNum 4 | b64enc }}',
          '{{- end }}',
        ].join('\n'),
      ),
    ],
    'rnd',
  );
}

const secret = (r: ReturnType<typeof renderChart>) => r.docs.find((d) => d.template.endsWith('secret.yaml'))!.text;

describe('disposable renders', () => {
  it('repeat their random strings, UUIDs and certificates; other values still change the document; kept renders do not repeat', async () => {
    const c = await chart();
    const a = secret(renderChart(c, { disposable: true }));
    expect(secret(renderChart(c, { disposable: true }))).toBe(a);
    const on = secret(renderChart(c, { disposable: true, values: { on: true } }));
    expect(on).not.toBe(a);
    expect(on.startsWith(a)).toBe(true);
    expect(secret(renderChart(c))).not.toBe(secret(renderChart(c)));
  });
});
