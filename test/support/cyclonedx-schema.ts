// The CycloneDX 1.6 JSON schema the CycloneDX library ships, judged by ajv (not by us), and the
// verification evidence an SBOM component carries, read back by property name.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { LockedSignature } from '../../src/bundle/lock.js';

const SCHEMAS = join(createRequire(import.meta.url).resolve('@cyclonedx/cyclonedx-library/package.json'), '..', 'res', 'schema');

/** A validator: the schema's complaints about a document ([] when valid). */
export async function cyclonedx16(): Promise<(doc: unknown) => string[]> {
  const ajv = new Ajv({ strict: false, allErrors: true, formats: { 'iri-reference': true, 'idn-email': true } });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  for (const name of ['spdx', 'jsf-0.82', 'cryptography-defs']) {
    const s = JSON.parse(await readFile(join(SCHEMAS, `${name}.SNAPSHOT.schema.json`), 'utf8'));
    ajv.addSchema({ ...s, $id: `http://cyclonedx.org/schema/${name}.SNAPSHOT.schema.json` });
  }
  const validate = ajv.compile(JSON.parse(await readFile(join(SCHEMAS, 'bom-1.6.SNAPSHOT.schema.json'), 'utf8')));
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

interface Component {
  'bom-ref': string;
  properties?: { name: string; value: string }[];
}

/** The evidence properties of the SBOM component `bomRef`, as the signatures of the lock they came from. */
export function sbomSignatures(bom: { components: Component[] }, bomRef: string): Partial<Record<keyof LockedSignature, string>>[] {
  const c = bom.components.find((x) => x['bom-ref'] === bomRef);
  if (!c) throw new Error(`the SBOM has no component ${bomRef}`);
  const out: Record<string, string>[] = [];
  for (const p of c.properties ?? []) {
    const m = /^helm-airgap:signature:(\d+):(\w+)$/.exec(p.name);
    if (m) (out[Number(m[1])] ??= {})[m[2]!] = p.value;
  }
  return out;
}

/** A lock's signature as the SBOM states it (every value a string; the .prov text itself stays in the lock). */
export function asSbomEvidence(s: LockedSignature): Record<string, string> {
  const keep = ['format', 'digest', 'keyFingerprint', 'identity', 'issuer', 'integratedTime', 'logIndex', 'policy'] as const;
  return Object.fromEntries(keep.filter((k) => s[k] !== undefined).map((k) => [k, String(s[k])]));
}
