// Helm's repositories.yaml as doctor reads it: every field of each entry that says how to reach
// the repository. (charts/helm-repositories.ts reads name → URL for chart references.)
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';

export interface RepoEntry {
  name: string;
  url?: unknown;
  username?: unknown;
  password?: unknown;
  certFile?: unknown;
  keyFile?: unknown;
  caFile?: unknown;
  insecure_skip_tls_verify?: unknown;
}

/** The entries; none for a missing file; 'invalid' for a file that is not YAML. */
export async function readRepoEntries(file: string): Promise<RepoEntry[] | 'invalid'> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return [];
  try {
    const list = (parseYaml(text) as { repositories?: unknown } | null)?.repositories;
    return Array.isArray(list) ? (list as RepoEntry[]).filter((r) => r && typeof r.name === 'string' && r.name !== '') : [];
  } catch {
    return 'invalid';
  }
}
