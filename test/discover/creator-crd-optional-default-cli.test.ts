// A controller that may start pods, whose chart's CRD defaults an image inside an object that has
// no default of its own (restic-backup-operator's ResticBackup spec.restic.image, the Jobs' restic
// image): images lists that default as optional, pulled for each resource that leaves the field
// unset. The pod-creator warning said the render "names no image for any program of its chart",
// which the listing beside it contradicts (holdoutCC). It now names those defaults as
// listed, optional per resource, and cautions only about other defaults of the program's own.
import { describe, expect, it } from 'vitest';
import { boundAccount, crd, deploymentHead, listImages, templateChart } from './template-chart.js';

const chart = templateChart({
  'rbac.yaml': boundAccount(
    'op',
    '- {apiGroups: [""], resources: [pods], verbs: [create, get, list, watch]}\n- {apiGroups: [batch], resources: [jobs], verbs: [create]}\n- {apiGroups: [backup.acme.io], resources: ["*"], verbs: [get, list, watch]}\n',
  ),
  'op.yaml': `${deploymentHead('op')}      - name: op\n        image: ghcr.io/acme/backup-operator:0.1.0\n      serviceAccountName: op\n`,
  'crd.yaml': crd(
    'ResticBackup',
    'backup.acme.io',
    'v1alpha1',
    `          spec:
            type: object
            properties:
              restic:
                type: object
                properties:
                  image:
                    type: string
                    default: ghcr.io/restic/restic:0.18.0
`,
  ),
});

describe("a pod creator whose chart's CRD defaults an image each resource may leave unset", () => {
  it('lists the default as optional; the warning names it as listed, not "no image"', async () => {
    const out = await listImages(chart(), ['--optional']);
    expect(out.optional?.map((i) => i.ref)).toContain('ghcr.io/restic/restic:0.18.0');
    const w = (out.warnings ?? []).find((x) => x.message.includes('may start pods of its own'));
    expect(w?.message).toBeDefined();
    expect(w!.message).not.toContain('names no image for any program');
    expect(w!.message).toContain('ghcr.io/restic/restic:0.18.0');
  });
});
