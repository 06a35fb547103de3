// The quoted settings keys a script shipped in a chart's ConfigMap or Secret reads from the values
// tree dumped beside it, each with the switches it is read under. JupyterHub's hub program (z2jh's
// and Bitnami's jupyterhub_config.py) reads the block-cloud-metadata init container's image only
// inside `if cloud_metadata.get("blockWithIptables") == True:`, `cloud_metadata` being
// `get_config("singleuser.cloudMetadata")`: with the switch off in the dump (Bitnami's default)
// nothing pulls that image, though a key read reaches it. decoders/unread-dump-entries.ts weighs the gates
// against the dump's values.
//
// Only the plainest Python gate counts: an `if` whose whole condition is one setting, read by a
// call with the dotted key (`get_config("a.b")`) or by `.get("k")` / `["k"]` on a variable
// assigned from such a call, optionally compared `== True` / `is True`. Any other condition (and,
// or, not, another comparison), `elif` and `else` leave the keys under them read: a gate is only
// ever a reason to drop a site, never to keep one.

/** Each key a text reads, with one gate list per place it is read ([] : read unconditionally). */
export type GatedKeys = ReadonlyMap<string, readonly (readonly string[])[]>;

const ASSIGN = /^\s*([A-Za-z_]\w*)\s*=\s*[\w.]+\(\s*["']([A-Za-z_][\w-]*(?:\.[\w-]+)*)["']\s*(?:,[^)]*)?\)\s*$/;
const IF_LINE = /^(\s*)if\s+(.+?)\s*:\s*(#.*)?$/;
const CALL = /^[\w.]+\(\s*["']([A-Za-z_][\w-]*(?:\.[\w-]+)+)["']\s*(?:,[^)]*)?\)$/;
const MEMBER = /^([A-Za-z_]\w*)\s*(?:\.get\(\s*["']([\w-]+)["']\s*(?:,[^)]*)?\)|\[\s*["']([\w-]+)["']\s*\])$/;
const BLOCK_OPENER = /^\s*(?:if|elif|else|for|while|with|try|except|finally|def|class)\b.*:\s*(#.*)?$/;

/** A function the script passes a dotted settings key to (`get_config("a.b")`): its settings getter. */
const GETTER = /([A-Za-z_][\w.]*)\(\s*["'][A-Za-z_][\w-]*(?:\.[\w-]+)+["']/g;

/**
 * Whether a one-word key the pattern matched at `at` (the character before its `(` or `[`) is
 * read as a setting: a subscript (`values["config"]`), or an argument of a function the script
 * also passes dotted keys to (BinderHub's `get_value("imageBuilderType")`). A word passed to any
 * other function is no key: z2jh's `get_name("singleuser")` names a Secret, and read as a key it
 * reached every image of the `singleuser` section.
 */
function readsSettings(line: string, at: number, getters: ReadonlySet<string>): boolean {
  if (line[at + 1] === '[') return true;
  const fn = /([A-Za-z_][\w.]*)$/.exec(line.slice(0, at + 1));
  return fn !== null && getters.has(fn[1]!);
}

/** The setting an `if` condition tests alone, as a dotted path; undefined for any other condition. */
function gateOf(condition: string, vars: ReadonlyMap<string, string>): string | undefined {
  const c = condition.replace(/\s*(?:==|is)\s*True$/, '').trim();
  const call = CALL.exec(c);
  if (call) return call[1];
  const m = MEMBER.exec(c);
  const base = m ? vars.get(m[1]!) : undefined;
  return base === undefined ? undefined : `${base}.${m![2] ?? m![3]}`;
}

/**
 * The keys `pattern` (a global regex, the key in group 1 or 2) finds in `text` (a script), each with the gates of the `if` blocks enclosing
 * each place it is read. A line scan by indent, run once per distinct text (the caller memoises).
 */
export function gatedKeys(text: string, pattern: RegExp): GatedKeys {
  const out = new Map<string, (readonly string[])[]>();
  const vars = new Map<string, string>();
  const getters = new Set([...text.matchAll(GETTER)].map((m) => m[1]!));
  // the enclosing blocks: indent of their opening line and the gate they hold (undefined: none)
  const stack: { indent: number; gate: string | undefined }[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || /^\s*#/.test(line)) continue;
    const indent = line.length - line.trimStart().length;
    while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const gates = stack.flatMap((b) => (b.gate ? [b.gate] : []));
    for (const m of line.matchAll(pattern)) {
      if (m[2] !== undefined && !readsSettings(line, m.index, getters)) continue;
      const key = (m[1] ?? m[2])!;
      const list = out.get(key) ?? [];
      if (!list.some((g) => g.length === gates.length && g.every((x, i) => x === gates[i]))) list.push(gates);
      out.set(key, list);
    }
    const assign = ASSIGN.exec(line);
    if (assign) vars.set(assign[1]!, assign[2]!);
    const cond = IF_LINE.exec(line);
    if (cond) stack.push({ indent, gate: gateOf(cond[2]!, vars) });
    else if (BLOCK_OPENER.test(line)) stack.push({ indent, gate: undefined });
  }
  return out;
}

/** A dump value (the text after `key:` on its line) that holds a switch off. */
export const switchedOff = (value: string | undefined): boolean => value !== undefined && /^(false|False|FALSE)\s*(#.*)?$/.test(value);
