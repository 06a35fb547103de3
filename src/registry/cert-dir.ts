// A containers-certs.d(5) folder, as skopeo's `cert-dir` names one for a registry: each *.crt is a
// CA to trust for that host, a *.cert with the *.key of the same name is the client certificate.
// Added to the host's own TLS settings (transport.ts), never to another host's.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../util/errors.js';
import { addHostTls } from './transport.js';

export async function useCertDir(host: string, dir: string, where: string): Promise<void> {
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`${where}: cert-dir ${dir}: ${e.code === 'ENOENT' ? 'no such folder' : e.message}`, {
      hint: 'a folder of CA.crt files (and CLIENT.cert with CLIENT.key), as skopeo and containers-certs.d(5) read it',
    });
  });
  const ca = await Promise.all(names.filter((n) => n.endsWith('.crt')).map((n) => readFile(join(dir, n), 'utf8')));
  const certName = names.find((n) => n.endsWith('.cert'));
  const keyName = certName && `${certName.slice(0, -'.cert'.length)}.key`;
  if (certName && !names.includes(keyName!))
    throw new UsageError(`${where}: cert-dir ${dir}: ${certName} has no ${keyName}`, { hint: 'a client certificate needs its key beside it, same name, .key' });
  const client = certName ? { cert: await readFile(join(dir, certName), 'utf8'), key: await readFile(join(dir, keyName!), 'utf8') } : {};
  addHostTls(host, { ca, ...client });
}
