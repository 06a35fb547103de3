// A boolean of no switch-like name that brings an image only beside a named switch that is off
// too (holdout HH: Rocket.Chat's well-known server, `if and .Values.federation.enabled
// .Values.ingress.federation.serveWellKnown`, runs jitesoft/lighttpd; federation.enabled alone
// brings Synapse). Before, the guard was searched alone, which renders nothing, and the image was
// not listed at all; now `images --optional` names it with both settings.
import { describe, expect, it } from 'vitest';
import { deployment, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const VALUES = `federation:
  enabled: false
  image: acme/synapse:1.84
ingress:
  federation:
    serveWellKnown: false
`;

describe('a guard that needs a named switch on beside it', () => {
  const chart = templateChart(
    {
      'app.yaml': deployment('app', 'acme/chat:8.6'),
      'synapse.yaml': `{{- if .Values.federation.enabled }}\n${deployment('synapse', '{{ .Values.federation.image }}')}{{- end }}\n`,
      'wellknown.yaml': `{{ if and .Values.federation.enabled .Values.ingress.federation.serveWellKnown }}\n${deployment('wellknown', 'acme/lighttpd:1.4')}{{- end }}\n`,
    },
    VALUES,
  );

  it('is listed as optional with both settings', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: { ref: string }[]; optional: { ref: string; toggles: string[] }[] };
    expect(out.images.map((i) => i.ref)).toEqual(['docker.io/acme/chat:8.6']);
    expect(Object.fromEntries(out.optional.map((i) => [i.ref, i.toggles]))).toEqual({
      'docker.io/acme/synapse:1.84': ['federation.enabled=true'],
      'docker.io/acme/lighttpd:1.4': ['federation.enabled=true,ingress.federation.serveWellKnown=true'],
    });
  });
});
