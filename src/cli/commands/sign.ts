import { Command } from 'commander';
import type { SignReport } from '../../app/sign/sign.js';
import { action, type Runtime, type RuntimeHost } from '../runtime.js';
import { keyPasswordOption, readSignKeyFlag } from '../signing-flags.js';

const EXAMPLES = `
Examples:
  # sign a bundle made earlier (the tarball is rewritten with airgap-lock.sigstore.json inside)
  helm airgap sign bundle.tar --key builder.key
  # an encrypted key: its password from the environment or stdin, never the command line
  HELM_AIRGAP_KEY_PASSWORD=… helm airgap sign ./bundle-dir --key builder.key
  # on the isolated side: refuse anything not signed by that key (exit 3, nothing pushed)
  helm airgap push bundle.tar --key builder.pub --registry harbor.local/airgap
  # any Sigstore tool checks it too
  cosign verify-blob --key builder.pub --bundle airgap-lock.sigstore.json --insecure-ignore-tlog airgap-lock.json

The key: a PEM private key (ECDSA P-256/P-384, Ed25519, RSA 2048+), mode 600 (a key others may
read is refused, as ssh refuses it). Only the signature and the key's fingerprint go in the bundle.
Exit codes: 0 signed; 1 the bundle could not be read or written; 2 bad key or flags.
`;

export function signCommand(host: RuntimeHost): Command {
  return new Command('sign')
    .argument('<bundle>', 'bundle tarball, unpacked bundle folder, or its airgap-lock.json')
    .requiredOption('--key <private.pem|awskms://KEY>', 'PEM private key, or AWS KMS key (awskms:///ARN), to sign the lock with')
    .addOption(keyPasswordOption())
    .addHelpText('after', EXAMPLES)
    .action(
      action(host, async (rt: Runtime, cmd: Command, bundle: string) => {
        const f = cmd.opts<{ key: string; keyPasswordStdin?: boolean }>();
        const key = await readSignKeyFlag(f.key, { env: rt.env, passwordStdin: f.keyPasswordStdin, readStdin: rt.readStdin, ctx: rt.ctx });
        const { signBundle } = await import('../../app/sign/sign.js');
        rt.reporter.result(await signBundle(bundle, key), formatSignReport);
      }),
    );
}

export function formatSignReport(r: SignReport): string[] {
  return [`signed ${r.bundle} with ${r.keyType} key ${r.signer}${r.replaced ? ' (the earlier signature replaced)' : ''}`];
}
