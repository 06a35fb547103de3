// What a verified signature says about its signer, and why one was refused, in the words a
// failure is named by: shared by every signature format.
import type { KeylessIdentity } from '../bundle/signature-policy.js';
import type { PolicyKey } from './keys.js';

/** One signature's verdict: who signed (a key or a certificate identity) and when it was logged. */
export interface SignerEvidence {
  ok: boolean;
  reason?: string;
  key?: PolicyKey;
  identity?: string;
  issuer?: string;
  integratedTime?: Date;
  logIndex?: number;
}

/** @sigstore/verify's error codes in the words a failure is named by. */
const WHY: [prefix: string, words: string][] = [
  ['TLOG_BODY', 'the log entry is not about this signature'],
  ['TLOG_INCLUSION_PROOF', 'log proof invalid'],
  ['TLOG_INCLUSION_PROMISE', 'log SET invalid'],
  ['TLOG', 'log proof invalid'],
  ['CERTIFICATE', 'certificate not valid at the log time or not from the trusted root'],
  ['UNTRUSTED_SIGNER', 'signer not in the trusted root'],
  ['TIMESTAMP', 'no trusted time for the signature'],
  ['PUBLIC_KEY', 'wrong key'],
  ['SIGNATURE', 'signature does not verify'],
];

export function whyRefused(e: unknown): string {
  const code = (e as { code?: string }).code ?? '';
  const words = WHY.find(([p]) => code.startsWith(p))?.[1];
  return words ? `${words} (${(e as Error).message})` : (e as Error).message;
}

/** Why the certificate's identity is not the policy's (undefined: it is). */
export function identityMismatch(want: KeylessIdentity, identity: string | undefined, issuer: string | undefined): string | undefined {
  const fits = (exact: string | undefined, regex: string | undefined, got: string | undefined) =>
    got !== undefined && (exact !== undefined ? got === exact : new RegExp(regex!).test(got));
  if (!fits(want.subject, want.subjectRegex, identity))
    return `signed by ${identity ?? 'no identity'}, the policy wants ${want.subject ?? `/${want.subjectRegex}/`}`;
  if (!fits(want.issuer, want.issuerRegex, issuer)) return `issued by ${issuer ?? 'no issuer'}, the policy wants ${want.issuer ?? `/${want.issuerRegex}/`}`;
  return undefined;
}
