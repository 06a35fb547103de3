// The strict reference rule evidence from a binary is held to (image-ref.ts' grammar and
// strength, as --explain weighs a fully spelled reference): the string names its registry host
// and a tag or digest, nothing more or less. A program's strings are full of host-shaped paths
// (Go module paths, URLs); only these read as images without a site to say so.
import { refStrength, toImageRef } from '../image-ref.js';

/** Hosts whose paths are source code, never images (Go module and repository hosts). */
const SOURCE_HOSTS =
  /^(github\.com|golang\.org|gopkg\.in|go\.uber\.org|google\.golang\.org|go\.opentelemetry\.io|k8s\.io|sigs\.k8s\.io|bitbucket\.org|gitlab\.com|go\.etcd\.io)$/;

/** The normalised reference when the text is a whole hosted, tagged reference, else undefined. */
export function strictImage(text: string): string | undefined {
  const r = hostedRef(text);
  return r && (r.tag || r.digest) ? r.normalized : undefined;
}

/** A hosted reference with or without tag (a repository the program completes), not a source path. */
export function hostedRef(text: string): ReturnType<typeof toImageRef> {
  if (text.length < 6 || text.length > 256 || text !== text.trim()) return undefined;
  const r = toImageRef(text);
  if (!r || !r.explicitDomain || SOURCE_HOSTS.test(r.domain)) return undefined;
  const s = refStrength(r);
  return s === 'hosted' || s === 'hosted-tagged' ? r : undefined;
}
