// Copies into ECR: its registries refuse a push to a repository never created (NAME_UNKNOWN), so
// one planning pass over every item names the destination repositories, and the provisioner push
// and sync use creates the missing ones with the same settings before the first upload. Each ECR
// host also gets its own client, carrying its ECR login (and ECR's minimum upload part). Other
// registries create repositories on push: they are left alone and the AWS SDK is not loaded.
import { createDestination } from '../../ecr/destination.js';
import { parseRegistryHost } from '../../ecr/hosts.js';
import { provisionRepositories, type RepositoriesReport } from '../../ecr/repositories.js';
import { parseTarget, type RegistryTarget } from '../../ecr/target.js';
import type { Reference } from '../../oci/reference.js';
import { logTo } from '../../util/ctx.js';
import type { CopyItem, CopyOptions } from './copy-types.js';
import { itemDestination, parseEndpoint } from './endpoint.js';
import { destinationRef, type CopySides } from './sides.js';

/** The repositories report of the ECR destinations, or undefined when the copy meets none. */
export async function provisionDestinations(o: CopyOptions, sides: CopySides, multi: boolean): Promise<RepositoriesReport | undefined> {
  const byHost = new Map<string, { target: RegistryTarget; names: Set<string> }>();
  for (const item of o.items) {
    const at = await ecrRepositoryOf(item, o, sides, multi);
    if (!at) continue;
    const host = byHost.get(at.host) ?? { target: { kind: at.kind, host: at.host, prefix: '', alias: at.alias }, names: new Set<string>() };
    host.names.add(at.prefix);
    byHost.set(at.host, host);
  }
  if (byHost.size === 0) return undefined;
  const all: RepositoriesReport = { created: [], existing: [], toCreate: [], made: [] };
  const notes = new Set<string>();
  for (const [host, { target, names }] of byHost) {
    const dest = await createDestination(target, {
      aws: o.aws,
      repositorySettings: o.repositorySettings,
      credentials: o.registry?.credentials,
      insecureRegistries: o.registry?.insecureHosts,
      retries: o.registry?.retries,
      retryBaseMs: o.registry?.retryBaseMs,
      monolithicMax: o.registry?.monolithicMax,
      chunkSize: o.registry?.chunkSize,
    });
    sides.useClient(host, dest.client);
    const r = await provisionRepositories(dest.provisioner, [...names], { ctx: o.ctx });
    // one host (the usual case) speaks of repositories as push does; several name their host
    const name = (n: string) => (byHost.size > 1 ? `${host}/${n}` : n);
    all.created.push(...r.created.map(name));
    all.existing.push(...r.existing.map(name));
    all.made!.push(...(r.made ?? []).map((m) => ({ ...m, repository: name(m.repository) })));
    for (const n of r.notes ?? []) notes.add(n);
  }
  all.created.sort();
  all.existing.sort();
  all.made!.sort((a, b) => a.repository.localeCompare(b.repository));
  return notes.size ? { ...all, notes: [...notes] } : all;
}

/** The ECR repository an item lands in (API name in `prefix`), or undefined: not ECR, or not
 * nameable yet (copyOne then reports the item's own error). */
async function ecrRepositoryOf(item: CopyItem, o: CopyOptions, sides: CopySides, multi: boolean): Promise<RegistryTarget | undefined> {
  try {
    const to = itemDestination(item, o, multi);
    if (to?.end.kind !== 'docker') return undefined;
    const kind = o.targetKind ?? parseRegistryHost(to.end.ref.registry).kind;
    if (kind === 'oci') return undefined;
    const ref = to.prefixNaming === undefined ? to.end.ref : destinationRef(to.end.ref, await sourceName(item.src, sides), to.prefixNaming);
    return parseTarget(`${ref.registry}/${ref.repository}`, kind);
  } catch (e) {
    logTo(o.ctx, 'debug', `${item.where ?? item.src}: no repository planned: ${(e as Error).message}`);
    return undefined;
  }
}

/** Below a prefix a destination is named after its source; a layout source's name is in its
 * index.json (read here: local, and the copy opens it anyway). */
async function sourceName(text: string, sides: CopySides): Promise<{ name: string; ref?: Reference }> {
  const src = parseEndpoint(text);
  return src.kind === 'docker' ? { name: src.text, ref: src.ref } : sides.source(src);
}
