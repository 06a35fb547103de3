// --log-file: one tab-separated line per tag as it finishes (time, result, source, target,
// digest, bytes, error), appended so the logs of an interrupted run and its re-run read as
// one history, then a summary line. Synced on close: the log is the record of what moved.
import { open, type FileHandle } from 'node:fs/promises';
import type { SyncItemReport } from './sync-types.js';

export class SyncLog {
  private constructor(private readonly fh: FileHandle) {}

  static async open(path: string): Promise<SyncLog> {
    return new SyncLog(await open(path, 'a', 0o644));
  }

  async write(r: SyncItemReport): Promise<void> {
    const fields = [new Date().toISOString(), r.result, r.source, r.target, r.digest ?? '-', String(r.bytes), oneLine(r.error ?? '')];
    await this.fh.appendFile(fields.join('\t').trimEnd() + '\n');
  }

  async close(all: SyncItemReport[]): Promise<void> {
    const count = (x: string) => all.filter((r) => r.result === x).length;
    const bytes = all.reduce((n, r) => n + r.bytes, 0);
    await this.fh.appendFile(
      `# ${new Date().toISOString()} summary: ${count('copied')} copied, ${count('present')} present, ${count('failed')} failed, ${count('cancelled')} cancelled, ${count('planned')} planned, ${bytes} bytes\n`,
    );
    await this.fh.sync();
    await this.fh.close();
  }
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
