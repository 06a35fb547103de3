// cert-manager before v1.11.0 (holdout II: Grafana OnCall ships v1.8.0 as a subchart and
// renders an ACME Issuer with an http01 solver): the controller starts a solver pod per HTTP-01
// challenge from its compiled-in quay.io/jetstack/cert-manager-acmesolver at its own version, and
// the chart passes no --acme-http01-solver-image, so the render names it nowhere. Before, only a
// creator warning said the controller may start pods; the image was neither listed nor moved.
import { describe, expect, it } from 'vitest';
import { certManagerController, listImages, templateChart, type ListedImages } from './template-chart.js';

const TEMPLATES = {
  'controller.yaml': certManagerController(`        args:
        - --v=2
        {{- with .Values.solverImage }}
        - --acme-http01-solver-image={{ . }}
        {{- end }}
`),
  'issuer.yaml': `{{ if .Values.issuer }}apiVersion: cert-manager.io/v1
kind: Issuer
metadata:
  name: letsencrypt-prod
spec:
  acme:
    server: https://acme-v02.api.letsencrypt.org/directory
    privateKeySecretRef:
      name: letsencrypt-prod
    solvers:
    - http01:
        ingress:
          class: nginx
{{ end }}`,
};
const chart = templateChart(TEMPLATES, 'issuer: false\nsolverImage: ""\n');

const SOLVER = 'quay.io/jetstack/cert-manager-acmesolver:v1.8.0';
const needed = (r: ListedImages) => r.images.map((i) => `${i.need} ${i.ref}`).sort();
const CONTROLLER = 'default quay.io/jetstack/cert-manager-controller:v1.8.0';

describe('cert-manager before v1.11.0: the ACME HTTP-01 solver compiled into its controller', () => {
  it('with an ACME issuer rendered: a run-time image at the controller version', async () => {
    expect(needed(await listImages(chart(), ['--set', 'issuer=true']))).toEqual([CONTROLLER, `runtime ${SOLVER}`]);
  });

  it('with no issuer rendered (the user applies one later): not needed, --optional lists it', async () => {
    expect(needed(await listImages(chart()))).toEqual([CONTROLLER]);
    const r = await listImages(chart(), ['--optional']);
    expect(r.optional?.map((o) => o.ref)).toContain(SOLVER);
  });

  it('with the flag set: its image, not the default', async () => {
    const own = needed(await listImages(chart(), ['--set', 'issuer=true', '--set', 'solverImage=registry.acme.io/acmesolver:v1.8.0']));
    expect(own).not.toContain(`runtime ${SOLVER}`);
    expect(own.join('\n')).toContain('registry.acme.io/acmesolver:v1.8.0');
  });
});

// An Issuer without cert-manager in the render (a webhook's self-signed certificate, EPAM's
// keycloak-operator): the entry's resources made every such chart warn that cert-manager's
// defaults are not listed, though a self-signed Issuer starts no solver.
const ISSUER_ONLY = {
  'issuer.yaml': `apiVersion: cert-manager.io/v1
kind: Issuer
metadata:
  name: webhook
spec:
  {{- if .Values.acme }}
  acme:
    server: https://acme-v02.api.letsencrypt.org/directory
    privateKeySecretRef:
      name: acme
    solvers:
    - http01:
        ingress:
          class: nginx
  {{- else }}
  selfSigned: {}
  {{- end }}
`,
  'op.yaml': `apiVersion: v1
kind: Pod
metadata: {name: op}
spec:
  containers:
  - name: main
    image: ghcr.io/acme/op:1.0.0
`,
};
const issuerOnly = templateChart(ISSUER_ONLY, 'acme: false\n');
const certManagerWarnings = (r: ListedImages) => (r.warnings ?? []).filter((w) => JSON.stringify(w).includes('cert-manager'));

describe('an Issuer rendered without cert-manager', () => {
  it('self-signed: no warning about cert-manager defaults; ACME: warned, its defaults depending on the version', async () => {
    expect(certManagerWarnings(await listImages(issuerOnly()))).toEqual([]);
    expect(certManagerWarnings(await listImages(issuerOnly(), ['--set', 'acme=true']))).toHaveLength(1);
  });
});

describe('cert-manager at a version newer than any read', () => {
  const newer = templateChart(
    { 'controller.yaml': TEMPLATES['controller.yaml'].replace('v1.8.0', 'v1.99.0'), 'issuer.yaml': TEMPLATES['issuer.yaml'] },
    'issuer: true\nsolverImage: ""\n',
  );

  it('its chart passing the solver flag: nothing to doubt, no warning; without it: listed as the newest read, and said so', async () => {
    const given = await listImages(newer(), ['--set', 'solverImage=quay.io/jetstack/cert-manager-acmesolver:v1.99.0']);
    expect(certManagerWarnings(given)).toEqual([]);
    const bare = await listImages(newer());
    expect(needed(bare)).toContain('runtime quay.io/jetstack/cert-manager-acmesolver:v1.99.0');
    expect(certManagerWarnings(bare)).toHaveLength(1);
  });
});
