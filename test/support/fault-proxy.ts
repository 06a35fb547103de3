// A reverse proxy in front of a test registry that injects faults on command.
//
//   const proxy = await startFaultProxy(registry.host);     // '127.0.0.1:PORT' of the registry
//   proxy.inject({ path: /\/blobs\/sha256:/, method: 'GET', fault: { kind: 'cut', afterBytes: 1000 } });
//   ... point the client at proxy.host instead of registry.host ...
//   expect(proxy.log.filter((r) => r.fault === 'cut')).toHaveLength(1);
//   await proxy.stop();
//
// Rules (FaultRule) match by method and path (RegExp tested against path+query, or a substring),
// apply to the next `times` matching requests (default 1) and are then spent; the first live
// rule that matches wins. Faults:
//   { kind: 'status', status: 429, retryAfter: '1' }  answer without forwarding (OCI error body)
//   { kind: 'cut', afterBytes: N }   forward, then destroy the socket after N body bytes
//   { kind: 'reset' }                destroy the client socket before any answer
//   { kind: 'delay', ms: N }         wait N ms, then forward normally
//   { kind: 'stall' }                take the request and never answer (the connection stays open)
//   { kind: 'stall', afterBytes: N } answer, send N body bytes, then nothing more (connection open)
//   { kind: 'corrupt', at?: N }      forward with one body byte flipped (default: the first)
//   { kind: 'headers', set: {...} }  forward with these response headers added (Docker Hub's
//                                    ratelimit-remaining, say)
//   { kind: 'reply', reply }         answer what `reply(method, path)` returns (a hostile front's
//                                    made-up referrers and manifests), or forward when undefined;
//                                    with times: Infinity it stands in front of every request
// The Host header is passed through, so registries that build absolute Locations from it
// (docker-registry does) keep pointing at the proxy. `log` records every request seen, with its
// headers (Authorization included: the tests of where a login goes read it).
// Options: `address` to listen on (another 127.0.0.x plays another host), `rewriteLocation` to
// change every Location answered (an upload session sent to another host).
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  | { kind: 'cut'; afterBytes: number }
  | { kind: 'reset' }
  | { kind: 'delay'; ms: number }
  | { kind: 'corrupt'; at?: number }
  | { kind: 'headers'; set: Record<string, string> }
  | { kind: 'stall'; afterBytes?: number }
  | { kind: 'reply'; reply: (method: string, path: string) => Reply | undefined };

/** What a `reply` fault answers. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

export interface FaultRule {
  method?: string;
  path?: RegExp | string;
  times?: number;
  fault: Fault;
}

export interface ProxyLogEntry {
  method: string;
  path: string;
  fault?: Fault['kind'];
  /** Request headers as received (Range, Authorization presence...). */
  headers: IncomingMessage['headers'];
}

export interface FaultProxy {
  /** host:port of the proxy */
  host: string;
  url: string;
  log: ProxyLogEntry[];
  inject(rule: FaultRule): void;
  /** Remaining (unspent) rules. */
  pending(): number;
  clear(): void;
  stop(): Promise<void>;
}

interface LiveRule extends FaultRule {
  left: number;
}

export interface FaultProxyOptions {
  /** Address to listen on (default 127.0.0.1). */
  address?: string;
  rewriteLocation?: (location: string) => string;
}

export async function startFaultProxy(target: string, o: FaultProxyOptions = {}): Promise<FaultProxy> {
  const [targetHost, targetPort] = splitHost(target);
  let rules: LiveRule[] = [];
  const log: ProxyLogEntry[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    const rule = take(rules, req);
    log.push({ method: req.method ?? 'GET', path: req.url ?? '/', fault: rule?.fault.kind, headers: req.headers });
    void handle(req, res, rule?.fault, targetHost, targetPort, o.rewriteLocation);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const address = o.address ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    host: `${address}:${port}`,
    url: `http://${address}:${port}`,
    log,
    inject: (rule) => rules.push({ ...rule, left: rule.times ?? 1 }),
    pending: () => rules.filter((r) => r.left > 0).length,
    clear: () => {
      rules = [];
    },
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function splitHost(hostPort: string): [string, number] {
  const i = hostPort.lastIndexOf(':');
  return [hostPort.slice(0, i), Number(hostPort.slice(i + 1))];
}

function take(rules: LiveRule[], req: IncomingMessage): LiveRule | undefined {
  const path = req.url ?? '/';
  const rule = rules.find(
    (r) =>
      r.left > 0 &&
      (!r.method || r.method.toUpperCase() === req.method) &&
      (!r.path || (typeof r.path === 'string' ? path.includes(r.path) : r.path.test(path))),
  );
  if (rule) rule.left--;
  return rule;
}

type Rewrite = FaultProxyOptions['rewriteLocation'];

async function handle(req: IncomingMessage, res: ServerResponse, fault: Fault | undefined, host: string, port: number, rewrite: Rewrite) {
  if (fault?.kind === 'reset') {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'status') {
    req.resume();
    const body = fault.body ?? JSON.stringify({ errors: [{ code: fault.status === 429 ? 'TOOMANYREQUESTS' : 'UNKNOWN', message: 'injected fault' }] });
    const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
    if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
    res.writeHead(fault.status, headers).end(body);
    return;
  }
  if (fault?.kind === 'reply') {
    const answer = fault.reply(req.method ?? 'GET', req.url ?? '/');
    if (answer) {
      req.resume();
      const body = answer.body === undefined ? Buffer.alloc(0) : Buffer.from(answer.body);
      res.writeHead(answer.status, { 'content-length': String(body.length), ...answer.headers }).end(req.method === 'HEAD' ? undefined : body);
      return;
    }
  }
  if (fault?.kind === 'stall' && fault.afterBytes === undefined) {
    req.resume();
    return;
  }
  if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
  forward(req, res, fault, host, port, rewrite);
}

function forward(req: IncomingMessage, res: ServerResponse, fault: Fault | undefined, host: string, port: number, rewrite: Rewrite) {
  const upstream = request({ host, port, method: req.method, path: req.url, headers: req.headers }, (up) => {
    const headers = fault?.kind === 'headers' ? { ...up.headers, ...fault.set } : { ...up.headers };
    if (rewrite && typeof headers.location === 'string') headers.location = rewrite(headers.location);
    res.writeHead(up.statusCode ?? 502, headers);
    let seen = 0;
    up.on('data', (chunk: Buffer) => {
      const out = fault?.kind === 'corrupt' ? flip(chunk, seen, fault.at ?? 0) : chunk;
      if (fault?.kind === 'stall' && seen + chunk.length >= fault.afterBytes!) {
        if (seen < fault.afterBytes!) res.write(chunk.subarray(0, fault.afterBytes! - seen));
        seen += chunk.length;
        up.destroy();
        return;
      }
      if (fault?.kind === 'cut' && seen + chunk.length >= fault.afterBytes) {
        res.write(chunk.subarray(0, Math.max(0, fault.afterBytes - seen)));
        up.destroy();
        // flush what we wrote, then drop the connection without finishing the body
        res.socket?.end(() => res.socket?.destroy());
        seen += chunk.length;
        return;
      }
      seen += chunk.length;
      res.write(out);
    });
    up.on('end', () => res.end());
    up.on('error', () => res.destroy());
  });
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
}

function flip(chunk: Buffer, offset: number, at: number): Buffer {
  if (at < offset || at >= offset + chunk.length) return chunk;
  const copy = Buffer.from(chunk);
  copy[at - offset] = (copy[at - offset] ?? 0) ^ 0xff;
  return copy;
}
