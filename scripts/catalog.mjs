// Compiles the operator catalog (src/discover/operators/catalog/*.yaml, one file per operator, the
// source of truth a reviewer reads) into src/discover/operators/catalog.json, the module the CLI
// imports, so the bundle and the self-contained executables carry it and no run parses YAML for it.
// Each file is checked against catalog.schema.json first; operator names must be unique.
//   node scripts/catalog.mjs          write catalog.json when it differs
//   node scripts/catalog.mjs --check  exit 1 when catalog.json is not what the YAML compiles to
// scripts/build.mjs runs it before bundling; src/discover/operators/catalog.test.ts checks it.
import Ajv from 'ajv';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { pathToFileURL } from 'node:url';

const HOME = new URL('../src/discover/operators/', import.meta.url);
const DIR = new URL('catalog/', HOME);
const OUT = new URL('catalog.json', HOME);

/** The catalog's JSON text: the entries in file-name order, one per line. */
export function compileCatalog() {
  const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(new URL('catalog.schema.json', HOME), 'utf8')));
  const names = new Map();
  const entries = readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const entry = parse(readFileSync(new URL(file, DIR), 'utf8'));
      if (!validate(entry))
        throw new Error(`src/discover/operators/catalog/${file}: ${validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`);
      if (names.has(entry.operator)) throw new Error(`src/discover/operators/catalog/${file}: operator ${entry.operator} is also ${names.get(entry.operator)}`);
      names.set(entry.operator, file);
      return JSON.stringify(entry);
    });
  return `[\n${entries.join(',\n')}\n]\n`;
}

/**
 * An esbuild plugin that carries catalog.json into a bundle as `JSON.parse('...')` rather than as
 * an object literal: V8 reads a 270 kB JSON text in about 1 ms, the same data as JavaScript source
 * to parse and compile in about 25 ms (node 24, no code cache), at every start of images and values.
 */
export const catalogAsJsonText = {
  name: 'operator-catalog-json-text',
  setup(build) {
    build.onLoad({ filter: /[\\/]discover[\\/]operators[\\/]catalog\.json$/ }, async (args) => ({
      contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8'))))});`,
      loader: 'js',
    }));
  },
};

const written = () => {
  try {
    return readFileSync(OUT, 'utf8');
  } catch {
    return '';
  }
};

/** Writes catalog.json when the YAML compiles to another text (temp file, then rename). */
export function writeCatalog() {
  const text = compileCatalog();
  if (written() !== text) {
    const tmp = new URL(`catalog.json.${process.pid}.tmp`, HOME);
    writeFileSync(tmp, text);
    renameSync(tmp, OUT);
    console.error('catalog: wrote src/discover/operators/catalog.json');
  }
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  if (!process.argv.includes('--check')) writeCatalog();
  else if (written() !== compileCatalog()) {
    console.error('src/discover/operators/catalog.json is not what catalog/*.yaml compiles to\nnext: node scripts/catalog.mjs');
    process.exit(1);
  }
}
