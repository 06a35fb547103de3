// Writes blobs and manifests into a plain-HTTP registry with the test's own HTTP client (not the
// code under test): signature artifacts, referrers tag indexes and cosign tags as signers make them.
import { createHash } from 'node:crypto';
import { request } from 'node:http';

export const sha256 = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

function call(
  host: string,
  method: string,
  path: string,
  body: Buffer | undefined,
  headers: Record<string, string>,
): Promise<{ status: number; location?: string; body: string }> {
  const [hostname, port] = host.split(':');
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port: Number(port), method, path, headers: { ...headers, 'content-length': String(body?.length ?? 0) } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function putBlob(host: string, repo: string, bytes: Buffer): Promise<{ digest: string; size: number }> {
  const digest = sha256(bytes);
  const start = await call(host, 'POST', `/v2/${repo}/blobs/uploads/`, undefined, {});
  if (start.status !== 202) throw new Error(`POST upload ${repo}: ${start.status} ${start.body}`);
  const url = new URL(start.location!, `http://${host}`);
  url.searchParams.set('digest', digest);
  const put = await call(host, 'PUT', url.pathname + url.search, bytes, { 'content-type': 'application/octet-stream' });
  if (put.status !== 201) throw new Error(`PUT blob ${repo}: ${put.status} ${put.body}`);
  return { digest, size: bytes.length };
}

export async function putManifest(
  host: string,
  repo: string,
  ref: string,
  mediaType: string,
  json: unknown,
): Promise<{ digest: string; size: number; mediaType: string }> {
  const bytes = Buffer.from(JSON.stringify(json));
  const r = await call(host, 'PUT', `/v2/${repo}/manifests/${ref}`, bytes, { 'content-type': mediaType });
  if (r.status !== 201) throw new Error(`PUT manifest ${repo}:${ref}: ${r.status} ${r.body}`);
  return { digest: sha256(bytes), size: bytes.length, mediaType };
}
