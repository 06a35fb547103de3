#!/usr/bin/env node
// Dev aid: renders a chart with helm-oracle and with our engine, compares the documents as
// parsed YAML (order, "# Source:" and content) and prints the differences.
//   node scripts/oracle-diff.mjs CHART [--set a=b ...] [-f v.yaml ...]   (any helm template flags)
//   ORACLE=/path/to/helm-oracle to override ../shared/helm-oracle/helm-oracle
//   MASK='regex' masks what differs on every run on both sides (randAlphaNum, genCA output...),
//   e.g. MASK='(tls\\.(crt|key)|password): .*'
// Exit code 0 when equal, 1 when they differ or one side fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const oracle = process.env.ORACLE ?? `${root}../shared/helm-oracle/helm-oracle`;
const args = process.argv.slice(2);
if (args.length === 0) {
  console.error('usage: oracle-diff.mjs CHART [helm template flags]');
  process.exit(2);
}

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 30, cwd: root });
  return { ok: r.status === 0, out: r.stdout, err: r.stderr };
}

const masked = (r) => (process.env.MASK ? { ...r, out: r.out.replace(new RegExp(process.env.MASK, 'g'), '<masked>') } : r);
const ours = masked(run(process.execPath, ['--import', 'tsx', `${root}src/main.ts`, 'template', ...args]));
const theirs = masked(run(oracle, ['template', ...args]));

function docs(text) {
  const out = [];
  for (const part of text.split(/^---\n/m)) {
    const m = /^# Source: (.*)\n/.exec(part);
    if (!m) continue;
    const body = part.slice(m[0].length);
    let obj;
    try {
      obj = parse(body, { version: '1.1', uniqueKeys: false }) ?? null;
    } catch (e) {
      obj = { unparsable: String(e) };
    }
    out.push({ source: m[1], body, obj });
  }
  return out;
}

if (!ours.ok || !theirs.ok) {
  console.log(`ours: ${ours.ok ? 'ok' : 'FAILED\n' + ours.err}\noracle: ${theirs.ok ? 'ok' : 'FAILED\n' + theirs.err}`);
  process.exit(ours.ok === theirs.ok ? 0 : 1);
}
const a = docs(ours.out);
const b = docs(theirs.out);
let diffs = 0;
for (let i = 0; i < Math.max(a.length, b.length); i++) {
  const x = a[i];
  const y = b[i];
  if (x && y && x.source === y.source && JSON.stringify(x.obj) === JSON.stringify(y.obj)) continue;
  diffs++;
  console.log(`### document ${i}: ours ${x?.source ?? '(none)'} | oracle ${y?.source ?? '(none)'}`);
  if (x && y) {
    const fx = `/tmp/oracle-diff-ours-${process.pid}.yaml`;
    const fy = `/tmp/oracle-diff-oracle-${process.pid}.yaml`;
    execFileSync('sh', ['-c', `cat > ${fx}`], { input: x.body });
    execFileSync('sh', ['-c', `cat > ${fy}`], { input: y.body });
    console.log(run('diff', ['-u', fy, fx]).out.split('\n').slice(0, 60).join('\n'));
  }
}
const bytes = ours.out === theirs.out ? 'byte-identical output' : 'output differs in formatting';
console.log(`${a.length} documents (ours), ${b.length} (oracle), ${diffs} differ; ${bytes}`);
process.exit(diffs ? 1 : 0);
