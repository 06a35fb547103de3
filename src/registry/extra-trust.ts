// The process-wide extra trust (--ca-file, NODE_EXTRA_CA_CERTS), apart from the transport that
// uses it: the CLI sets it at every start where there is any (the launcher hands
// NODE_EXTRA_CA_CERTS on to every copy and template), and loading the transport for that
// (node:http, node:https, node:tls and the bulk reader) was 11% of the instructions of a template
// of a local chart, which never opens a connection.

/** Certificates trusted beside Node's own roots (`--ca-file`): for every host, or for one host[:port]. */
export interface ExtraTrust {
  all: string[];
  byHost: Map<string, string[]>;
  /** NODE_EXTRA_CA_CERTS's file: trusted beside the roots in every context built here. */
  extraFile?: string;
  /**
   * False when Node did not load extraFile at its start (bin/helm-airgap hands it to copy and
   * template as HELM_AIRGAP_EXTRA_CA_CERTS: Node reads it at every start, which a run without TLS
   * never needs): every TLS connection then gets a context holding it, read at the first one.
   */
  nodeLoadedExtra?: boolean;
}

let trust: ExtraTrust = { all: [], byHost: new Map() };
let generation = 0;

/** Process-wide, like NODE_EXTRA_CA_CERTS: set once by the CLI from --ca-file and the environment. */
export function setExtraTrust(t: ExtraTrust): void {
  trust = t;
  generation++;
}

/** The trust now, and a number that changes whenever it is set (contexts built before are stale). */
export function extraTrust(): { trust: ExtraTrust; generation: number } {
  return { trust, generation };
}

/** The PEM certificate blocks of a file's text. */
export function pemCertificates(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
