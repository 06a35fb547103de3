// Helm 4 captures a post-renderer plugin's stderr and prints only `plugin "airgap-postrender"
// exited with error`. Run as that plugin, a failure is kept in the log and also written to the
// user's terminal (/dev/tty), naming the log. Through the built CLI, under a real pseudo-terminal
// (util-linux `script`), stderr captured to a file as Helm captures it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN } from '../support/built-cli.js';
import { requireTool } from '../support/tools.js';

describe('postrender run by Helm 4: the reason reaches the terminal', () => {
  it('a failure is written to /dev/tty with the log file it is kept in; stderr alone is what Helm captures', async () => {
    const script = await requireTool('script', 'util-linux');
    const dir = mkdtempSync(join(tmpdir(), 'postrender-tty-'));
    const log = join(dir, 'cache', 'helm-airgap', 'postrender-error.log');
    const inner = `"${BIN}" postrender </dev/null 2>"${join(dir, 'stderr.txt')}" >/dev/null`;
    const r = await execa(script, ['-qec', inner, '/dev/null'], {
      env: { ...process.env, HELM_PLUGIN_NAME: 'airgap-postrender', HELM_CACHE_HOME: join(dir, 'cache') },
      reject: false,
      input: '',
    });
    expect(r.exitCode).toBe(2);
    const screen = r.stdout.replace(/\r/g, '');
    expect(screen).toContain('helm-airgap postrender: postrender needs --registry TARGET[/PREFIX] or --map FILE');
    expect(screen).toContain(`(kept in ${log})`);
    expect(readFileSync(log, 'utf8')).toContain('postrender needs --registry');
    expect(readFileSync(join(dir, 'stderr.txt'), 'utf8')).toContain('postrender needs --registry');
  });
});
