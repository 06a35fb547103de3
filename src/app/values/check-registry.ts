// `values --check-registry`: the override is proven against the chart by re-rendering; this proves
// it against the registry: every image the values now point at is asked for there (HEAD only).
// A --naming or prefix that differs from what push used shows here, not as ImagePullBackOff.
import { parseReference, referenceSelector } from '../../oci/reference.js';
import { isNotFound } from '../../oci/not-found.js';
import { RegistryClient, type RegistryClientOptions } from '../../registry/client.js';
import type { Ctx } from '../../util/ctx.js';
import { createPool } from '../../util/pool.js';

export interface RegistryCheck {
  checked: number;
  /** Target references the registry does not have. */
  missing: string[];
}

export async function checkTargets(targets: readonly string[], o: RegistryClientOptions, ctx?: Ctx): Promise<RegistryCheck> {
  const client = new RegistryClient(o);
  const pool = createPool(8);
  const unique = [...new Set(targets)].sort();
  const missing: string[] = [];
  await Promise.all(
    unique.map((t) =>
      pool.run(async () => {
        const ref = parseReference(t);
        const found = await client
          .repository(ref)
          .resolve(referenceSelector(ref), ctx)
          .then(
            () => true,
            (e: unknown) => (isNotFound(e) ? false : Promise.reject(e)),
          );
        if (!found) missing.push(t);
      }),
    ),
  );
  return { checked: unique.length, missing: missing.sort() };
}
