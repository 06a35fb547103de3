import { Command, Option } from 'commander';
import type { ServeReport } from '../../app/serve/serve.js';
import { namingHelp, parseNaming, DEFAULT_NAMING } from '../../ecr/naming.js';
import { UsageError } from '../../util/errors.js';
import { action, type Runtime, type RuntimeHost } from '../runtime.js';

const EXAMPLES = `
Examples:
  # a site with no registry yet: serve the bundle as it was carried (read in place, not unpacked)
  helm airgap serve bundle.tar --port 5000
  helm pull oci://127.0.0.1:5000/charts/cert-manager --version v1.14.4 --plain-http
  skopeo inspect --tls-verify=false docker://127.0.0.1:5000/quay.io/jetstack/cert-manager-controller:v1.14.4
  # then fill the site's first registry from it, digests unchanged
  helm airgap copy docker://127.0.0.1:5000/quay.io/jetstack/cert-manager-controller:v1.14.4 \\
    docker://registry.site:5000/quay.io/jetstack/cert-manager-controller:v1.14.4
  # on the network, with TLS (clients trust the certificate's CA)
  helm airgap serve bundle.tar --address 0.0.0.0 --port 5443 --cert-file tls.crt --key-file tls.key
  # in the background from a script: the FIFO's read returns once serve listens (no sleep)
  mkfifo serve.ready
  helm airgap serve bundle.tar --ready-file serve.ready --write-map served.map.yaml > serve.log 2>&1 &
  read -r url pid < serve.ready
  # every bundle image into the site's first registry, each under its own name (as push names them)
  helm airgap copy --from-map served.map.yaml docker://registry.site:5000 --write-map site.map.yaml

More examples and the rules in full: docs/guide/serve.md.
`;

export function serveCommand(host: RuntimeHost): Command {
  return new Command('serve')
    .argument('<bundle>', 'bundle tarball (or its split parts NAME.tar.000…, or an unpacked bundle directory) made by `helm airgap bundle`')
    .option('--address <ip>', 'address to listen on (loopback unless told)', '127.0.0.1')
    .option('--port <n>', 'port to listen on; 0 picks a free one (the URL is printed)', '0')
    .option('--naming <mode>', `image repository names, as push --naming would give them (${DEFAULT_NAMING.bundle} unless told)`)
    .option('--cert-file <file>', 'serve HTTPS with this PEM certificate (chain)')
    .option('--key-file <file>', 'the PEM private key of --cert-file')
    .option(
      '--write-map <file>',
      'once listening, write where each image is served (source → served reference, digest, platforms) for copy --from-map and verify/values --map',
    )
    .option('--ready-file <file>', 'once listening, write "URL PID" here (a FIFO: straight in, so `read url pid < FILE` waits for it)')
    .addOption(new Option('--max-connections <n>', 'open connections at once; more are closed as they arrive').default('64'))
    .addHelpText('after', `${EXAMPLES}\n${namingHelp()}\n`)
    .action(
      action(host, async (rt: Runtime, cmd: Command, bundle: string) => {
        const f = cmd.opts<ServeFlags>();
        const { serve } = await import('../../app/serve/serve.js');
        const { writeReady, writeNotReady } = await import('../../app/serve/ready-file.js');
        let signal = 'SIGINT';
        const onTerm = () => void (signal = 'SIGTERM');
        process.once('SIGTERM', onTerm);
        try {
          const served = await serve({
            bundle,
            address: f.address,
            port: whole(f.port, '--port', 65535),
            naming: parseNaming(f.naming, DEFAULT_NAMING.bundle),
            certFile: f.certFile,
            keyFile: f.keyFile,
            writeMap: f.writeMap,
            bounds: { maxConnections: whole(f.maxConnections, '--max-connections', 100_000, 1), ...idleBounds(rt.globals.idleTimeoutMs) },
            ctx: rt.ctx,
          }).catch(async (e: unknown) => {
            if (f.readyFile) await writeNotReady(f.readyFile);
            throw e;
          });
          rt.reporter.result(served.report, formatServe);
          if (f.readyFile)
            await writeReady(f.readyFile, served.report.url).catch(async (e: unknown) => {
              await served.close();
              throw e;
            });
          await stopped(rt.signal);
          await served.close();
          rt.reporter.info(`stopped serving ${bundle} (${signal})`);
          host.exitCode = signal === 'SIGTERM' ? 143 : 130;
        } finally {
          process.off('SIGTERM', onTerm);
        }
      }),
    );
}

interface ServeFlags {
  address: string;
  port: string;
  naming?: string;
  certFile?: string;
  keyFile?: string;
  readyFile?: string;
  writeMap?: string;
  maxConnections: string;
}

function whole(v: string, flag: string, max: number, min = 0): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max) throw new UsageError(`${flag} ${v}: give a whole number from ${min} to ${max}`);
  return n;
}

/** --idle-timeout: a socket still for that long is closed, and a request head must come sooner. */
function idleBounds(ms: number | undefined) {
  return ms ? { idleTimeoutMs: ms, headersTimeoutMs: Math.min(ms, 10_000) } : {};
}

function stopped(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}

function formatServe(r: ServeReport): string[] {
  const tags = r.repositories.reduce((n, x) => n + x.tags.length, 0);
  return [
    `serving ${r.bundle} at ${r.url} (read-only; ${r.repositories.length} repositories, ${tags} tags; naming ${r.naming})`,
    ...r.repositories.map((x) => `  ${x.name}  ${x.tags.join(' ')}`),
    ...(r.mapFile ? [`wrote ${r.mapFile}: use it with helm airgap copy --from-map ${r.mapFile} DST, or verify|values --map ${r.mapFile}`] : []),
  ];
}
