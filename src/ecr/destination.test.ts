// The AWS SDK is loaded only for an ECR target: a push, sync or verify to any other registry
// spent ~45 ms compiling and running its chunks before the first request.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

// a child process: this one may have loaded the SDK already (other tests)
async function sdkLoadedFor(target: string): Promise<boolean> {
  const here = new URL('.', import.meta.url).pathname;
  const script = `
    const { parseTarget } = await import('${here}target.ts');
    const { createDestination } = await import('${here}destination.ts');
    const d = await createDestination(parseTarget(${JSON.stringify(target)}), { aws: { credentials: { accessKeyId: 'a', secretAccessKey: 'b' } } });
    if (!d.client || !d.provisioner) throw new Error('no destination');
    const { createRequire } = await import('node:module');
    const cache = createRequire(import.meta.url).cache;
    console.log(Object.keys(cache).some((k) => k.includes('@aws-sdk/client-ecr')));`;
  const { stdout } = await execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
  return stdout.trim() === 'true';
}

describe('transfer destination', () => {
  it('loads no AWS SDK for a registry that is not ECR, and loads it for ECR', async () => {
    expect(await sdkLoadedFor('127.0.0.1:5000/mirror')).toBe(false);
    expect(await sdkLoadedFor('123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror')).toBe(true);
  });
});
