// An operator that installs whole components from release manifests bundled in its own image
// (holdout UU: the Tekton Operator's kodata, pinned by its components.yaml): the chart
// hands it only a helper or two by env (the pruner's tkn), so the render reads as complete. The
// components' images are pinned by digest in release artifacts no source file names, so the
// table names them in a warning (its `uncovered`). Before, `images` listed the helpers and said
// nothing of Pipelines, Triggers, Chains or the Dashboard.
import { describe, expect, it } from 'vitest';
import { deploymentHead, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const chart = templateChart({
  'operator.yaml': `${deploymentHead('tekton-operator')}      - name: tekton-operator-lifecycle
        image: ghcr.io/tektoncd/operator/operator-303303c315a48490ba6517859ef65b77:v0.81.1
        env:
        - name: IMAGE_JOB_PRUNER_TKN
          value: ghcr.io/tektoncd/plumbing/tkn:v0.40.0
        - name: AUTOINSTALL_COMPONENTS
          value: "true"
`,
});

describe('an operator installing components from manifests in its image', () => {
  it('images lists the helper it is handed and warns that the components it installs are not listed', async () => {
    const r = await runCli(['images', chart(), '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { images: { ref: string }[]; warnings: { operator?: string; message: string }[] };
    expect(j.images.map((i) => i.ref)).toContain('ghcr.io/tektoncd/plumbing/tkn:v0.40.0');
    const w = j.warnings.filter((x) => x.operator === 'Tekton Operator');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('components.yaml');
  });
});
