// Reading `helm template`'s stream back into documents (the `--renderer helm` path, and how the
// corpus judges real Helm's render), on a chart built here and rendered by real Helm 4: a template
// whose optional first document renders empty, so two separators meet (`---` then, on its own,
// `---` before the next document). Helm's splitter takes the first and its blank lines, leaving
// the second inside the manifest under one `# Source:` line; `helm install` applies the document
// after it (yugabyte's OpenTelemetryCollector, with its image). Before, that document was dropped.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realHelm } from '../support/tools.js';
import { writeFiles } from '../support/files.js';
import { parseHelmTemplateOutput } from '../../src/helm/engine/renderer.js';

const TEMPLATE = `{{- if true }}
---
{{- if false }}
apiVersion: v1
kind: Secret
metadata:
  name: optional
{{- end }}
---

apiVersion: acme.io/v1
kind: Collector
metadata:
  name: collector
spec:
  image: "otel/collector:1.0"
{{- end }}
`;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-template-output-'));
  await writeFiles(join(dir, 'c'), {
    'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
    'templates/collector.yaml': TEMPLATE,
    'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n',
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("helm template's stream read back", () => {
  it('a document after a separator left inside a manifest is kept, under its template', async () => {
    const { helm } = await realHelm(4);
    const out = (await execa(helm, ['template', 'r', join(dir, 'c')])).stdout;
    // the shape this reads: one `# Source:` line, then a separator of the template's own
    expect(out).toMatch(/# Source: c\/templates\/collector\.yaml\n---\n/);
    const docs = parseHelmTemplateOutput(out).filter((d) => d.object);
    expect(docs.map((d) => [d.template, (d.object as { kind: string }).kind])).toEqual([
      ['c/templates/cm.yaml', 'ConfigMap'],
      ['c/templates/collector.yaml', 'Collector'],
    ]);
  });
});
