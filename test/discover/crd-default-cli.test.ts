// A CustomResourceDefinition whose schema gives an image-named property a `default`
// (emqx-operator's reloaderImage: emqx/emqx-operator-reloader:0.0.2): the API server writes it
// into every resource of that kind that leaves the field out, and the operator pulls it. No such
// resource is in the render, so `images --optional` lists it as what a resource of that kind
// brings; the schema's prose and a default without a tag (a repository the operator completes)
// stay rejected. The post-renderer moves the default, so resources made later pull the copy.
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { runCli as runCliWithInput } from '../bundle/run-cli.js';
import { crd, templateChart } from './template-chart.js';

const CRD = crd(
  'Broker',
  'apps.acme.io',
  'v1beta4',
  `          spec:
            type: object
            properties:
              image:
                type: string
                description: registry.example.com/acme/broker:5.0
              reloaderImage:
                type: string
                default: acme/broker-reloader:0.0.2
              agentImage:
                type: string
                default: quay.io/acme/agent
`,
);

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
