// Azure Workload Identity's webhook adds a proxy sidecar and its init container to pods annotated
// azure.workload.identity/inject-proxy-sidecar: "true", both images composed from a registry and
// version its release build compiles in (holdoutSS). Its webhook is named for mutation,
// not injection, so pod-injectors.ts never named it: `images` listed the webhook alone and `values`
// said nothing was left outside the target. The table entry lists what the read version pulls.
import { describe, expect, it } from 'vitest';
import { deploymentWithEnv, listImages, templateChart } from './template-chart.js';

const AZWI = 'mcr.microsoft.com/oss/azure/workload-identity';

describe('a webhook that injects a proxy its build compiles in', () => {
  const chart = templateChart({ 'webhook.yaml': deploymentWithEnv(`${AZWI}/webhook:v1.6.0`, { POD_NAMESPACE: 'default' }) });
  const older = templateChart({ 'webhook.yaml': deploymentWithEnv(`${AZWI}/webhook:v1.5.0`, { POD_NAMESPACE: 'default' }) });
  const told = templateChart({
    'webhook.yaml': deploymentWithEnv(`${AZWI}/webhook:v1.6.0`, { PROXY_IMAGE: 'registry.example/azwi/proxy:v1.6.0' }),
  });

  it('lists the proxy and its init container at the webhook version, as run-time images', async () => {
    for (const [c, v] of [
      [chart, 'v1.6.0'],
      [older, 'v1.5.0'],
    ] as const) {
      const runtime = (await listImages(c())).images.filter((i) => i.need === 'runtime').map((i) => i.ref);
      expect(runtime.sort()).toEqual([`${AZWI}/proxy-init:${v}`, `${AZWI}/proxy:${v}`]);
    }
  });

  it('the sidecar the env var names instead of the compiled-in one', async () => {
    const refs = (await listImages(told())).images.map((i) => i.ref);
    expect(refs).toContain('registry.example/azwi/proxy:v1.6.0');
    expect(refs).not.toContain(`${AZWI}/proxy:v1.6.0`);
    expect(refs).toContain(`${AZWI}/proxy-init:v1.6.0`);
  });
});
