// The target every command names with `--registry HOST[:PORT][/PREFIX]` (push, values,
// postrender, verify, sync): one parser, so that they all agree on where images land. A scheme in
// front (oci://, https://, http://) is accepted and dropped: whether plain HTTP is allowed is
// decided by --insecure-registry and the loopback rule, never by this string.
import { parseReference } from '../oci/reference.js';
import { UsageError } from '../util/errors.js';
import { parseRegistryHost } from './hosts.js';

export type TargetKind = 'ecr' | 'ecr-public' | 'oci';

export interface RegistryTarget {
  kind: TargetKind;
  /** Registry host[:port] the /v2/ API is reached at. */
  host: string;
  /** Repository prefix below the registry (and below the ECR Public alias). */
  prefix: string;
  /** ECR Public registry alias (first path segment after public.ecr.aws). */
  alias?: string;
}

const HINT = 'write --registry HOST[:PORT][/PREFIX] in lower case, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirrored';

/**
 * `kind` forces the target kind (a stand-in or a custom DNS name in front of ECR). `registryOnly`:
 * the registry itself is meant (a login), so ECR Public needs no alias: its token is account-wide.
 */
export function parseTarget(spec: string, kind?: TargetKind, o: { registryOnly?: boolean } = {}): RegistryTarget {
  const trimmed = spec
    .trim()
    .replace(/^(oci|https?):\/\//, '')
    .replace(/\/+$/, '');
  const [host = '', ...rest] = trimmed.split('/');
  if (!host) throw new UsageError(`--registry ${JSON.stringify(spec)}: no registry host`, { hint: HINT });
  checkHost(spec, host, rest.join('/'));
  const k = kind ?? parseRegistryHost(host).kind;
  if (k !== 'ecr-public') return { kind: k, host, prefix: rest.join('/') };
  const [alias, ...prefix] = rest;
  if (!alias && o.registryOnly) return { kind: k, host, prefix: '' };
  if (!alias) throw new UsageError(`--registry ${spec}: ECR Public needs the registry alias`, { hint: 'write --registry public.ecr.aws/ALIAS[/PREFIX]' });
  return { kind: k, host, prefix: prefix.join('/'), alias };
}

/** The path below the host that every repository of this target starts with ("" for none). */
export function targetPath(t: RegistryTarget): string {
  return [t.alias, t.prefix].filter((p) => p).join('/');
}

function checkHost(spec: string, host: string, path: string): void {
  const port = /:(\d*)$/.exec(host)?.[1];
  if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535)) {
    throw new UsageError(`--registry ${spec}: port ${JSON.stringify(port)} is not a TCP port (1-65535)`, { hint: HINT });
  }
  if (!/[.:]/.test(host) && host !== 'localhost') {
    throw new UsageError(`--registry ${spec}: ${host} is not a registry host (no "." or ":port")`, { hint: HINT });
  }
  try {
    if (parseReference(`${host}/${path ? `${path}/` : ''}x`).registry !== host) throw new Error(`${host} is not read as the registry`);
  } catch (e) {
    throw new UsageError(`--registry ${spec}: not a usable target: ${(e as Error).message}`, { hint: HINT, cause: e });
  }
}
