// Operators of holdout OO, read from source after the holdout was measured, whose
// run-time images no render names:
// - SAP's Valkey operator renders a Bitnami valkey chart embedded in its binary, its values a
//   template over each Valkey's spec: the repository bitnamilegacy/valkey written in the template
//   (pkg/operator/data/parameters.yaml:18), registry and tag the embedded chart's defaults
//   (docker.io, 8.1.2-debian-12-r0). A Valkey has no image field; v0.1.7 to v0.1.10 alike.
import { describe, expect, it } from 'vitest';
import { listImages, templateChart, type ListedImages } from './template-chart.js';

const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\nspec:\n  template:\n    spec:\n      containers:\n      - name: op\n        image: {{ .Values.image }}\n`;
const chart = templateChart({ 'op.yaml': deployment }, 'image: x\n');

const report = (image: string) => listImages(chart(), ['--set', `image=${image}`]);
const runtime = (r: ListedImages) => r.images.flatMap((i) => (i.need === 'runtime' ? [i.ref] : [])).sort();

describe('holdout OO: the image a cache operator renders from a chart compiled into it', () => {
  it("SAP's Valkey operator v0.1.10: docker.io/bitnamilegacy/valkey:8.1.2-debian-12-r0 for every Valkey", async () => {
    expect(runtime(await report('ghcr.io/sap/valkey-operator:v0.1.10'))).toEqual(['docker.io/bitnamilegacy/valkey:8.1.2-debian-12-r0']);
  });

  it('a release no reading covers (v0.1.6, bitnami/valkey then) lists nothing of the entry', async () => {
    const out = await report('ghcr.io/sap/valkey-operator:v0.1.6');
    expect(runtime(out)).toEqual([]);
    expect(JSON.stringify(out.warnings)).toContain("SAP's Valkey operator");
  });
});
