import type { PolicyEntry } from '../bundle/signature-policy.js';
import { AirgapError, ExitCode } from '../util/errors.js';

/** An image or chart the policy refuses: names it, the entry and why; exit 3 as other refusals. */
export class SignatureError extends AirgapError {
  constructor(what: string, entry: PolicyEntry, reasons: string[]) {
    super(`${what}: signature policy "${entry.match}" (${entry.origin}) refused it: ${reasons.join('; ')}`, {
      code: 'ERR_SIGNATURE',
      exitCode: ExitCode.Partial,
      hint: entry.key
        ? `sign it with the key the policy names (cosign sign --key ...), or change the entry in the policy`
        : `check who signed it (cosign tree / cosign verify), or change the entry in the policy`,
    });
  }
}
