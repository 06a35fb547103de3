// The registry side of the ECR stand-in: a reverse proxy in front of a real docker-registry that
// applies ECR's rules before the registry sees a request:
//  - credentials are the passwords GetAuthorizationToken handed out ("AWS:<password>"); expired
//    ones get ECR's 403 "Your authorization token has expired";
//  - a repository that was never created answers 404 NAME_UNKNOWN with ECR's message, unless a
//    write (upload, manifest put) meets it under a CREATE_ON_PUSH creation template: ECR then
//    creates it with the template's settings, whatever the caller's IAM policy says of
//    CreateRepository;
//  - an IMMUTABLE repository refuses to re-put an existing tag, even with the same digest, with
//    ECR's "tag invalid" message (aws/containers-roadmap#2179);
//  - cross-repository mount is ignored unless BLOB_MOUNTING is on (ECR then answers 202).
//  - uploads behave as ECR's do (upload-quirks.ts);
//  - the OCI 1.1 referrers API, which ECR serves (docker-registry 2.8 behind does not): a manifest
//    put with a `subject` is answered with OCI-Subject and listed by GET /v2/NAME/referrers/DIGEST
//    (filtered by artifactType), unless a test turns it off (state.referrersApi).
// ECR Public mode puts the registry alias first in every path and speaks Bearer: /token/ trades
// the Basic "AWS:<password>" for a registry token, as public.ecr.aws does.
import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { createOnPush } from './api.js';
import type { StandinState } from './state.js';
import type { UploadQuirks } from './upload-quirks.js';

export interface FrontOptions {
  state: StandinState;
  mode: 'private' | 'public';
  /** host:port of the docker-registry behind, and its htpasswd credentials. */
  backendHost: string;
  backendAuth: string;
}

/** Faults a test can arm on the registry side. */
export interface FrontFaults {
  /** Cut the connection after `afterBytes` request-body bytes of the next `times` blob uploads (PATCH/PUT/POST with a body). */
  cutUploads?: { afterBytes: number; times: number };
  /** Answer the next N /v2/ requests with this status (503, 500, 429) before proxying again. */
  failNext?: { status: number; times: number };
  /** ECR's upload behaviour (201 PATCH, stuck Range, 5 MiB parts, no status GET); on by default. */
  uploads: UploadQuirks;
}

interface Route {
  name: string;
  kind: 'blobs' | 'manifests' | 'tags' | 'referrers';
  rest: string;
}

const ROUTE_RE = /^\/v2\/(.+?)\/(blobs|manifests|tags|referrers)\/(.*)$/;
const DIGEST_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export function createFrontHandler(o: FrontOptions, faults: FrontFaults) {
  const bearerTokens = new Map<string, string>();
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://front');
    const log = { method: req.method ?? 'GET', path: url.pathname, query: url.search, status: 0, bytesIn: 0 };
    o.state.frontRequests.push(log);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (o.mode === 'public' && url.pathname === '/token/') return issueBearer(o, req, bearerTokens, reply);
    const password = authenticate(o, req, bearerTokens);
    const challenge = challengeFor(o, req);
    if (password === undefined) return reply(401, errors('UNAUTHORIZED', 'Not Authorized'), { 'www-authenticate': challenge });
    const check = o.state.checkPassword(password);
    if (check === 'expired') return reply(403, errors('DENIED', 'Your authorization token has expired. Reauthenticate and try again.'));
    if (check === 'unknown') return reply(401, errors('UNAUTHORIZED', 'Not Authorized'), { 'www-authenticate': challenge });
    if (faults.failNext && faults.failNext.times > 0) {
      faults.failNext.times--;
      return reply(faults.failNext.status, errors('UNKNOWN', 'injected fault'), faults.failNext.status === 429 ? { 'retry-after': '0' } : {});
    }
    const route = ROUTE_RE.exec(url.pathname);
    if (route) {
      const r: Route = { name: route[1]!, kind: route[2] as Route['kind'], rest: route[3]! };
      const refusal = await checkRoute(o, req, url, r);
      if (refusal) return reply(refusal.status, refusal.body);
    }
    const quirk = faults.uploads.check(req, url);
    if (quirk) return reply(quirk.status, quirk.body);
    if (route && o.state.referrersApi) {
      const r: Route = { name: route[1]!, kind: route[2] as Route['kind'], rest: route[3]! };
      if (r.kind === 'referrers' && req.method === 'GET') return answerReferrers(o, r, url, res, log);
      if (r.kind === 'manifests' && req.method === 'PUT') return putManifest(o, req, res, url, log, r);
    }
    proxy(o, req, res, url, log, faults);
  };
}

function errors(code: string, message: string): unknown {
  return { errors: [{ code, message }] };
}

function challengeFor(o: FrontOptions, req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  return o.mode === 'public'
    ? `Bearer realm="http://${host}/token/",service="public.ecr.aws",scope="aws"`
    : `Basic realm="http://${host}/",service="ecr.amazonaws.com"`;
}

/** The password behind the request's credentials, or undefined when there are none. */
function authenticate(o: FrontOptions, req: IncomingMessage, bearer: Map<string, string>): string | undefined {
  const h = req.headers.authorization ?? '';
  if (o.mode === 'public') {
    const m = /^Bearer (.+)$/.exec(h);
    return m ? (bearer.get(m[1]!) ?? '') : undefined;
  }
  return basicPassword(h);
}

function basicPassword(header: string): string | undefined {
  const m = /^Basic (.+)$/.exec(header);
  if (!m) return undefined;
  const [user, ...pw] = Buffer.from(m[1]!, 'base64').toString().split(':');
  return user === 'AWS' ? pw.join(':') : '';
}

function issueBearer(o: FrontOptions, req: IncomingMessage, bearer: Map<string, string>, reply: (s: number, b: unknown) => void): void {
  const password = basicPassword(req.headers.authorization ?? '');
  if (password === undefined) return reply(401, errors('UNAUTHORIZED', 'authentication required'));
  const check = o.state.checkPassword(password);
  if (check !== 'ok') return reply(check === 'expired' ? 403 : 401, errors('DENIED', 'Your authorization token has expired. Reauthenticate and try again.'));
  const token = randomBytes(24).toString('base64url');
  bearer.set(token, password);
  reply(200, { token, access_token: token, expires_in: 300 });
}

async function checkRoute(o: FrontOptions, req: IncomingMessage, url: URL, r: Route): Promise<{ status: number; body: unknown } | undefined> {
  const repoName = repositoryOf(o, r.name);
  const writes = req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH';
  let repo = repoName === undefined ? undefined : o.state.repositories.get(repoName);
  if (!repo && repoName !== undefined && writes && o.mode === 'private') repo = createOnPush(o.state, repoName, req.headers.host ?? '');
  if (!repo) {
    const shown = repoName ?? r.name;
    return { status: 404, body: errors('NAME_UNKNOWN', `The repository with name '${shown}' does not exist in the registry with id '${o.state.account}'`) };
  }
  if (r.kind === 'blobs' && req.method === 'POST' && url.searchParams.has('mount')) {
    const from = url.searchParams.get('from') ?? '';
    const fromRepo = repositoryOf(o, from);
    if (!o.state.blobMounting || o.mode === 'public' || !fromRepo || !o.state.repositories.has(fromRepo)) {
      url.searchParams.delete('mount');
      url.searchParams.delete('from');
    }
  }
  if (r.kind === 'manifests' && req.method === 'PUT' && !DIGEST_RE.test(r.rest) && repo.imageTagMutability.startsWith('IMMUTABLE')) {
    if (await backendHasTag(o, r.name, r.rest, req.headers.host ?? '')) {
      const message = `The image tag '${r.rest}' already exists in the '${repoName}' repository and cannot be overwritten because the repository is immutable.`;
      return { status: 400, body: errors('TAG_INVALID', message) };
    }
  }
  return undefined;
}

/** The ECR repository a /v2/ name addresses (ECR Public names start with the registry alias). */
function repositoryOf(o: FrontOptions, name: string): string | undefined {
  if (o.mode === 'private') return name;
  const prefix = `${o.state.publicAlias}/`;
  return name.startsWith(prefix) ? name.slice(prefix.length) : undefined;
}

function backendHasTag(o: FrontOptions, name: string, tag: string, host: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      {
        host: o.backendHost.split(':')[0],
        port: Number(o.backendHost.split(':')[1]),
        method: 'HEAD',
        path: `/v2/${name}/manifests/${tag}`,
        headers: {
          host,
          authorization: o.backendAuth,
          accept:
            'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json',
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    r.on('error', reject);
    r.end();
  });
}

/** The referrers API: an image index of the manifests whose subject is the digest asked for. */
function answerReferrers(o: FrontOptions, r: Route, url: URL, res: ServerResponse, log: { status: number }): void {
  const type = url.searchParams.get('artifactType');
  const all = o.state.referrers.get(`${repositoryOf(o, r.name)}@${r.rest}`) ?? [];
  const manifests = type ? all.filter((d) => d.artifactType === type) : all;
  const body = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests };
  log.status = 200;
  res.writeHead(200, { 'content-type': 'application/vnd.oci.image.index.v1+json', ...(type ? { 'oci-filters-applied': 'artifactType' } : {}) });
  res.end(JSON.stringify(body));
}

/** A manifest put, read whole: one with a subject is remembered for the referrers API once stored. */
function putManifest(o: FrontOptions, req: IncomingMessage, res: ServerResponse, url: URL, log: { status: number; bytesIn: number }, r: Route): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    log.bytesIn += body.length;
    let doc: { subject?: { digest?: string }; artifactType?: string; config?: { mediaType?: string }; annotations?: Record<string, string> } = {};
    try {
      doc = JSON.parse(body.toString('utf8'));
    } catch {
      // the registry behind judges it
    }
    const up = httpRequest(
      {
        host: o.backendHost.split(':')[0],
        port: Number(o.backendHost.split(':')[1]),
        method: 'PUT',
        path: url.pathname + url.search,
        headers: { ...req.headers, authorization: o.backendAuth, 'content-length': String(body.length) },
      },
      (upRes) => {
        const headers = { ...upRes.headers };
        const subject = doc.subject?.digest;
        if (upRes.statusCode === 201 && subject) {
          const digest = String(upRes.headers['docker-content-digest'] ?? '');
          const key = `${repositoryOf(o, r.name)}@${subject}`;
          const entry = {
            mediaType: String(req.headers['content-type'] ?? ''),
            digest,
            size: body.length,
            ...((doc.artifactType ?? doc.config?.mediaType) ? { artifactType: doc.artifactType ?? doc.config!.mediaType } : {}),
            ...(doc.annotations ? { annotations: doc.annotations } : {}),
          };
          o.state.referrers.set(key, [...(o.state.referrers.get(key) ?? []).filter((d) => d.digest !== digest), entry]);
          headers['oci-subject'] = subject;
        }
        log.status = upRes.statusCode ?? 502;
        res.writeHead(log.status, headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    up.end(body);
  });
}

function proxy(o: FrontOptions, req: IncomingMessage, res: ServerResponse, url: URL, log: { status: number; bytesIn: number }, faults: FrontFaults): void {
  const isUpload = url.pathname.includes('/blobs/uploads') && ['PATCH', 'PUT', 'POST'].includes(req.method ?? '');
  const cut = faults.cutUploads;
  const cutAt = isUpload && cut && cut.times > 0 && Number(req.headers['content-length'] ?? -1) !== 0 ? cut.afterBytes : undefined;
  if (cutAt !== undefined) cut!.times--;
  const headers = { ...req.headers, authorization: o.backendAuth };
  const up = httpRequest(
    { host: o.backendHost.split(':')[0], port: Number(o.backendHost.split(':')[1]), method: req.method, path: url.pathname + url.search, headers },
    (upRes) => {
      const answer = faults.uploads.rewrite(req, url, upRes.statusCode ?? 502, upRes.headers, seen);
      log.status = answer.status;
      res.writeHead(answer.status, answer.headers);
      upRes.pipe(res);
    },
  );
  up.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    log.bytesIn += chunk.length;
    if (cutAt !== undefined && seen >= cutAt) {
      // as when a NAT gateway or the registry drops the connection mid-upload
      up.destroy();
      req.socket.destroy();
      return;
    }
    if (!up.write(chunk)) req.pause();
  });
  up.on('drain', () => req.resume());
  req.on('end', () => up.end());
}
