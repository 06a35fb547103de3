// Feature gates as one string of `Key=value` entries (Agones' `featureGates: "A=true&B=false"`):
// a helper splits the string into a map over defaults the chart ships in a file (`.Files.Get` |
// fromYaml), and templates read the map through a variable (`$gates := include "op.gates" . |
// fromYaml` ... `if $gates.Processor`). A key whose branch brings a workload is a toggle no boolean
// of values holds: `images --optional` sets the string to `Key=true` and lists what it brings, with
// the setting named; a gate read under `not`, or whose branch brings no image, costs no listing.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { runCli } from './run-cli.js';
import { deployment } from './template-chart.js';

const HELPER = `{{- define "op.gates" -}}
{{- .Files.Get "gates.yaml" -}}
{{- if $.Values.gates }}
{{- $known := .Files.Get "gates.yaml" | fromYaml }}
{{- range splitList "&" $.Values.gates }}
{{- $f := splitn "=" 2 . -}}
{{- if hasKey $known $f._0 }}
{{$f._0}}: {{$f._1}}
{{- else -}}
{{- printf "Unknown feature gate %q" $f._0 | fail -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
`;

const image = (name: string) => `{{ .Values.registry }}/${name}:{{ .Values.tag }}`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-gate-string-'));
  await writeFiles(join(dir, 'op'), {
    'Chart.yaml': 'apiVersion: v2\nname: op\nversion: 0.1.0\n',
    'values.yaml': 'registry: registry.acme.io/acme\ntag: "1.5"\ngates: ""\n',
    'gates.yaml': 'Processor: false\nScheduler: false\nLegacyPorts: true\nMetrics: false\n',
    'templates/_helpers.tpl': HELPER,
    'templates/controller.yaml': `{{- $gates := include "op.gates" . | fromYaml }}\n${deployment('controller', image('controller'))}{{- if not $gates.LegacyPorts }}\n        args: ["--ports"]\n{{- end }}\n`,
    'templates/processor.yaml': `{{- $gates := include "op.gates" . | fromYaml }}\n{{- if $gates.Processor }}\n${deployment('processor', image('processor'))}{{- end }}\n`,
    'templates/scheduler.yaml': `{{- $g := include "op.gates" . | fromYaml }}\n{{- if and $g.Scheduler .Values.registry }}\n${deployment('scheduler', image('scheduler'))}{{- end }}\n`,
    // a gate whose branch adds a ConfigMap: no image, no render spent
    'templates/metrics.yaml': `{{- $gates := include "op.gates" . | fromYaml }}\n{{- if $gates.Metrics }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: metrics\ndata:\n  on: "yes"\n{{- end }}\n`,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a feature-gate string a helper splits into Key=value entries', () => {
  it('images --optional sets each gate a branch bringing an image reads, and names it', async () => {
    const r = await runCli(['images', join(dir, 'op'), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: { ref: string }[]; optional: { ref: string; toggles: string[] }[] };
    expect(out.images.map((i) => i.ref)).toEqual(['registry.acme.io/acme/controller:1.5']);
    expect(Object.fromEntries(out.optional.map((i) => [i.ref, i.toggles]))).toEqual({
      'registry.acme.io/acme/processor:1.5': ['gates=Processor=true'],
      'registry.acme.io/acme/scheduler:1.5': ['gates=Scheduler=true'],
    });
  });
});
