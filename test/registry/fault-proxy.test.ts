import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';

describe('fault proxy (test support)', () => {
  let reg: RunningRegistry;
  let proxy: FaultProxy;
  beforeAll(async () => {
    reg = await startRegistry();
    proxy = await startFaultProxy(reg.host);
  });
  afterAll(async () => {
    await proxy.stop();
    await reg.stop();
  });

  it('forwards to the registry when no rule matches', async () => {
    const res = await fetch(`${proxy.url}/v2/`);
    expect(res.status).toBe(200);
  });

  it('answers an injected 429 with Retry-After once, then forwards again', async () => {
    proxy.inject({ path: '/v2/', fault: { kind: 'status', status: 429, retryAfter: '2' } });
    const first = await fetch(`${proxy.url}/v2/`);
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '2']);
    expect((await fetch(`${proxy.url}/v2/`)).status).toBe(200);
    expect(proxy.pending()).toBe(0);
  });

  it('cuts a body after N bytes so the reader sees a premature close', async () => {
    const body = new Uint8Array(200_000).fill(7);
    const post = await fetch(`${reg.url}/v2/fp/blobs/uploads/`, { method: 'POST' });
    const loc = new URL(post.headers.get('location')!, reg.url);
    const { createHash } = await import('node:crypto');
    const digest = 'sha256:' + createHash('sha256').update(body).digest('hex');
    loc.searchParams.set('digest', digest);
    expect((await fetch(loc, { method: 'PUT', body })).status).toBe(201);
    proxy.inject({ method: 'GET', path: digest, fault: { kind: 'cut', afterBytes: 1000 } });
    const res = await fetch(`${proxy.url}/v2/fp/blobs/${digest}`);
    expect(res.status).toBe(200);
    await expect(res.arrayBuffer()).rejects.toThrow();
    expect(proxy.log.at(-1)?.fault).toBe('cut');
  });
});
