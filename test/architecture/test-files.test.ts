// The suite runs with isolate: false (vitest.config.ts): a worker's modules outlive the test file
// that loaded them, so a module mock would reach only the files whose modules were not loaded yet,
// and change what later files in that worker load.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const MOCK = /\bvi\s*\.\s*(mock|doMock|unmock|doUnmock)\s*\(/;

async function testFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true });
  return names.filter((n) => n.endsWith('.test.ts')).map((n) => join(dir, n));
}

describe('test files (the suite shares modules across files)', () => {
  it('no test file mocks a module', async () => {
    const files = [...(await testFiles(join(ROOT, 'src'))), ...(await testFiles(join(ROOT, 'test')))];
    expect(files.length).toBeGreaterThan(400);
    const mocking: string[] = [];
    for (const f of files) if (MOCK.test(await readFile(f, 'utf8'))) mocking.push(relative(ROOT, f));
    expect(mocking, 'replace the mock with a seam of the module under test').toEqual([]);
  });

  it('the pattern finds a mock (a test of the test)', () => {
    // built from parts, so this file does not hold the text it looks for
    expect(MOCK.test(['vi', "mock('yaml', async () => ({}))"].join('.'))).toBe(true);
    expect(MOCK.test('vi.stubEnv("CI", "")')).toBe(false);
  });
});
