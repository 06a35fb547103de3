// Checks AWS Signature Version 4 on requests the real AWS SDK sends to the ECR stand-in: the
// Authorization header's shape, the credential scope (date/region/service/aws4_request), the
// X-Amz-Date, and, when the stand-in knows the secret key, the signature itself.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SigV4Expectation {
  /** "ecr" or "ecr-public" (the signing name the SDK uses). */
  service: string;
  region: string;
  credentials: SigV4Credentials;
}

export interface SigV4Result {
  ok: boolean;
  reason?: string;
  accessKeyId?: string;
}

const AUTH_RE =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const AMZ_DATE_RE = /^(\d{8})T\d{6}Z$/;

export function verifySigV4(req: IncomingMessage, body: Buffer, want: SigV4Expectation): SigV4Result {
  const auth = req.headers.authorization ?? '';
  const m = AUTH_RE.exec(auth);
  if (!m) return { ok: false, reason: 'Authorization header is missing or not AWS4-HMAC-SHA256' };
  const [, keyId, date, region, service, signedHeaders, signature] = m as unknown as string[];
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const dm = AMZ_DATE_RE.exec(amzDate);
  if (!dm) return { ok: false, reason: 'x-amz-date is missing or malformed' };
  if (dm[1] !== date) return { ok: false, reason: 'credential scope date differs from x-amz-date' };
  if (region !== want.region) return { ok: false, reason: `signed for region ${region}, expected ${want.region}` };
  if (service !== want.service) return { ok: false, reason: `signed for service ${service}, expected ${want.service}` };
  if (keyId !== want.credentials.accessKeyId) return { ok: false, reason: 'The security token included in the request is invalid.' };
  const names = signedHeaders!.split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) return { ok: false, reason: 'SignedHeaders must include host and x-amz-date' };
  const expected = computeSignature(req, body, names, { amzDate, date: date!, region: region!, service: service! }, want.credentials.secretAccessKey);
  const a = Buffer.from(expected, 'hex');
  const b = Buffer.from(signature!, 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    return { ok: false, reason: 'The request signature we calculated does not match the signature you provided.' };
  }
  return { ok: true, accessKeyId: keyId };
}

interface Scope {
  amzDate: string;
  date: string;
  region: string;
  service: string;
}

function computeSignature(req: IncomingMessage, body: Buffer, headerNames: string[], s: Scope, secret: string): string {
  const url = new URL(req.url ?? '/', 'http://standin');
  const canonicalHeaders = headerNames.map((n) => `${n}:${headerValue(req, n)}\n`).join('');
  const canonicalRequest = [
    req.method ?? 'POST',
    canonicalPath(url.pathname),
    canonicalQuery(url.searchParams),
    canonicalHeaders,
    headerNames.join(';'),
    sha256Hex(body),
  ].join('\n');
  const scope = `${s.date}/${s.region}/${s.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', s.amzDate, scope, sha256Hex(Buffer.from(canonicalRequest))].join('\n');
  let key: Buffer = hmac(Buffer.from('AWS4' + secret), s.date);
  for (const part of [s.region, s.service, 'aws4_request']) key = hmac(key, part);
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

function headerValue(req: IncomingMessage, name: string): string {
  const v = req.headers[name];
  const joined = Array.isArray(v) ? v.join(',') : (v ?? '');
  return joined.trim().replace(/\s+/g, ' ');
}

function canonicalPath(path: string): string {
  // non-S3 services sign the path URI-encoded twice (the SDK's uriEscapePath default)
  return path
    .split('/')
    .map((seg) => awsEncode(awsEncode(decodeURIComponent(seg))))
    .join('/');
}

function canonicalQuery(params: URLSearchParams): string {
  return [...params.entries()]
    .map(([k, v]) => [awsEncode(k), awsEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function awsEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function hmac(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function sha256Hex(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}
