// ECR STAND-IN. AWS cannot be reached from where these tests run, so this server stands in for
// Amazon ECR (private) or Amazon ECR Public. It is two HTTP listeners on 127.0.0.1:
//  - the API endpoint, speaking AWS JSON 1.1 (X-Amz-Target "AmazonEC2ContainerRegistry_V20150921.<Op>"
//    for ECR, "SpencerFrontendService.<Op>" for ECR Public, as in the SDKs' dist-cjs), which the
//    REAL @aws-sdk/client-ecr and @aws-sdk/client-ecr-public talk to through their `endpoint`
//    option. Every request must be SigV4-signed with the stand-in's key for service "ecr" or
//    "ecr-public" (the signature is recomputed and compared);
//  - the registry front, a reverse proxy to a real docker-registry (htpasswd) that enforces ECR's
//    registry rules (see front.ts).
// Tests can queue API faults (ThrottlingException, 500 ServerException), registry faults (cut an
// upload, 5xx), expire the handed-out registry passwords, and read logs of every call.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { htpasswdEntry, startRegistry, type RunningRegistry } from '../registry.js';
import { ApiException, PRIVATE_OPERATIONS, PRIVATE_TARGET_PREFIX, PUBLIC_OPERATIONS, PUBLIC_TARGET_PREFIX } from './api.js';
import { createFrontHandler, type FrontFaults } from './front.js';
import { verifySigV4, type SigV4Credentials } from './sigv4.js';
import { StandinState } from './state.js';
import { UploadQuirks } from './upload-quirks.js';

export type { StandinState, StandinRepository, StandinTemplate } from './state.js';

export interface EcrStandinOptions {
  mode?: 'private' | 'public';
  account?: string;
  region?: string;
  publicAlias?: string;
}

export interface EcrStandin {
  mode: 'private' | 'public';
  /** http://127.0.0.1:port, for the SDK's `endpoint`. */
  apiEndpoint: string;
  /** host:port of the registry front (push here). */
  registryHost: string;
  /** Static AWS credentials the stand-in accepts (put them in the SDK's `credentials`, or env). */
  credentials: SigV4Credentials;
  account: string;
  region: string;
  publicAlias: string;
  state: StandinState;
  faults: FrontFaults;
  /** The real registry behind the front (for skopeo inspect with backendCreds). */
  backend: RunningRegistry;
  backendCreds: string;
  stop(): Promise<void>;
}

export async function startEcrStandin(opts: EcrStandinOptions = {}): Promise<EcrStandin> {
  const mode = opts.mode ?? 'private';
  const account = opts.account ?? '123456789012';
  const region = mode === 'public' ? 'us-east-1' : (opts.region ?? 'us-east-1');
  const publicAlias = opts.publicAlias ?? 'a1b2c3d4';
  const backendUser = 'ecr-backend';
  const backendPassword = randomBytes(12).toString('hex');
  const backend = await startRegistry({ auth: { kind: 'basic', htpasswd: await htpasswdEntry(backendUser, backendPassword) } });
  const backendAuth = 'Basic ' + Buffer.from(`${backendUser}:${backendPassword}`).toString('base64');
  const state = new StandinState(account, region, mode === 'public' ? 'public' : 'aws', publicAlias);
  const credentials = { accessKeyId: 'AKIASTANDIN' + randomBytes(4).toString('hex').toUpperCase(), secretAccessKey: randomBytes(20).toString('base64') };
  const faults: FrontFaults = { uploads: new UploadQuirks() };
  const front = createServer(createFrontHandler({ state, mode, backendHost: backend.host, backendAuth }, faults));
  const frontHost = await listen(front);
  const api = createServer((req, res) => void handleApi(req, res, { state, mode, credentials, frontHost }));
  const apiHost = await listen(api);
  return {
    mode,
    apiEndpoint: `http://${apiHost}`,
    registryHost: frontHost,
    credentials,
    account,
    region,
    publicAlias,
    state,
    faults,
    backend,
    backendCreds: `${backendUser}:${backendPassword}`,
    stop: async () => {
      await Promise.all([close(front), close(api)]);
      await backend.stop();
    },
  };
}

interface ApiDeps {
  state: StandinState;
  mode: 'private' | 'public';
  credentials: SigV4Credentials;
  frontHost: string;
}

async function handleApi(req: IncomingMessage, res: ServerResponse, d: ApiDeps): Promise<void> {
  const body = await readBody(req);
  const target = String(req.headers['x-amz-target'] ?? '');
  const [prefix, operation = ''] = target.split('.');
  let input: Record<string, unknown> = {};
  let unreadable: unknown;
  try {
    input = body.length ? (JSON.parse(body.toString()) as Record<string, unknown>) : {};
  } catch (e) {
    unreadable = e; // answered below, after the checks any request meets
  }
  const registryId = typeof input.registryId === 'string' ? { registryId: input.registryId } : {};
  const send = (status: number, payload: unknown, type?: string) => {
    d.state.apiCalls.push({ operation, ...registryId, status, ...(type ? { error: type } : {}) });
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': randomBytes(16).toString('hex'),
      ...(type ? { 'x-amzn-errortype': type } : {}),
    });
    res.end(JSON.stringify(payload));
  };
  const fail = (e: ApiException) => send(e.status, { __type: e.type, message: e.message }, e.type);
  const wantPrefix = d.mode === 'public' ? PUBLIC_TARGET_PREFIX : PRIVATE_TARGET_PREFIX;
  const ops = d.mode === 'public' ? PUBLIC_OPERATIONS : PRIVATE_OPERATIONS;
  if (d.state.absentOperations.has(operation)) return send(400, { __type: 'com.amazon.coral.service#UnknownOperationException' }, 'UnknownOperationException');
  if (req.method !== 'POST' || prefix !== wantPrefix || !ops[operation]) {
    return fail(new ApiException('UnknownOperationException', `unknown operation ${target}`));
  }
  const sig = verifySigV4(req, body, { service: d.mode === 'public' ? 'ecr-public' : 'ecr', region: d.state.region, credentials: d.credentials });
  if (!sig.ok)
    return fail(
      new ApiException(sig.reason?.includes('token') ? 'UnrecognizedClientException' : 'InvalidSignatureException', sig.reason ?? 'bad signature', 403),
    );
  const fault = d.state.takeApiFault(operation);
  if (fault === 'throttle') return fail(new ApiException('ThrottlingException', 'Rate exceeded'));
  if (fault === 'server-error') return fail(new ApiException('ServerException', 'We encountered an internal error. Please try again.', 500));
  if (fault === 'stall') return void d.state.apiCalls.push({ operation, ...registryId, status: 0, error: 'stall' });
  const listing = operation === 'DescribeRepositories' && !Array.isArray(input.repositoryNames);
  if (fault === 'denied' || d.state.deniedOperations.has(operation) || (listing && d.state.listDenied)) {
    const message = `User: arn:aws:sts::${d.state.callerAccount}:assumed-role/ci/session is not authorized to perform: ecr:${operation} because no identity-based policy allows the ecr:${operation} action`;
    return fail(new ApiException('AccessDeniedException', message));
  }
  // a registry password is good for every registry the caller may reach: the front's
  const registry = d.mode === 'public' || operation === 'GetAuthorizationToken' ? d.state : d.state.registryFor(registryId.registryId);
  if (!registry) {
    const message = `User: arn:aws:sts::${d.state.callerAccount}:assumed-role/ci/session is not authorized to perform: ecr:${operation} on resource: arn:aws:ecr:${d.state.region}:${registryId.registryId}:repository/* because no resource-based policy allows the ecr:${operation} action`;
    return fail(new ApiException('AccessDeniedException', message));
  }
  if (fault === 'unknown-error') {
    d.state.apiCalls.push({ operation, status: 500, error: 'unknown' });
    return void res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' }).end('{}');
  }
  if (fault === 'html-error') {
    d.state.apiCalls.push({ operation, status: 502, error: 'html' });
    return void res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
  }
  try {
    if (unreadable) throw unreadable;
    const out = ops[operation]!(registry, input, { frontHost: d.frontHost });
    send(out.status, out.body);
  } catch (e) {
    if (e instanceof ApiException) return fail(e);
    fail(new ApiException('ServerException', String(e), 500));
  }
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

export function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The flags that point a transfer's destination at the stand-in's ECR API. */
export function standinFlags(ecr: EcrStandin): string[] {
  return ['--type', 'ecr', '--region', ecr.region, '--endpoint-url', ecr.apiEndpoint];
}

/** Environment for running the CLI against the stand-in: its AWS credentials, no instance metadata. */
export function standinEnv(ecr: Pick<EcrStandin, 'credentials'>, home: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    AWS_ACCESS_KEY_ID: ecr.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: ecr.credentials.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}
