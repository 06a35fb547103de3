// Inputs that once overflowed the stack ("Maximum call stack size exceeded ... looks like a bug"):
// a values.schema.json whose $refs form a cycle (Helm 4 refuses it as a reference cycle; Helm 3
// overflows its own stack), and values nested 3,000 levels deep (Helm reads them; we stop at a
// stated limit). Each ends with a clear error, compared with what real Helm 4 does.
import { execa } from 'execa';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { realHelm } from '../support/tools.js';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-deep-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function chart(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(work, name);
  await mkdir(join(dir, 'templates'), { recursive: true });
  await writeFile(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`);
  await writeFile(join(dir, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
  for (const [f, text] of Object.entries(files)) await writeFile(join(dir, f), text);
  return dir;
}

describe('hostile nesting', () => {
  it('a $ref cycle in values.schema.json is refused as a cycle, as Helm 4 refuses it', async () => {
    const schema = { definitions: { a: { $ref: '#/definitions/b' }, b: { $ref: '#/definitions/a' } }, properties: { x: { $ref: '#/definitions/a' } } };
    const dir = await chart('cyclic', { 'values.yaml': 'x: 1\n', 'values.schema.json': JSON.stringify(schema) });
    const ours = await runCli(['template', dir], { CI: 'true' });
    expect(ours.exitCode).toBe(1);
    expect(ours.stderr).toContain("values.schema.json: at '/x': #/definitions/a resolves to itself (a reference cycle)");
    expect(ours.stderr).not.toContain('looks like a bug');
    const { helm } = await realHelm(4);
    const theirs = await execa(helm, ['template', dir], { reject: false });
    expect(theirs.exitCode).not.toBe(0);
    expect(theirs.stderr).toContain('reference cycle');
  });

  it('a schema that recurses through values (a tree) is not a cycle', async () => {
    const schema = {
      definitions: { node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/definitions/node' } } } } },
      properties: { tree: { $ref: '#/definitions/node' } },
    };
    const dir = await chart('tree', { 'values.yaml': 'tree:\n  children:\n    - children: [{}]\n', 'values.schema.json': JSON.stringify(schema) });
    const ours = await runCli(['template', dir], { CI: 'true' });
    expect(ours.exitCode, ours.stderr).toBe(0);
  });

  it('values nested 3,000 deep: a stated limit of ours (Helm reads them), never a crash', async () => {
    const dir = await chart('deep', { 'values.yaml': `x: ${'['.repeat(3000)}${']'.repeat(3000)}\n` });
    const ours = await runCli(['template', dir], { CI: 'true' });
    expect(ours.exitCode).toBe(1);
    expect(ours.stderr).toMatch(/values\.yaml: line 1: nested too deeply to read \(over about 800 levels: a limit of helm-airgap; Helm reads it\)/);
    expect(ours.stderr).not.toContain('Maximum call stack');
    const { helm } = await realHelm(4);
    expect((await execa(helm, ['template', dir])).stdout).toContain('kind: ConfigMap');
  });
});
