// The operator catalog is data: each file fits the schema, the module the CLI imports is what the
// files compile to, other folders' entries load after the built-in ones (or fail naming the file),
// and no TypeScript under src/ names an operator the catalog holds.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { entryProblems, OPERATOR_DEFAULTS } from './catalog.js';
import { loadCatalog } from '../../app/scan/operator-catalog.js';
import schema from './catalog.schema.json' with { type: 'json' };
// @ts-expect-error: a script of the build, JavaScript without declarations
import { compileCatalog } from '../../../scripts/catalog.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const SRC = fileURLToPath(new URL('../../', import.meta.url));
const FILES = readdirSync(join(HERE, 'catalog')).sort();

describe('operator catalog', () => {
  const validate = new Ajv({ allErrors: true }).compile(schema);

  it.each(FILES)('%s fits the schema and cites the source read', (file) => {
    const entry = parse(readFileSync(join(HERE, 'catalog', file), 'utf8'));
    expect(validate(entry), JSON.stringify(validate.errors)).toBe(true);
    expect(file).toMatch(/^[a-z0-9-]+\.yaml$/);
  });

  it('each optional default is pulled with a resource kind of its entry', () => {
    expect(OPERATOR_DEFAULTS.flatMap((e) => entryProblems(e).map((p) => `${e.operator}: ${p}`))).toEqual([]);
  });

  it('catalog.json is what the YAML files compile to (next: node scripts/catalog.mjs)', () => {
    expect(readFileSync(join(HERE, 'catalog.json'), 'utf8')).toBe(compileCatalog());
    expect(OPERATOR_DEFAULTS.map((e) => e.operator)).toEqual(FILES.map((f) => parse(readFileSync(join(HERE, 'catalog', f), 'utf8')).operator));
  });

  it("loads another folder's entries after the built-in ones", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    writeFileSync(
      join(dir, 'acme.yaml'),
      'operator: Acme Operator\nrepository: github.com/acme/operator\nimages: [ghcr.io/acme/operator]\nreleases:\n  - versions: 1.0.0\n    read: v1.0.0\n    defaults:\n      - image: ghcr.io/acme/agent:1.0.0\n        at: pkg/agent.go:12\n',
    );
    const all = await loadCatalog([dir]);
    expect(all.length).toBe(OPERATOR_DEFAULTS.length + 1);
    expect(all.at(-1)).toMatchObject({ operator: 'Acme Operator', releases: [{ defaults: [{ image: 'ghcr.io/acme/agent:1.0.0', at: 'pkg/agent.go:12' }] }] });
  });

  it('refuses an entry that does not fit the schema, naming its file and what is wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    writeFileSync(
      join(dir, 'bad.yaml'),
      'operator: Acme\nrepository: github.com/acme/operator\nimages: []\nreleases:\n  - versions: 1.0.0\n    read: v1\n    defaults:\n      - image: ghcr.io/acme/agent:1\n',
    );
    await expect(loadCatalog([dir])).rejects.toThrow(/bad\.yaml: .*must have required property 'at'/);
    writeFileSync(
      join(dir, 'bad.yaml'),
      OPERATOR_DEFAULTS[0]!.operator.replace(/^/, 'operator: ') + '\nrepository: github.com/a/b\nimages: []\nreleases: []\n',
    );
    await expect(loadCatalog([dir])).rejects.toThrow(/is in the catalog already/);
    // an optional default says what pulls it, a kind of the entry's own resources
    const optional = (extra: string) =>
      `operator: Acme Optional\nrepository: github.com/acme/optional\nimages: [ghcr.io/acme/optional]\nresources: [{group: acme.io, kind: Cluster}]\nreleases:\n  - versions: 1.0.0\n    read: v1.0.0\n    defaults:\n      - image: ghcr.io/acme/pooler:1\n        at: pooler.go:3\n${extra}`;
    writeFileSync(join(dir, 'bad.yaml'), optional('        need: optional\n'));
    await expect(loadCatalog([dir])).rejects.toThrow(/bad\.yaml: .*must have required property 'with'/);
    writeFileSync(join(dir, 'bad.yaml'), optional('        need: optional\n        with: [{kind: Pooler, at: pooler.go:9}]\n'));
    await expect(loadCatalog([dir])).rejects.toThrow(/bad\.yaml: an optional default is pulled with kind Pooler, which is none of the entry's resources/);
    writeFileSync(join(dir, 'bad.yaml'), optional('        with: [{setting: a flag, at: pooler.go:9}]\n'));
    await expect(loadCatalog([dir])).rejects.toThrow(/bad\.yaml: /);
  });

  it("no TypeScript file under src/ names an operator's source repository", () => {
    const repositories = OPERATOR_DEFAULTS.map((e) => e.repository.toLowerCase());
    const named: string[] = [];
    for (const file of readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(SRC, file), 'utf8').toLowerCase();
      for (const r of repositories) if (text.includes(r)) named.push(`${file}: ${r}`);
    }
    expect(named).toEqual([]);
  });
});
