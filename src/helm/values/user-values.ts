// The values a user gives a render, built in Helm's order (pkg/cli/values.Options.MergeValues):
// -f files in order (maps merged, later wins), then --set-json, --set, --set-string,
// --set-file, --set-literal, each applied on top of what came before.

import { readFileSync } from 'node:fs';
import { unreadableInput } from '../../util/input-file.js';
import type { Values } from '../engine/render-types.js';
import { parseSetInto } from './strvals.js';
import { mergeMaps, parseValuesYaml } from './yaml.js';

export interface ValuesFlags {
  /** -f/--values: paths, in order. */
  valueFiles?: string[];
  set?: string[];
  setString?: string[];
  setJson?: string[];
  /** --set-file key=path: the file's content becomes the value. */
  setFile?: string[];
  setLiteral?: string[];
}

export interface ValuesText {
  /** -f files already read (name labels errors). */
  files?: { name: string; text: string }[];
}

/** User values from already-read -f contents and --set* flags; `readSetFile` serves --set-file. */
export function buildUserValues(input: ValuesText & Omit<ValuesFlags, 'valueFiles'>, readSetFile: (path: string) => string = readSetFileFromDisk): Values {
  let base: Values = {};
  for (const f of input.files ?? []) base = mergeMaps(base, parseValuesYaml(f.text, f.name));
  for (const s of input.setJson ?? []) parseSetInto(s, base, 'json');
  for (const s of input.set ?? []) parseSetInto(s, base, 'typed');
  for (const s of input.setString ?? []) parseSetInto(s, base, 'string');
  for (const s of input.setFile ?? []) parseSetInto(s, base, 'string', (p) => readSetFile(p));
  for (const s of input.setLiteral ?? []) parseSetInto(s, base, 'literal');
  return base;
}

function readSetFileFromDisk(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw unreadableInput('--set-file', path, e);
  }
}

/** Reads -f files from disk, then builds the user values. */
export async function readUserValues(flags: ValuesFlags): Promise<Values> {
  const files: { name: string; text: string }[] = [];
  for (const name of flags.valueFiles ?? []) {
    try {
      // synchronous: a values file is small, and a threadpool round trip per read is idle time
      files.push({ name, text: readFileSync(name, 'utf8') });
    } catch (e) {
      throw unreadableInput('-f/--values', name, e);
    }
  }
  return buildUserValues({ ...flags, files });
}
