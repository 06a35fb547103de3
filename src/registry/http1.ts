// HTTP/1.1 responses as the bulk reader reads them (RFC 9112): the status line and header fields
// of a head, how its body is framed, and the chunked coding. Text and byte work only, no sockets:
// bulk-exchange.ts hands it what a connection read.

export interface ResponseHead {
  status: number;
  /** Name, value, name, value... as sent. */
  rawHeaders: string[];
  version: '1.0' | '1.1';
}

export function parseHead(text: string, url: URL): ResponseHead {
  const lines = text.split('\r\n');
  const m = /^HTTP\/1\.([01]) (\d{3})(?: |$)/.exec(lines[0] ?? '');
  if (!m) throw protocolError(url, `status line ${JSON.stringify((lines[0] ?? '').slice(0, 60))}`);
  const rawHeaders: string[] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw protocolError(url, `header line ${JSON.stringify(line.slice(0, 60))}`);
    rawHeaders.push(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return { status: Number(m[2]), rawHeaders, version: m[1] === '1' ? '1.1' : '1.0' };
}

/** A header's values joined with ", " (any case of the name), undefined when absent. */
function headerOf(raw: string[], name: string): string | undefined {
  const values: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) values.push(raw[i + 1]!);
  return values.length > 0 ? values.join(', ') : undefined;
}

export type Framing = { kind: 'length'; left: number } | { kind: 'chunked'; decoder: ChunkedDecoder } | { kind: 'close' };

/** How a final answer's body is framed, and whether the connection stays open after it. */
export function framingOf(head: ResponseHead, url: URL): { framing: Framing; keepAlive: boolean } {
  const connection = (headerOf(head.rawHeaders, 'connection') ?? '').toLowerCase();
  const keepAlive = head.version === '1.1' && !connection.split(',').some((t) => t.trim() === 'close');
  if (head.status === 204 || head.status === 304) return { framing: { kind: 'length', left: 0 }, keepAlive };
  const te = headerOf(head.rawHeaders, 'transfer-encoding');
  if (te && te.toLowerCase() !== 'identity') {
    if (!/(^|,)\s*chunked\s*$/i.test(te)) throw protocolError(url, `transfer-encoding ${te} is not one this reader knows`);
    return { framing: { kind: 'chunked', decoder: new ChunkedDecoder(url) }, keepAlive };
  }
  const length = headerOf(head.rawHeaders, 'content-length');
  if (length === undefined) return { framing: { kind: 'close' }, keepAlive: false };
  if (!/^\d+$/.test(length.trim())) throw protocolError(url, `content-length ${JSON.stringify(length)} is not a number`);
  return { framing: { kind: 'length', left: Number(length.trim()) }, keepAlive };
}

/** The chunked coding, cut out of the bytes as they come: each run of data leaves as a view. */
export class ChunkedDecoder {
  /** 'size': a size line; 'data': `left` bytes of data; 'crlf': the CRLF after them; 'trailer': trailer lines. */
  private at: 'size' | 'data' | 'crlf' | 'trailer' = 'size';
  private left = 0;
  private line = '';

  constructor(private readonly url: URL) {}

  /** Decodes buf[start, end), handing data to `data`; true once the last chunk and trailers are in. */
  feed(buf: Buffer, start: number, end: number, data: (view: Buffer) => void): boolean {
    let i = start;
    while (i < end) {
      if (this.at === 'data') {
        const take = Math.min(this.left, end - i);
        data(buf.subarray(i, i + take));
        this.left -= take;
        i += take;
        if (this.left === 0) this.at = 'crlf';
        continue;
      }
      const nl = buf.indexOf(10, i);
      const stop = nl < 0 || nl >= end ? end : nl + 1;
      this.line += buf.toString('latin1', i, stop);
      i = stop;
      if (!this.line.endsWith('\n')) {
        if (this.line.length > 4096) throw protocolError(this.url, 'a chunk line longer than 4096 bytes');
        continue;
      }
      const line = this.line.trim();
      this.line = '';
      if (this.at === 'crlf') {
        if (line !== '') throw protocolError(this.url, 'chunk data longer than its size');
        this.at = 'size';
      } else if (this.at === 'size') {
        const size = /^([0-9a-f]+)(;.*)?$/i.exec(line);
        if (!size) throw protocolError(this.url, `chunk size ${JSON.stringify(line.slice(0, 40))}`);
        this.left = parseInt(size[1]!, 16);
        this.at = this.left === 0 ? 'trailer' : 'data';
      } else if (line === '') {
        if (i !== end) throw protocolError(this.url, 'bytes after the last chunk');
        return true;
      }
    }
    return false;
  }
}

export function protocolError(url: URL, what: string): Error {
  return Object.assign(new Error(`${url.host} broke HTTP/1.1: ${what}`), { code: 'HPE_INVALID' });
}

export function hangUp(url: URL): Error {
  return Object.assign(new Error(`${url.host} closed the connection mid-response (socket hang up)`), { code: 'ECONNRESET' });
}

export function idleError(url: URL, ms: number): Error {
  return Object.assign(new Error(`no bytes from ${url.host} for ${ms / 1000} s (idle timeout)`), { code: 'ETIMEDOUT' });
}

/** A small exchange (or a bulk head) not over within its deadline: a peer that drips or never finishes. */
export function deadlineError(url: URL, ms: number, headPending: boolean): Error {
  const what = headPending ? 'no response head' : 'the response body not complete';
  return Object.assign(new Error(`${what} from ${url.host} within ${ms / 1000} s (--timeout)`), { code: 'ETIMEDOUT', stall: true });
}

/** A body below the minimum rate for a whole window: a peer that drips and never idles. */
export function rateError(url: URL, got: number, windowMs: number, minRate: number): Error {
  return Object.assign(new Error(`${url.host} sent ${got} bytes in ${windowMs / 1000} s, below the minimum ${minRate} bytes/s (--idle-timeout window)`), {
    code: 'ETIMEDOUT',
    stall: true,
  });
}
