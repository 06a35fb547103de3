// Helm's repositories.yaml (`helm repo add`): name → URL, so `bundle bitnami/redis` and `@bitnami`
// dependencies work as they do with helm. Credentials stored there are not read: pass them with
// --username/--password-stdin for the repository that needs them.
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ChartError } from '../util/errors.js';

/** Parses repositories.yaml text into name → URL (entries without both are skipped). */
export function parseHelmRepositories(text: string, file: string): Record<string, string> {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new ChartError(`${file}: invalid YAML: ${(e as Error).message.split('\n')[0]}`, { cause: e });
  }
  const list = (doc as { repositories?: unknown } | null)?.repositories;
  const out: Record<string, string> = {};
  if (!Array.isArray(list)) return out;
  for (const r of list as { name?: unknown; url?: unknown }[]) {
    if (typeof r?.name === 'string' && typeof r.url === 'string' && r.name && r.url) out[r.name] = r.url;
  }
  return out;
}

/** The repositories of Helm's config file; none when the file does not exist. */
export async function readHelmRepositories(file: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ChartError(`${file}: cannot read: ${(e as Error).message}`, { cause: e });
  }
  return parseHelmRepositories(text, file);
}
