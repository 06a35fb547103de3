// The process's standard output and error as the CLI writes them.
//
// Node builds process.stdout and process.stderr at their first read: for a pipe a net.Socket,
// loading net, streams and their kin, 3-4 ms of CPU (a small template's start is ~50 ms). Helm
// writes to the descriptor; so does `stdoutSink`, and nothing reads process.stdout or
// process.stderr until something is written through them (`onStdioError` hooks them as they are
// built), so a render whose only output is its manifests builds neither.
import { writeSync } from 'node:fs';

/** What the reporter writes text to. */
export interface TextSink {
  write(text: string): unknown;
}

/** Standard output, written as `descriptorSink` writes. */
export function stdoutSink(): TextSink {
  return descriptorSink(1, () => process.stdout);
}

/**
 * Text written straight to descriptor `fd`, whole, as it comes. A descriptor that would block
 * (non-blocking and full: EAGAIN) is handed to the stream `fallback` gives, with what was not
 * written yet, for this and every later write, so the order holds. A reader that closed the pipe
 * (`| head`) ends the run as the stream's EPIPE does; any other failure (a full disk) is the
 * command's error, reported as any other.
 */
export function descriptorSink(fd: number, fallback: () => NodeJS.WritableStream): TextSink {
  let stream: NodeJS.WritableStream | undefined;
  return {
    write(text: string): unknown {
      if (stream) return stream.write(text);
      let rest: Buffer | undefined;
      try {
        const n = writeSync(fd, text);
        if (n === Buffer.byteLength(text)) return true;
        rest = Buffer.from(text).subarray(n);
        while (rest.length > 0) rest = rest.subarray(writeSync(fd, rest));
        return true;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') closedReader();
        if (code !== 'EAGAIN') throw err;
        stream = fallback();
        return stream.write(rest ?? text);
      }
    },
  };
}

/**
 * `process.stdout` and `process.stderr` each get the CLI's error handler when Node builds them,
 * not before: a reader that closed early (`helm airgap --help | head`) is not an error.
 */
export function onStdioError(): void {
  for (const name of ['stdout', 'stderr'] as const) {
    const d = Object.getOwnPropertyDescriptor(process, name);
    if (!d?.get || !d.configurable) {
      handleErrors(process[name]);
      continue;
    }
    const build = d.get;
    let built: NodeJS.WriteStream | undefined;
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: d.enumerable,
      get() {
        if (!built) {
          built = build.call(process) as NodeJS.WriteStream;
          handleErrors(built);
        }
        return built;
      },
    });
  }
}

function handleErrors(stream: NodeJS.WritableStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') closedReader();
    throw err;
  });
}

function closedReader(): never {
  process.exit(process.exitCode ?? 0);
}
