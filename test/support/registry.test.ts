import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htpasswdEntry, startRegistry, type RunningRegistry } from './registry.js';

describe('test registry harness', () => {
  let open: RunningRegistry;
  let basic: RunningRegistry;
  beforeAll(async () => {
    open = await startRegistry();
    basic = await startRegistry({ auth: { kind: 'basic', htpasswd: await htpasswdEntry('alice', 's3cret') } });
  });
  afterAll(async () => {
    await open?.stop();
    await basic?.stop();
  });

  it('serves the distribution API root without auth', async () => {
    const r = await fetch(`${open.url}/v2/`);
    expect(r.status).toBe(200);
  });

  it('asks for Basic credentials when started with htpasswd, and accepts them', async () => {
    const r = await fetch(`${basic.url}/v2/`);
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toMatch(/^Basic /);
    const ok = await fetch(`${basic.url}/v2/`, { headers: { authorization: 'Basic ' + Buffer.from('alice:s3cret').toString('base64') } });
    expect(ok.status).toBe(200);
  });
});
