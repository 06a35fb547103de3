// toJson of Go strings as real Helm 4 prints them: a string b64dec made of bytes that are not UTF-8
// has each byte of an invalid sequence escaped as \ufffd (a cut three-byte sequence is two, not
// the one U+FFFD a JS decoder makes), a real U+FFFD stays as it is, backspace and form feed are
// escaped by name (Go 1.22+), and b64enc of such a string gives its own bytes back.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { templateBoth } from '../support/template-both.js';

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata: {name: json}
data:
  lone: {{ "/w==" | b64dec | toJson | squote }}
  cut: {{ "4oI=" | b64dec | toJson | squote }}
  replacement: {{ "77+9" | b64dec | toJson | squote }}
  inMap: {{ dict "k" ("aGn/6IA=" | b64dec) | toJson | squote }}
  surrogate: {{ "7aCA" | b64dec | toJson | squote }}
  controls: {{ "\\b\\f\\x01" | toJson | squote }}
  back: {{ "/w==" | b64dec | b64enc }}
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-json-bytes-'));
  await writeFiles(join(dir, 'c'), { 'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n', 'templates/cm.yaml': CONFIGMAP });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('toJson of strings that are not UTF-8, against real Helm 4', () => {
  it('prints what Helm prints', async () => {
    const { ours, helm } = await templateBoth(join(dir, 'c'));
    expect(ours.exitCode, ours.stderr).toBe(0);
    expect(ours.stdout.trimEnd()).toBe(helm.trimEnd());
    expect(helm).toContain(`cut: '"\\ufffd\\ufffd"'`);
  });
});
