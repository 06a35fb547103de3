// Run-time references reachable only through encoded data (issue 49, class 3), on a chart built
// here: a values tree b64enc'd into a Secret's data and a ConfigMap's binaryData, once more inside
// a JSON payload, and an env file; binary data beside them. Each reference is found with the path
// through every decoding, and `values` moves those that values build (proved by re-render).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { runCli } from './run-cli.js';
import { deploymentHead } from './template-chart.js';

const VALUES = `image: quay.io/acme/controller:3.1
runtime:
  images:
    registry: ghcr.io
    repository: acme/sandbox
    tag: "0.9.1"
  helper:
    image: quay.io/acme/helper:1.1
`;

const TEMPLATE = `${deploymentHead('ctl')}      - name: ctl
        image: {{ .Values.image }}
---
apiVersion: v1
kind: Secret
metadata:
  name: runtime-values
data:
  values.yaml: {{ toYaml .Values.runtime | b64enc }}
  agent.env: {{ "AGENT_IMAGE=docker.io/acme/agent:5.0\\nLOG_LEVEL=info\\n" | b64enc }}
  nested.json: {{ dict "payload" (toYaml .Values.runtime | b64enc) | toJson | b64enc }}
  keystore: AAECAwQFBgcICQoLDA0ODw==
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: bin
binaryData:
  runtime.yaml: {{ toYaml .Values.runtime | b64enc }}
`;

interface Site {
  site: string;
  fieldPath: string;
}
interface Listed {
  ref: string;
  valuesPaths: string[];
  sites: Site[];
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-encoded-'));
  await writeFiles(join(dir, 'enc'), { 'Chart.yaml': 'apiVersion: v2\nname: enc\nversion: 0.1.0\n', 'values.yaml': VALUES, 'templates/all.yaml': TEMPLATE });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('references inside base64 data of Secrets and ConfigMaps', () => {
  it('images finds each with its values and the path through every decoding', async () => {
    const r = await runCli(['images', join(dir, 'enc'), '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const images = (JSON.parse(r.stdout) as { images: Listed[] }).images;
    const where = (ref: string) => images.find((i) => i.ref === ref);
    expect(images.map((i) => i.ref).sort()).toEqual([
      'docker.io/acme/agent:5.0',
      'ghcr.io/acme/sandbox:0.9.1',
      'quay.io/acme/controller:3.1',
      'quay.io/acme/helper:1.1',
    ]);
    expect(where('ghcr.io/acme/sandbox:0.9.1')?.valuesPaths).toEqual(['runtime.images.registry', 'runtime.images.repository', 'runtime.images.tag']);
    expect(where('quay.io/acme/helper:1.1')?.valuesPaths).toEqual(['runtime.helper.image']);
    expect(r.stdout).toContain('data[\\"values.yaml\\"] > base64.images');
    expect(r.stdout).toContain('data[\\"nested.json\\"] > base64.payload.base64.helper.image');
    expect(r.stdout).toContain('binaryData[\\"runtime.yaml\\"] > base64.images');
    expect(r.stdout).toContain('data[\\"agent.env\\"] > base64 > AGENT_IMAGE');
  });

  it('values moves the images values build; the literal in the env file stays for postrender', async () => {
    const out = join(dir, 'out');
    const env = { HOME: dir, HELM_AIRGAP_CACHE: join(dir, 'cache') };
    const refused = await runCli(['values', join(dir, 'enc'), '--registry', 'mirror.local:5000/m', '-o', out], env);
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toMatch(
      /docker\.io\/acme\/agent:5\.0 \(hard-coded \(no values path\): postrender moves it at install in enc\/templates\/all\.yaml Secret\/runtime-values data\["agent\.env"\] > base64 > AGENT_IMAGE; --allow-hardcoded accepts it\)/,
    );
    const r = await runCli(['values', join(dir, 'enc'), '--registry', 'mirror.local:5000/m', '-o', out, '--allow-hardcoded'], env);
    expect(r.exitCode, r.stderr).toBe(0);
    const v = parse(await readFile(join(out, 'enc.values.yaml'), 'utf8'));
    expect(v.runtime.images.repository).toBe('m/ghcr.io/acme/sandbox');
    expect(v.runtime.helper.image).toBe('mirror.local:5000/m/quay.io/acme/helper:1.1');
  });
});
