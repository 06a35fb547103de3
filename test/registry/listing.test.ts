import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../../src/registry/client.js';

// docker-registry 2.8 ignores `n` on tags/list and has no referrers API, so this small server
// plays a registry that pages both (as ECR and registry 3 do) with Link headers.
describe('paged listings through Link: rel="next" (DS Listing Tags, Listing Referrers)', () => {
  let server: Server;
  let host = '';
  const subject = 'sha256:' + 'c'.repeat(64);
  const ref = (n: number) => ({
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: 'sha256:' + String(n).repeat(64),
    size: 10,
    artifactType: 'application/example',
  });
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const json = (body: unknown, link?: string) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (link) headers.link = link;
        res.writeHead(200, headers).end(JSON.stringify(body));
      };
      if (url.pathname === '/v2/p/app/tags/list') {
        const last = url.searchParams.get('last');
        // unsorted pages, relative then absolute Link, as ECR does
        if (!last) return json({ name: 'p/app', tags: ['zeta', 'alpha'] }, '</v2/p/app/tags/list?n=2&last=opaque1>; rel="next"');
        if (last === 'opaque1') return json({ name: 'p/app', tags: ['mid'] }, `<http://${host}/v2/p/app/tags/list?n=2&last=opaque2>; rel="next"`);
        return json({ name: 'p/app', tags: ['beta'] });
      }
      if (url.pathname === `/v2/p/app/referrers/${subject}`) {
        const page = url.searchParams.get('page');
        const body = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [ref(page ? 2 : 1)] };
        return json(body, page ? undefined : `</v2/p/app/referrers/${subject}?page=2>; rel="next"`);
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('follows every tags page and sorts the union (ECR pages unsorted)', async () => {
    const repo = new RegistryClient().repository(`${host}/p/app`);
    expect(await repo.listTags(undefined, { pageSize: 2 })).toEqual(['alpha', 'beta', 'mid', 'zeta']);
  });

  it('one run-long signal across 600 requests keeps no abort listener behind (pushing 300 images once warned 391 times)', async () => {
    const signal = new AbortController().signal;
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const repo = new RegistryClient().repository(`${host}/p/app`);
      for (let i = 0; i < 200; i++) await repo.listTags({ signal }, { pageSize: 2 });
      // a request leaves the signal on its 'close', which node:http emits on the tick after the
      // response's end: one turn of the event loop lets the last one close
      await new Promise((r) => setImmediate(r));
      expect(getEventListeners(signal, 'abort')).toHaveLength(0);
      expect(warnings.filter((w) => w === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('reads the referrers API across pages when it answers 200', async () => {
    const repo = new RegistryClient().repository(`${host}/p/app`);
    const list = await repo.referrers({ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: subject, size: 1 });
    expect(list).toEqual([ref(1), ref(2)]);
  });
});
