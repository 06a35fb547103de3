// A private CA and a server certificate for 127.0.0.1, made with openssl for TLS tests: what an
// air-gapped registry usually has (a company CA no public root store knows).
import { execa } from 'execa';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { requireTool } from './tools.js';

export interface TestCa {
  /** The CA certificate (PEM) clients must trust. */
  caFile: string;
  /** The server's certificate (signed by the CA, for IP 127.0.0.1 and localhost) and key. */
  certFile: string;
  keyFile: string;
}

export async function makeTestCa(dir: string, name: string): Promise<TestCa> {
  const openssl = await requireTool('openssl', 'openssl');
  await mkdir(dir, { recursive: true });
  const f = (n: string) => join(dir, n);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await execa(openssl, ['req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2', '-subj', `/CN=airgap test CA ${name}`]);
  await execa(openssl, ['req', ...ec, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=127.0.0.1']);
  await writeFile(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await execa(openssl, [
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('server.pem'),
    '-days',
    '2',
    '-extfile',
    f('ext.cnf'),
  ]);
  return { caFile: f('ca.pem'), certFile: f('server.pem'), keyFile: f('server.key') };
}
