// Makes sure every target repository exists before its first blob: ECR has no implicit
// namespaces and refuses pushes to repositories never created (protocols.md §5.3, §9.1).
// DescribeRepositories checks 100 names per call; the missing ones are created with the
// requested settings. "Already exists" is success (other pods of an Indexed Job race us), and
// throttling is retried with backoff on top of the SDK's own retries.
import type { Ctx } from '../util/ctx.js';
import { logTo } from '../util/ctx.js';
import { createPool } from '../util/pool.js';
import { withRetry } from '../util/retry.js';
import { errorName, toEcrError } from './ecr-errors.js';
import { isRetriedAroundSdk } from './api-bounds.js';

export interface EnsureReport {
  created: string[];
  existing: string[];
}

export interface RepositoryProvisioner {
  /** "ecr", "ecr-public" or "none" (registries that create repositories on push). */
  readonly kind: string;
  ensure(names: readonly string[], c?: Ctx): Promise<EnsureReport>;
  /** The names that ensure() would create (for --dry-run). */
  findMissing(names: readonly string[], c?: Ctx): Promise<string[]>;
}

/** What a transfer says of its repositories (push, copy and sync: text and -o json alike). */
export interface RepositoriesReport {
  created: string[];
  existing: string[];
  /** A dry run: the ones a real run would create. */
  toCreate: string[];
}

/**
 * The one way push, copy and sync make their repositories: every one before the first upload (a
 * registry that refuses pushes to unknown names fails nothing half-way); a dry run only asks
 * which are missing.
 */
export async function provisionRepositories(
  p: RepositoryProvisioner,
  names: readonly string[],
  o: { dryRun?: boolean; ctx?: Ctx } = {},
): Promise<RepositoriesReport> {
  const unique = [...new Set(names)].sort();
  if (!o.dryRun) return { ...(await p.ensure(unique, o.ctx)), toCreate: [] };
  const toCreate = await p.findMissing(unique, o.ctx);
  return { created: [], existing: unique.filter((n) => !toCreate.includes(n)), toCreate };
}

/** For OCI registries that create repositories on first push. */
export const noRepositoryProvisioner: RepositoryProvisioner = {
  kind: 'none',
  ensure: async () => ({ created: [], existing: [] }),
  findMissing: async () => [],
};

/** The two calls a registry API must offer; ECR and ECR Public both do, with the same shapes. */
export interface RepositoryApi {
  readonly kind: string;
  /** Throws an error named RepositoryNotFoundException when any name is missing (as ECR does). */
  describe(names: string[], c?: Ctx): Promise<void>;
  /** Throws an error named RepositoryAlreadyExistsException when the name exists. */
  create(name: string, c?: Ctx): Promise<void>;
}

export interface ProvisionerOptions {
  /** Parallel CreateRepository calls (default 4: ECR's API rates are per account and region). */
  concurrency?: number;
  retries?: number;
  retryBaseMs?: number;
}

const BATCH = 100;
/** Missing names peeled off one batch, one by one, before creating the whole batch instead. */
const MAX_PEELS = 5;

export class ApiRepositoryProvisioner implements RepositoryProvisioner {
  readonly kind: string;
  constructor(
    private readonly api: RepositoryApi,
    private readonly o: ProvisionerOptions = {},
  ) {
    this.kind = api.kind;
  }

  async findMissing(names: readonly string[], c?: Ctx): Promise<string[]> {
    const unique = [...new Set(names)];
    const missing: string[] = [];
    for (let i = 0; i < unique.length; i += BATCH) missing.push(...(await this.#missingIn(unique.slice(i, i + BATCH), c)));
    return missing;
  }

  async ensure(names: readonly string[], c?: Ctx): Promise<EnsureReport> {
    const unique = [...new Set(names)];
    const missing = new Set(await this.findMissing(unique, c));
    const created: string[] = [];
    const pool = createPool(this.o.concurrency ?? 4);
    // the first failure ends the rest: calls in flight are cancelled, queued ones never start
    const stop = new AbortController();
    const inner: Ctx = { ...c, signal: c?.signal ? AbortSignal.any([c.signal, stop.signal]) : stop.signal };
    let first: { error: unknown } | undefined;
    await Promise.all(
      [...missing].map((name) =>
        pool.run(async () => {
          if (stop.signal.aborted) return;
          try {
            if (await this.#create(name, inner)) created.push(name);
            else missing.delete(name);
          } catch (e) {
            first ??= { error: e };
            stop.abort();
          }
        }),
      ),
    );
    if (first) throw first.error;
    created.sort();
    return { created, existing: unique.filter((n) => !created.includes(n)) };
  }

  /**
   * ECR fails a whole DescribeRepositories when one name is missing and names only that one, so
   * missing names are peeled off and the rest described again; a batch with many new names is
   * treated as all-missing (creating an existing repository is harmless).
   */
  async #missingIn(batch: string[], c?: Ctx): Promise<string[]> {
    const missing: string[] = [];
    let rest = batch;
    for (let peel = 0; rest.length > 0; peel++) {
      const absent = await this.#describe(rest, c);
      if (absent === undefined) return missing;
      if (peel >= MAX_PEELS || !rest.includes(absent)) return [...missing, ...rest];
      missing.push(absent);
      rest = rest.filter((n) => n !== absent);
    }
    return missing;
  }

  /** undefined when all exist, else the name ECR reported missing ('' when it named none). */
  async #describe(names: string[], c?: Ctx): Promise<string | undefined> {
    try {
      await this.#retry(() => this.api.describe(names, c), c);
      return undefined;
    } catch (e) {
      if (errorName(e) !== 'RepositoryNotFoundException') throw toEcrError(`${this.kind} DescribeRepositories`, e);
      return /name '([^']+)'/.exec((e as Error).message)?.[1] ?? '';
    }
  }

  /** true when this call created it, false when it already existed. */
  async #create(name: string, c?: Ctx): Promise<boolean> {
    try {
      await this.#retry(() => this.api.create(name, c), c);
      logTo(c, 'info', `created repository ${name}`);
      return true;
    } catch (e) {
      if (errorName(e) === 'RepositoryAlreadyExistsException') return false;
      throw toEcrError(`${this.kind} CreateRepository ${name}`, e);
    }
  }

  #retry<T>(fn: () => Promise<T>, c?: Ctx): Promise<T> {
    return withRetry(fn, {
      retries: c?.retries ?? this.o.retries ?? 6,
      baseMs: this.o.retryBaseMs ?? 500,
      signal: c?.signal,
      isTransient: isRetriedAroundSdk,
      onRetry: (e, n, ms) => logTo(c, 'debug', `${this.kind}: ${errorName(e) || 'error'}, retry ${n} in ${ms} ms`),
    });
  }
}
