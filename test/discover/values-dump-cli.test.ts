// A chart's values dumped whole into a Secret for a script the chart ships to read key by key
// (JupyterHub's hub Secret `values.yaml` and jupyterhub_config.py's `get_config("a.b")`,
// BinderHub's `get_value("imageBuilderType")`). The dump carries every image of the chart; only
// those a key the script reads reaches are pulled at run time. The others are the chart's own
// pod templates' behind a switch (the proxy's Traefik, a dind DaemonSet): before, each was listed
// as a runtime image the cluster needs (H: 4 false positives on BinderHub).
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { APP_AND_DIND, APP_AND_DIND_VALUES, listImages, templateChart } from './template-chart.js';

const VALUES = APP_AND_DIND_VALUES;

/** The Secret with the values dump and a script whose lines (indented four spaces) read it. */
const dumpSecret = (script: string) => `apiVersion: v1
kind: Secret
metadata:
  name: app
stringData:
  values.yaml: |
{{ toYaml .Values | indent 4 }}
  app_config.py: |
    def get_value(key, default=None):
        """get_value("a.b.c") returns values['a']['b']['c']"""
        return default
${script}    runner = get_value("runner.image.name") + ":" + get_value("runner.image.tag")
`;

const TEMPLATES = {
  'secret.yaml': dumpSecret(`    mode = get_value("mode")
    if mode in ["dind", "pink"]:
        pass
`),
  ...APP_AND_DIND,
};

describe('a values tree in a Secret that a script of the chart reads key by key', () => {
  const chart = templateChart(TEMPLATES, VALUES);

  it('images lists as run-time only what a key read reaches; the switched DaemonSet image is optional', async () => {
    const r = await listImages(chart(), ['--include-optional']);
    const byNeed = (r.images as { ref: string; need: string; toggles: string[] }[]).map((i) => [i.need, i.ref, i.toggles]);
    expect(byNeed).toEqual([
      ['default', 'quay.io/acme/app:1.0', []],
      ['runtime', 'quay.io/acme/runner:3.0', []],
      ['optional', 'quay.io/acme/dind:2.0', ['mode=dind']],
    ]);
  });

  it('--explain rejects the dump entries no key reaches, with the reason', async () => {
    const r = await runCli(['images', chart(), '--explain']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /rejected, unread-dump-entry: [^\n]*\n(\s+\S+\s+<-[^\n]*\n)*\s+quay\.io\/acme\/dind:2\.0\s+<- [^\n]*values\.yaml[^\n]*dind\.daemonset\.image/,
    );
  });
});

// The same dump, its script reading one image only under a switch of the same tree: JupyterHub's
// hub program (z2jh's and Bitnami's jupyterhub_config.py) adds the block-cloud-metadata init
// container, its image singleuser.networkTools.image, only `if
// cloud_metadata.get("blockWithIptables") == True:`, and Bitnami's jupyterhub sets that switch
// false. Before, a key read reaching the entry was enough: the image was listed as pulled at run
// time (holdoutPP: Bitnami's jupyterhub 10.0.6), and `get_name("singleuser")` (a
// Secret's name) was read as the key `singleuser`, reaching every image of that section.
const GATED_VALUES = `${VALUES}cloud:
  block: false
tools:
  image:
    name: quay.io/acme/tools
    tag: "2.0"
`;

const needed = (r: { images: unknown }) =>
  (r.images as { ref: string; need: string }[]).filter((i) => i.need === 'default' || i.need === 'runtime').map((i) => [i.need, i.ref]);

describe('a values tree a script reads key by key, one image only under a switch the tree holds off', () => {
  const chart = templateChart(
    {
      'secret.yaml': dumpSecret(`    cloud = get_value("cloud")
    secret_name = get_name("tools")
    if cloud.get("block") == True:
        tools = get_value("tools.image.name") + ":" + get_value("tools.image.tag")
`),
      'app.yaml': APP_AND_DIND['app.yaml']!,
    },
    GATED_VALUES,
  );

  it('images lists the switched image only when the switch is on', async () => {
    const base = [
      ['default', 'quay.io/acme/app:1.0'],
      ['runtime', 'quay.io/acme/runner:3.0'],
    ];
    expect(needed(await listImages(chart()))).toEqual(base);
    expect(needed(await listImages(chart(), ['--set', 'cloud.block=true']))).toEqual([...base, ['runtime', 'quay.io/acme/tools:2.0']]);
  });

  it('--explain rejects the switched-off entry with the reason', async () => {
    const r = await runCli(['images', chart(), '--explain']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /rejected, switched-off-dump-entry: [^\n]*\n(\s+\S+\s+<-[^\n]*\n)*\s+quay\.io\/acme\/tools:2\.0\s+<- [^\n]*values\.yaml[^\n]*tools\.image/,
    );
  });
});
