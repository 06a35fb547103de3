// An image named by one entry of a dict (or JSON object) literal written over several lines of a
// program's config: `"image": "quay.io/x:1",` in a JupyterHub `hub.extraConfig` snippet whose
// modify_pod_hook adds that container to every user pod (holdoutNN: 2i2c's basehub,
// its block-nfs-access init container). The line's key is quoted and the entry ends with a comma,
// so the key=value reading of lines (env files, properties, `c.X.image = "..."`) skipped it and the
// image was no candidate at all: unlisted, and left outside by `values`.
import { describe, expect, it } from 'vitest';
import { embeddedCandidates } from '../../src/discover/decoders/index.js';
import { deployment, listImages, templateChart } from './template-chart.js';

const HOOK = `import shlex
def modify_pod_hook(spawner, pod):
    blocker = {
      "name": "block-nfs-access",
      "image": "quay.io/acme/network-tools:4.1.0",
      "securityContext": {
        "runAsUser": 0,
      },
      'command': ['/bin/sh', '-c', 'true'],
    }
    pod.spec.init_containers.append(blocker)
    return pod
c.KubeSpawner.modify_pod_hook = modify_pod_hook
`;

const VALUES = `hub:
  image: quay.io/acme/hub:2.0
  extraConfig:
    02-spawner: |
${HOOK.split('\n')
  .map((l) => (l ? `      ${l}` : l))
  .join('\n')}
`;

const TEMPLATES = {
  'secret.yaml': `kind: Secret
apiVersion: v1
metadata:
  name: hub
data:
  values.yaml: {{ pick .Values "hub" | toYaml | b64enc | quote }}
`,
  'hub.yaml': deployment('hub', '{{ .Values.hub.image }}'),
};

describe('an entry of a dict literal on its own line of a program', () => {
  const chart = templateChart(TEMPLATES, VALUES);

  it('is read as its key and value, quoted key and trailing comma taken off', () => {
    const found = embeddedCandidates(HOOK, 'jupyterhub_config.py', ['data', 'jupyterhub_config.py']);
    expect(found.find((c) => c.raw === 'quay.io/acme/network-tools:4.1.0')?.suffix).toBe(' > image');
    expect(found.map((c) => c.raw)).not.toContain('"quay.io/acme/network-tools:4.1.0",');
  });

  it('images lists the image a spawner hook in the hub config adds to user pods as run-time', async () => {
    const r = await listImages(chart());
    const byNeed = (r.images as { ref: string; need: string }[]).map((i) => [i.need, i.ref]);
    expect(byNeed).toEqual([
      ['default', 'quay.io/acme/hub:2.0'],
      ['runtime', 'quay.io/acme/network-tools:4.1.0'],
    ]);
  });
});
