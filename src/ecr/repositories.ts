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
import { templateFor, type CreationTemplate } from './creation-templates.js';
import { AirgapError, EcrError } from '../util/errors.js';
import type { CreateWhen } from './repository-settings.js';

export interface EnsureReport {
  created: string[];
  existing: string[];
}

export interface RepositoryProvisioner {
  /** "ecr", "ecr-public" or "none" (registries that create repositories on push). */
  readonly kind: string;
  /** --create-repositories (default auto). */
  readonly when?: CreateWhen;
  ensure(names: readonly string[], c?: Ctx): Promise<EnsureReport>;
  /** The names that ensure() would create (for --dry-run). */
  findMissing(names: readonly string[], c?: Ctx): Promise<string[]>;
  /** Creates these (missing) names; returns the ones this call created. */
  create(names: readonly string[], c?: Ctx): Promise<string[]>;
  /** The account's create-on-push templates; absent where the registry has none (ECR Public). */
  templates?(c?: Ctx): Promise<CreationTemplate[]>;
}

/** Who made a new repository: a creation template (on push) or CreateRepository with the flags. */
export interface RepositoryOrigin {
  repository: string;
  by: 'template' | 'flags';
  /** The template's prefix. */
  template?: string;
}

/** What a transfer says of its repositories (push, copy and sync: text and -o json alike). */
export interface RepositoriesReport {
  /** New in this run: by CreateRepository, or left to a template that the push itself fills. */
  created: string[];
  existing: string[];
  /** A dry run: the ones a real run would create. */
  toCreate: string[];
  /** For each of created (or toCreate), what made it. */
  made?: RepositoryOrigin[];
  notes?: string[];
}

/**
 * The one way push, copy and sync make their repositories: every one before the first upload (a
 * registry that refuses pushes to unknown names fails nothing half-way); a dry run only asks
 * which are missing. Those a create-on-push template covers are left to the push (auto).
 */
export async function provisionRepositories(
  p: RepositoryProvisioner,
  names: readonly string[],
  o: { dryRun?: boolean; ctx?: Ctx } = {},
): Promise<RepositoriesReport> {
  const unique = [...new Set(names)].sort();
  const when = p.when ?? 'auto';
  // a registry that creates repositories on push has nothing to say of them
  if (p.kind === noRepositoryProvisioner.kind) return { created: [], existing: [], toCreate: [] };
  if (when === 'always' && !o.dryRun) {
    const r = await p.ensure(unique, o.ctx);
    return { ...r, toCreate: [], made: r.created.map((n) => ({ repository: n, by: 'flags' })) };
  }
  const missing = (await p.findMissing(unique, o.ctx)).sort();
  const existing = unique.filter((n) => !missing.includes(n));
  if (when === 'never' && missing.length) {
    const count = missing.length === 1 ? '1 repository does' : `${missing.length} repositories do`;
    throw new AirgapError(`--create-repositories never: ${count} not exist in the ${p.kind} registry: ${missing.join(', ')}`, {
      hint: 'create them first (or ask the registry administrator), or run with --create-repositories auto',
    });
  }
  const notes: string[] = [];
  const templates = when === 'auto' && missing.length ? await readTemplates(p, notes, o.ctx) : [];
  const made: RepositoryOrigin[] = missing.map((n) => {
    const t = templateFor(n, templates);
    return t ? { repository: n, by: 'template', template: t.prefix } : { repository: n, by: 'flags' };
  });
  const extra = notes.length ? { notes } : {};
  if (o.dryRun) return { created: [], existing, toCreate: missing, made, ...extra };
  const byFlags = made.filter((m) => m.by === 'flags').map((m) => m.repository);
  const created = new Set(await p.create(byFlags, o.ctx));
  const kept = made.filter((m) => m.by === 'template' || created.has(m.repository));
  const createdNames = kept.map((m) => m.repository);
  return { created: createdNames, existing: unique.filter((n) => !createdNames.includes(n)), toCreate: [], made: kept, ...extra };
}

/**
 * A caller not allowed to read the templates (AccessDenied) creates every repository instead; so
 * does one whose endpoint has no templates API at all (UnknownOperationException: partitions and
 * ECR-compatible endpoints without it), where no template can exist.
 */
async function readTemplates(p: RepositoryProvisioner, notes: string[], c?: Ctx): Promise<CreationTemplate[]> {
  if (!p.templates) return [];
  try {
    return await p.templates(c);
  } catch (e) {
    const why = NO_TEMPLATES[errorName(e)];
    if (!why) throw toEcrError(`${p.kind} DescribeRepositoryCreationTemplates`, e);
    // in the report (text and JSON) rather than the log, printed once
    notes.push(`${why}: every missing repository is created with the flags given`);
    return [];
  }
}

const NO_TEMPLATES: Record<string, string> = {
  AccessDeniedException: 'not allowed to read the repository creation templates (ecr:DescribeRepositoryCreationTemplates)',
  UnknownOperationException:
    'this ECR endpoint has no repository creation templates (DescribeRepositoryCreationTemplates: UnknownOperationException), so none apply',
};

/** For OCI registries that create repositories on first push. */
export const noRepositoryProvisioner: RepositoryProvisioner = {
  kind: 'none',
  ensure: async () => ({ created: [], existing: [] }),
  findMissing: async () => [],
  create: async () => [],
};

/** The two calls a registry API must offer; ECR and ECR Public both do, with the same shapes. */
export interface RepositoryApi {
  readonly kind: string;
  /** Throws an error named RepositoryNotFoundException when any name is missing (as ECR does). */
  describe(names: string[], c?: Ctx): Promise<void>;
  /** Throws an error named RepositoryAlreadyExistsException when the name exists. */
  create(name: string, c?: Ctx): Promise<void>;
  templates?(c?: Ctx): Promise<CreationTemplate[]>;
  /** The registry's repositories, page by page (nextToken), at most `maxPages` pages; `complete` when the last page was reached. */
  list?(maxPages: number, c?: Ctx): Promise<{ names: string[]; complete: boolean }>;
}

export interface ProvisionerOptions {
  /** Parallel CreateRepository calls (default 4: ECR's API rates are per account and region). */
  concurrency?: number;
  retries?: number;
  retryBaseMs?: number;
  when?: CreateWhen;
}

const BATCH = 100;
/** Missing names peeled off one batch, one by one, before creating the whole batch instead. */
const MAX_PEELS = 5;

export class ApiRepositoryProvisioner implements RepositoryProvisioner {
  readonly kind: string;
  readonly when?: CreateWhen;
  readonly templates?: (c?: Ctx) => Promise<CreationTemplate[]>;
  constructor(
    private readonly api: RepositoryApi,
    private readonly o: ProvisionerOptions = {},
  ) {
    this.kind = api.kind;
    this.when = o.when;
    const read = api.templates;
    if (read) this.templates = (c) => this.#retry(() => read(c), c);
  }

  async findMissing(names: readonly string[], c?: Ctx): Promise<string[]> {
    const unique = [...new Set(names)];
    let rest = unique;
    // More than one batch: the registry's own listing (1,000 a page) answers for every name in
    // fewer calls than batches of 100 and the peeling of each missing name, as long as the
    // registry is not much larger than the transfer; past as many pages as batches, the names
    // not seen yet are asked in batches.
    if (unique.length > BATCH && this.api.list) {
      const listed = await this.#list(Math.ceil(unique.length / BATCH), c);
      if (listed) {
        const have = new Set(listed.names);
        if (listed.complete) return unique.filter((n) => !have.has(n));
        rest = unique.filter((n) => !have.has(n));
      }
    }
    const missing: string[] = [];
    for (let i = 0; i < rest.length; i += BATCH) missing.push(...(await this.#missingIn(rest.slice(i, i + BATCH), c)));
    return missing;
  }

  /** undefined when the caller may not list the registry (IAM scoped to named repositories). */
  async #list(maxPages: number, c?: Ctx): Promise<{ names: string[]; complete: boolean } | undefined> {
    try {
      return await this.#retry(() => this.api.list!(maxPages, c), c);
    } catch (e) {
      if (errorName(e) !== 'AccessDeniedException') throw toEcrError(`${this.kind} DescribeRepositories`, e);
      logTo(c, 'debug', `${this.kind}: not allowed to list the registry's repositories; asking for them by name`);
      return undefined;
    }
  }

  async ensure(names: readonly string[], c?: Ctx): Promise<EnsureReport> {
    const unique = [...new Set(names)];
    const created = await this.create(await this.findMissing(unique, c), c);
    return { created, existing: unique.filter((n) => !created.includes(n)) };
  }

  async create(names: readonly string[], c?: Ctx): Promise<string[]> {
    const missing = new Set(names);
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
    return created.sort();
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
      // the command's report lists each repository created, with what made it: once is enough
      logTo(c, 'debug', `created repository ${name}`);
      return true;
    } catch (e) {
      if (errorName(e) === 'RepositoryAlreadyExistsException') return false;
      const err = toEcrError(`${this.kind} CreateRepository ${name}`, e);
      // CI roles are often denied CreateRepository on purpose: a creation template is the way in
      if (errorName(e) === 'AccessDeniedException' && this.kind === 'ecr') {
        throw new EcrError(err.message, {
          cause: e,
          hint: `ask for ecr:CreateRepository, or for a repository creation template with CREATE_ON_PUSH whose prefix covers ${name} (--create-repositories auto then leaves it to the push)`,
        });
      }
      throw err;
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
