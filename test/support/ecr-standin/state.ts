// What the ECR stand-in remembers: repositories with their settings, the registry passwords it
// handed out (with their expiry), faults queued by tests, and a log of every call.
import { randomBytes } from 'node:crypto';

export interface StandinRepository {
  repositoryName: string;
  registryId: string;
  repositoryArn: string;
  repositoryUri: string;
  createdAt: number;
  imageTagMutability: string;
  imageScanningConfiguration: { scanOnPush: boolean };
  encryptionConfiguration: { encryptionType: string; kmsKey?: string };
  tags: { Key: string; Value: string }[];
  catalogData?: Record<string, unknown>;
}

/** A repository creation template, as DescribeRepositoryCreationTemplates returns it. */
export interface StandinTemplate {
  /** "team" covers "team/…"; ROOT covers every name no other template covers. */
  prefix: string;
  appliedFor: ('CREATE_ON_PUSH' | 'REPLICATION' | 'PULL_THROUGH_CACHE')[];
  imageTagMutability?: string;
  encryptionConfiguration?: { encryptionType: string; kmsKey?: string };
  resourceTags?: { Key: string; Value: string }[];
  description?: string;
}

/**
 * throttle: ThrottlingException; server-error: 500 ServerException; stall: the answer's head never
 * comes (the connection stays open); unknown-error: a 500 whose JSON names no error type;
 * html-error: a 502 HTML page from a proxy; denied: AccessDeniedException (400, not retried).
 */
export type ApiFaultKind = 'throttle' | 'server-error' | 'stall' | 'unknown-error' | 'html-error' | 'denied';

export interface ApiFault {
  kind: ApiFaultKind;
  /** Only this operation (e.g. "CreateRepository"); any when absent. */
  operation?: string;
  /** How many matching calls fail before the fault is used up. */
  times: number;
}

export interface ApiCall {
  operation: string;
  /** The registryId the call named (absent: the caller's own registry). */
  registryId?: string;
  status: number;
  error?: string;
}

export interface FrontRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  /** Body bytes the client sent (uploads). */
  bytesIn: number;
}

export class StandinState {
  readonly repositories = new Map<string, StandinRepository>();
  readonly apiCalls: ApiCall[] = [];
  readonly frontRequests: FrontRequest[] = [];
  readonly apiFaults: ApiFault[] = [];
  /** password → expiry (ms since epoch) */
  private readonly passwords = new Map<string, number>();
  /** Lifetime of a registry password; ECR's is 12 hours. */
  tokenTtlMs = 12 * 3600 * 1000;
  /** The OCI 1.1 referrers API (ECR serves it; off: as a registry without it). */
  referrersApi = true;
  /** `<repository>@<subject digest>` → the descriptors of the manifests put with that subject. */
  readonly referrers = new Map<string, { mediaType: string; digest: string; size: number; artifactType?: string; annotations?: Record<string, string> }[]>();
  /** ECR's BLOB_MOUNTING account setting (off by default, as in ECR). */
  blobMounting = false;
  /** The account's repository creation templates (create-on-push when appliedFor says so). */
  readonly templates: StandinTemplate[] = [];
  /** Operations the caller's IAM policy does not allow (e.g. a CI role without CreateRepository):
   * they answer AccessDeniedException, every time. */
  readonly deniedOperations = new Set<string>();
  /**
   * Operations this endpoint does not have (DescribeRepositoryCreationTemplates in a partition or
   * an ECR-compatible endpoint without it): answered as AWS answers an operation it does not
   * know, 400 with only `{"__type":"com.amazon.coral.service#UnknownOperationException"}`.
   */
  readonly absentOperations = new Set<string>();
  /** DescribeRepositories without names (a listing) is denied: IAM scoped to named repositories. */
  listDenied = false;

  /** The account of the caller's credentials: the registry a call without registryId acts on.
   * Another account than `account` stands for a tools account pushing into a central one. */
  callerAccount: string;
  #callerRegistry: StandinState | undefined;

  constructor(
    readonly account: string,
    readonly region: string,
    readonly partition: 'aws' | 'public',
    readonly publicAlias: string,
  ) {
    this.callerAccount = account;
  }

  /** The registry an API call acts on: its registryId, else the caller's own; undefined for an
   * account the caller has no access to. The front serves `account`'s registry only. */
  registryFor(registryId: string | undefined): StandinState | undefined {
    const id = registryId ?? this.callerAccount;
    if (id === this.account) return this;
    if (id !== this.callerAccount) return undefined;
    this.#callerRegistry ??= new StandinState(this.callerAccount, this.region, this.partition, this.publicAlias);
    return this.#callerRegistry;
  }

  issuePassword(now = Date.now()): { password: string; expiresAt: number } {
    const password = randomBytes(24).toString('base64url');
    const expiresAt = now + this.tokenTtlMs;
    this.passwords.set(password, expiresAt);
    return { password, expiresAt };
  }

  checkPassword(password: string, now = Date.now()): 'ok' | 'expired' | 'unknown' {
    const exp = this.passwords.get(password);
    if (exp === undefined) return 'unknown';
    return now >= exp ? 'expired' : 'ok';
  }

  /** Makes every password issued so far expired, as if the push outlived ECR's 12 hours. */
  expireAllPasswords(): void {
    for (const k of this.passwords.keys()) this.passwords.set(k, 0);
  }

  /** The template ECR applies when a push meets `name` missing: the longest create-on-push
   * prefix covering it, ROOT when none does. */
  createOnPushTemplate(name: string): StandinTemplate | undefined {
    const usable = this.templates.filter((t) => t.appliedFor.includes('CREATE_ON_PUSH'));
    const covering = usable.filter((t) => t.prefix !== 'ROOT' && name.startsWith(`${t.prefix}/`)).sort((a, b) => b.prefix.length - a.prefix.length);
    return covering[0] ?? usable.find((t) => t.prefix === 'ROOT');
  }

  /** Consumes one queued fault matching this operation, if any. */
  takeApiFault(operation: string): ApiFaultKind | undefined {
    const f = this.apiFaults.find((x) => x.times > 0 && (x.operation === undefined || x.operation === operation));
    if (!f) return undefined;
    f.times--;
    return f.kind;
  }

  /** Blob bytes uploaded through the front (PATCH/PUT/POST bodies), the duplicate-upload check. */
  uploadedBytes(): number {
    return this.frontRequests.filter((r) => r.path.includes('/blobs/uploads')).reduce((n, r) => n + r.bytesIn, 0);
  }

  /** Completed blob uploads (the PUT ...?digest= that commits a blob). */
  committedBlobUploads(): FrontRequest[] {
    return this.frontRequests.filter((r) => r.method === 'PUT' && r.path.includes('/blobs/uploads') && r.status === 201);
  }

  resetLogs(): void {
    this.apiCalls.length = 0;
    this.frontRequests.length = 0;
  }
}
