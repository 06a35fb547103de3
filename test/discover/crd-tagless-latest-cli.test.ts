// A CRD's image default with no tag, in an image-named field with no field beside it a tag or
// version could be given in, served by an operator of the render that itself runs at `latest`
// (Vineyard's CSIDriver `spec.image` and Vineyardd's `pluginImage.*`): nothing completes the tag,
// so the runtime pulls `:latest`, and `images` lists it as it lists a tagged CRD default. Where the
// resource has a version field, or the operator runs a version of its own, the tag is the
// operator's to complete and the default stays named in a warning.
import { describe, expect, it } from 'vitest';
import { boundAccount, listImages, postrendered, specCrd, templateChart } from './template-chart.js';

const crd = (extra = '') =>
  specCrd(
    'Driver',
    'acme.io',
    `              image:
                type: string
                default: quay.io/acme/driver
              plugins:
                type: object
                properties:
                  backupImage:
                    type: string
                    default: quay.io/acme/backup-job
                  assemblyImage:
                    type: string
                    default: quay.io/acme/assembly
${extra}`,
  );

const operator = (
  image: string,
) => `${boundAccount('mgr', '- apiGroups: [acme.io]\n  resources: [drivers]\n  verbs: [get, list, watch]\n- apiGroups: [batch]\n  resources: [jobs]\n  verbs: [create]\n')}apiVersion: apps/v1
kind: Deployment
metadata:
  name: mgr
spec:
  template:
    spec:
      serviceAccountName: mgr
      containers:
      - name: manager
        image: ${image}
      - name: proxy
        image: quay.io/acme/rbac-proxy:v0.13.0
`;

describe('tagless image defaults of a CRD whose operator runs at latest', () => {
  const chart = templateChart({ 'crd.yaml': crd(), 'mgr.yaml': operator('quay.io/acme/operator:latest') });

  it('are listed at :latest, as the runtime pulls them; none is left to a TAG placeholder', async () => {
    const r = await listImages(chart());
    expect((r.optional ?? []).map((i) => [i.ref, i.toggles])).toEqual([
      ['quay.io/acme/assembly:latest', ['a Driver (acme.io) resource that leaves spec.plugins.assemblyImage unset']],
      ['quay.io/acme/backup-job:latest', ['a Driver (acme.io) resource that leaves spec.plugins.backupImage unset']],
    ]);
    // right under spec and served by the operator: what every Driver applied later runs
    expect(r.images.find((i) => i.ref === 'quay.io/acme/driver:latest')?.need).toBe('runtime');
    expect((r.warnings ?? []).filter((w) => w.message.includes('with no tag'))).toEqual([]);
  });

  it('the post-renderer moves each to the target at :latest, so a Driver applied later pulls the copy', async () => {
    const crdDoc = (await postrendered<{ kind: string; spec: Record<string, unknown> }>(chart())).find((d) => d.kind === 'CustomResourceDefinition')!;
    const text = JSON.stringify(crdDoc);
    for (const name of ['driver', 'backup-job', 'assembly']) expect(text).toContain(`"default":"mirror.local:5000/m/quay.io/acme/${name}:latest"`);
  });
});

describe('the same defaults where the operator runs a version of its own', () => {
  const chart = templateChart({ 'crd.yaml': crd(), 'mgr.yaml': operator('quay.io/acme/operator:v1.2.0') });

  it('stay warned of: the operator may complete the tag with its version', async () => {
    const r = await listImages(chart());
    expect([...r.images, ...(r.optional ?? [])].map((i) => i.ref).filter((x) => x.includes(':latest'))).toEqual([]);
    expect((r.warnings ?? []).some((w) => w.message.includes('defaults Driver spec.image to quay.io/acme/driver') && w.message.includes('with no tag'))).toBe(
      true,
    );
  });
});

describe('a tagless default beside a version field of the resource', () => {
  const chart = templateChart({
    'crd.yaml': crd('              version:\n                type: string\n'),
    'mgr.yaml': operator('quay.io/acme/operator:latest'),
  });

  it('is the operator to complete from the version: warned of, not listed', async () => {
    const r = await listImages(chart());
    expect(r.images.map((i) => i.ref)).not.toContain('quay.io/acme/driver:latest');
    expect((r.warnings ?? []).some((w) => w.message.includes('spec.image to quay.io/acme/driver'))).toBe(true);
    // the plugins' fields have no version beside them: listed
    expect((r.optional ?? []).map((i) => i.ref)).toContain('quay.io/acme/backup-job:latest');
  });
});
