import { execFileSync } from 'node:child_process';
import { constants, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { descriptorSink } from './stdio.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A FIFO whose both ends are non-blocking, filled to `room` bytes short of full. */
function fullPipe(room: number): { reader: number; writer: number; filled: number } {
  dir = mkdtempSync(join(tmpdir(), 'airgap-stdio-'));
  const fifo = join(dir, 'out');
  execFileSync('mkfifo', [fifo]);
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  let filled = 0;
  for (;;) {
    try {
      filled += writeSync(writer, Buffer.alloc(4096, 'f'));
    } catch (e) {
      expect((e as NodeJS.ErrnoException).code).toBe('EAGAIN');
      break;
    }
  }
  if (room > 0) filled -= readSync(reader, Buffer.alloc(room));
  return { reader, writer, filled };
}

/** Everything the pipe's reader gets until the writing side ends. */
function readAll(reader: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const socket = new Socket({ fd: reader, readable: true, writable: false });
  return new Promise((resolve, reject) => {
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('end', () => resolve(Buffer.concat(chunks)));
    socket.on('error', reject);
  });
}

describe('descriptorSink', () => {
  const text = Array.from({ length: 3000 }, (_, i) => `line ${i} é\n`).join('');

  it('writes what the descriptor takes and hands the rest, and every later write, to the stream: every byte in order', async () => {
    const { reader, writer, filled } = fullPipe(4096);
    let fallbacks = 0;
    let stream: Socket | undefined;
    const sink = descriptorSink(writer, () => {
      fallbacks++;
      stream = new Socket({ fd: writer, readable: false, writable: true });
      return stream;
    });
    const read = readAll(reader);
    sink.write(text);
    sink.write('the end\n');
    expect(fallbacks).toBe(1);
    stream!.end();
    const all = await read;
    expect(all.subarray(0, filled).every((b) => b === 0x66)).toBe(true);
    expect(all.subarray(filled).toString()).toBe(text + 'the end\n');
  });

  it('a full descriptor from the first byte: the whole text goes to the stream', async () => {
    const { reader, writer, filled } = fullPipe(0);
    let stream: Socket | undefined;
    const sink = descriptorSink(writer, () => (stream = new Socket({ fd: writer, readable: false, writable: true })));
    const read = readAll(reader);
    sink.write(text);
    stream!.end();
    const all = await read;
    expect(all.subarray(filled).toString()).toBe(text);
  });

  it('a descriptor with room writes without the stream', async () => {
    dir = mkdtempSync(join(tmpdir(), 'airgap-stdio-'));
    const file = join(dir, 'out');
    const fd = openSync(file, 'w');
    const sink = descriptorSink(fd, () => {
      throw new Error('no stream expected');
    });
    sink.write(text);
    sink.write('x\n');
    expect(execFileSync('cat', [file]).toString()).toBe(text + 'x\n');
  });
});
