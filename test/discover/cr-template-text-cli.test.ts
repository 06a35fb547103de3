// A template a custom resource carries as text in a language of its controller's (KubeVela's CUE
// in a ComponentDefinition's spec.schematic.cue.template; vela-core): the controller
// renders it into workloads only for a resource of the user's that uses the definition, so the
// literal references it writes (`image: "…"`, a parameter's default `*"…" | string`) are optional,
// brought by such a resource. Before, they were no candidate at all: neither listed nor audited.
// Expressions (`image: parameter.image`), names without a path (`"kubevela:ux"`), URLs and
// comments are not references.
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { templateChart } from './template-chart.js';

const CUE = `apiVersion: core.oam.dev/v1beta1
kind: WorkflowStepDefinition
metadata:
  name: build-push
spec:
  schematic:
    cue:
      template: |
        import "vela/op"
        job: op.#Apply & {
        	value: {
        		spec: containers: [{
        			name:  "kaniko"
        			image: parameter.kanikoExecutor
        		}, {
        			name:  "annotate"
        			image: "bitnami/kubectl:1.29"
        		}]
        		if parameter.lang == "go" {
        			image: "registry.acme.io/dev-images/golang:latest"
        		}
        		metadata: group: "kubevela:ux"
        		docs: "https://registry.acme.io:443/docs/x"
        	}
        }
        parameter: {
        	// +usage=Specify the kaniko executor image, default to acme/kaniko-executor:v1.9.1
        	kanikoExecutor: *"acme/kaniko-executor:v1.9.1" | string
        	image: *"acme/vela-cli:v1.6.4" | string
        	serviceAccountName: *"kubevela-vela-core" | string
        }
`;

const chart = templateChart({ 'defs.yaml': CUE });
const SETTING = 'a resource that uses WorkflowStepDefinition build-push';

describe('literal references in a template text a custom resource carries', () => {
  it('images --optional lists each, brought by a resource that uses the definition; none is needed', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: { ref: string }[]; optional: { ref: string; toggles: string[] }[] };
    expect(out.images).toEqual([]);
    expect(out.optional.map((i) => [i.ref, i.toggles]).sort()).toEqual([
      ['docker.io/acme/kaniko-executor:v1.9.1', [SETTING]],
      ['docker.io/acme/vela-cli:v1.6.4', [SETTING]],
      ['docker.io/bitnami/kubectl:1.29', [SETTING]],
      ['registry.acme.io/dev-images/golang:latest', [SETTING]],
    ]);
  });

  it('--explain gives each the verdict optional and leaves nothing unaccounted', async () => {
    const r = await runCli(['images', chart(), '--optional', '--explain', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const e = (JSON.parse(r.stdout) as { explain: { unaccounted: unknown[]; candidates: { raw: string; verdict: string }[] } }).explain;
    expect(e.unaccounted).toEqual([]);
    expect(
      e.candidates
        .filter((c) => c.verdict === 'optional')
        .map((c) => c.raw)
        .sort(),
    ).toEqual(['acme/kaniko-executor:v1.9.1', 'acme/vela-cli:v1.6.4', 'bitnami/kubectl:1.29', 'registry.acme.io/dev-images/golang:latest']);
  });
});
