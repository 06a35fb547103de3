// The HTTP edge of `serve`: node:http (or node:https with the given certificate) with every
// resource a client can hold bounded: connections, header bytes, the time to send a request,
// idle sockets (a reader that stops reading is cut after the idle time), keep-alive.
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Answerer } from './answer.js';
import { sendError } from './answer.js';
import { AirgapError } from '../../util/errors.js';

export interface ServerBounds {
  /** Open connections at once; more are closed as they arrive (default 64). */
  maxConnections: number;
  /** Bytes of request line and headers (default 16 KiB). */
  maxHeaderBytes: number;
  /** Time a client has to send its request head (default 10 s). */
  headersTimeoutMs: number;
  /** A socket with no bytes moving either way for this long is closed (default 60 s). */
  idleTimeoutMs: number;
}

export const DEFAULT_BOUNDS: ServerBounds = { maxConnections: 64, maxHeaderBytes: 16 * 1024, headersTimeoutMs: 10_000, idleTimeoutMs: 60_000 };

export interface ListenOptions {
  address: string;
  port: number;
  tls?: { cert: Buffer; key: Buffer };
  bounds?: Partial<ServerBounds>;
}

export interface Listening {
  url: string;
  /** Stops accepting, ends every open connection, and resolves once the server is closed. */
  close(): Promise<void>;
}

/** What went wrong serving (onError), and connections the bounds closed (onCut, for --verbose). */
export interface ServerEvents {
  onError: (e: Error) => void;
  onCut: (message: string) => void;
}

export async function listen(answerer: Answerer, o: ListenOptions, events: ServerEvents): Promise<Listening> {
  const b = { ...DEFAULT_BOUNDS, ...o.bounds };
  const options = {
    maxHeaderSize: b.maxHeaderBytes,
    headersTimeout: b.headersTimeoutMs,
    requestTimeout: b.headersTimeoutMs * 2,
    keepAliveTimeout: 5_000,
    // how often Node checks the two timeouts above (its default, 30 s, outlives them)
    connectionsCheckingInterval: Math.min(1_000, b.headersTimeoutMs),
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    answerer.answer(req, res).catch((e: Error) => {
      events.onError(e);
      sendError(res, 500, 'UNSUPPORTED', 'internal error');
    });
  };
  const server: Server = o.tls ? createHttps({ ...options, cert: o.tls.cert, key: o.tls.key }, handle) : createHttp(options, handle);
  server.maxConnections = b.maxConnections;
  server.setTimeout(b.idleTimeoutMs, (socket: Socket) => {
    events.onCut(`closed ${socket.remoteAddress}:${socket.remotePort}: nothing moved for ${b.idleTimeoutMs / 1000} s`);
    socket.destroy();
  });
  // a client's broken TLS or HTTP is its own failure: the socket is closed, the server goes on
  server.on('clientError', (e: NodeJS.ErrnoException, socket) => {
    const status =
      e.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : e.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? '408 Request Timeout'
          : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    socket.destroy();
  });
  server.on('tlsClientError', (_e, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(listenError(e, o)));
    server.listen(o.port, o.address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `${o.tls ? 'https' : 'http'}://${host}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Why the address cannot be taken, with what to give instead. */
function listenError(e: NodeJS.ErrnoException, o: ListenOptions): Error {
  const where = `${o.address}:${o.port}`;
  const hints: Record<string, string> = {
    EADDRINUSE: `another process listens on ${where}: give another --port, or --port 0 to take a free one`,
    EACCES: `ports below 1024 need privileges: give --port 5000 (or any port above 1023)`,
    EADDRNOTAVAIL: `${o.address} is not an address of this host: give one it has, e.g. --address 127.0.0.1 or 0.0.0.0`,
  };
  const hint = hints[e.code ?? ''];
  return hint ? new AirgapError(`serve: cannot listen on ${where}: ${e.code}`, { code: 'ERR_LISTEN', hint, cause: e }) : e;
}
