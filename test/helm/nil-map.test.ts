// Helm's fromJson of "null" (and fromJsonArray's): json.Unmarshal sets the map (or slice) to nil,
// which toJson and toYaml write as null, fmt as map[], and which a merge replaces with a new map.
// We gave {} (and []): found by the differential fuzzer (seed 3501, `"null" | fromJson | toJson`).
// Judged against real Helm 4, with what Sprig's dict functions do with a nil map beside it.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateBoth } from '../support/template-both.js';
import { runCli } from '../discover/run-cli.js';

const NIL = `{{- $m := fromJson "null" }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: nil-map
data:
  json: {{ $m | toJson | quote }}
  yaml: {{ $m | toYaml | quote }}
  pretty: {{ $m | toYamlPretty | quote }}
  printed: {{ printf "%v %d %t" $m (len $m) (empty $m) | quote }}
  nested: {{ dict "x" $m | toJson | quote }}
  listed: {{ list $m | toJson | quote }}
  copied: {{ deepCopy $m | toJson | quote }}
  merged: {{ printf "%s %s" (merge (fromJson "null") (dict "a" 1) | toJson) ($m | toJson) | quote }}
  unset: {{ unset (fromJson "null") "a" | toJson | quote }}
  picked: {{ printf "%s %s %t" (pick $m "a" | toJson) (keys $m | toJson) (hasKey $m "a") | quote }}
  slice: {{ printf "%s %d" (fromJsonArray "null" | toJson) (fromJsonArray " null " | len) | quote }}
  spaced: {{ fromJson " null " | toJson | quote }}
  empty: {{ printf "%s %s" (fromJson "{}" | toJson) (fromYaml "" | toJson) | quote }}
`;

async function chart(template: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nil-map-'));
  await mkdir(join(dir, 'templates'), { recursive: true });
  await writeFile(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: nilmap\nversion: 0.1.0\n');
  await writeFile(join(dir, 'templates', 'cm.yaml'), template);
  return dir;
}

describe('a nil map from fromJson "null"', () => {
  it('renders as real Helm 4 renders it', async () => {
    const dir = await chart(NIL);
    try {
      const { ours, helm } = await templateBoth(dir);
      expect(ours.stderr).toBe('');
      expect(ours.exitCode).toBe(0);
      expect(ours.stdout.trim()).toBe(helm.trim());
      expect(helm).toContain('json: "null"');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses set on it, as Go refuses an assignment to a nil map', async () => {
    const dir = await chart('data:\n  a: {{ set (fromJson "null") "a" 1 | toJson | quote }}\n');
    try {
      const r = await runCli(['template', dir]);
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toContain('error calling set: assignment to entry in nil map');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
