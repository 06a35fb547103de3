// A template that formats values the chart was not given (`printf "%s/%s:%s"` of unset keys:
// gloo's proxy chart without its values) renders Go's format error, `%!s(<nil>)/%!s(<nil>):%!s(<nil>)`,
// where an image goes. That is no reference any runtime pulls: it is not listed, even as doubtful,
// and --explain rejects it with the reason. It was listed doubtful as if it were an image.
import { describe, expect, it } from 'vitest';
import { deploymentHead, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const chart = templateChart(
  {
    'proxy.yaml': `${deploymentHead('proxy')}      - name: proxy
        image: "{{ printf "%s/%s:%s" .Values.image.registry .Values.image.repository .Values.image.tag }}"
      - name: app
        image: "{{ .Values.app }}"
`,
  },
  'image: {}\napp: quay.io/acme/app:1.0\n',
);

describe('a Go format error rendered where an image goes', () => {
  it('is not listed; --explain rejects it as a format error', async () => {
    const r = await runCli(['images', chart(), '--explain', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      images: { ref: string }[];
      doubtful?: { ref: string }[];
      explain: { candidates: { raw: string; verdict: string; rule?: string }[] };
    };
    expect(out.images.map((i) => i.ref)).toEqual(['quay.io/acme/app:1.0']);
    expect(out.doubtful ?? []).toEqual([]);
    const proxy = out.explain.candidates.filter((c) => c.raw.includes('%!'));
    expect(proxy.map((c) => `${c.verdict} ${c.rule} ${c.raw}`)).toEqual(['rejected format-error %!s(<nil>)/%!s(<nil>):%!s(<nil>)']);
  });
});
