// A map of images keyed by what each Job does (OpenStack-Helm's `images.tags`) names some after
// credentials: `keystone_credential_setup: quay.io/airshipit/keystone:...`. Such keys were refused
// as secrets before their value was read, so `values` took those images for hard-coded ones and
// exited 3 on keystone (WW), though one values setting moves each.
import { describe, expect, it } from 'vitest';
import { deployment, templateChart, valuesThenImages } from '../discover/template-chart.js';

describe('an image under a key named for credentials', () => {
  const chart = templateChart(
    {
      'setup.yaml': deployment('credential-setup', '{{ index .Values.images.tags "keystone_credential_setup" }}'),
      'api.yaml': deployment('api', '{{ index .Values.images.tags "keystone_api" }}'),
    },
    'images:\n  tags:\n    keystone_api: quay.io/airshipit/keystone:2026.1\n    keystone_credential_setup: quay.io/airshipit/keystone:2026.1\n  pullSecret: quay.io/airshipit/keystone:2026.1\n',
  );

  it('is moved by its own key', async () => {
    const v = await valuesThenImages(chart());
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.refs).toEqual(['mirror.local:5000/m/quay.io/airshipit/keystone:2026.1']);
    expect(v.rendered).not.toContain('image: "quay.io/');
  });
});

// CyberArk's sidecar injector passes its sidecars' images as flags from `secretlessImage` and
// `secretsProviderImage` (Docker Hub short names): refused as secrets by their names, both were
// called hard-coded and `values` exited 3 (XX), though each key moves its image.
describe('a short name under a key named for an image and a secret', () => {
  const chart = templateChart(
    {
      'injector.yaml': `${deployment('injector', '{{ .Values.injectorImage }}')}        args:
        - -secretless-image={{ .Values.secretlessImage }}
        - -secrets-provider-image={{ .Values.secretsProviderImage }}
`,
    },
    'injectorImage: cyberark/sidecar-injector:latest\nsecretlessImage: cyberark/secretless-broker:latest\nsecretsProviderImage: cyberark/secrets-provider-for-k8s:latest\n',
  );

  it('is moved by its own key', async () => {
    const v = await valuesThenImages(chart());
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.refs).toEqual([
      'mirror.local:5000/m/docker.io/cyberark/secretless-broker:latest',
      'mirror.local:5000/m/docker.io/cyberark/secrets-provider-for-k8s:latest',
      'mirror.local:5000/m/docker.io/cyberark/sidecar-injector:latest',
    ]);
  });
});
