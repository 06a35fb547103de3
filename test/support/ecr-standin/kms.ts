// AWS KMS STAND-IN, the ECR stand-in's sibling: AWS JSON 1.1 (X-Amz-Target "TrentService.<Op>", as
// in @aws-sdk/client-kms's dist-cjs), every request SigV4-signed for service "kms" and checked,
// answering GetPublicKey and Sign for key pairs made with node:crypto. Sign over a DIGEST is made
// by `openssl pkeyutl` (node:crypto signs messages only), so the signatures come from a signer
// nobody here wrote. Tests can deny an operation (AccessDeniedException) or stall every answer,
// and make it lie as a hostile or broken KMS would: sign with another key than GetPublicKey names,
// or answer GetPublicKey with a body that never ends.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { close, listen, readBody } from './index.js';
import { verifySigV4, type SigV4Credentials } from './sigv4.js';

export type KmsKeySpec = 'ECC_NIST_P256' | 'ECC_NIST_P384' | 'RSA_2048';

interface StandinKey {
  arn: string;
  spec: KmsKeySpec;
  privateFile: string;
  publicKey: KeyObject;
}

export interface KmsStandin {
  /** host:port, for awskms://HOST:PORT/KEY. */
  host: string;
  region: string;
  account: string;
  credentials: SigV4Credentials;
  /** Makes a key pair; its ARN, public key and (for a test to sign an image as the key's owner would) its private key file. `alias` also names it as alias/ALIAS. */
  createKey(spec: KmsKeySpec, alias?: string): { arn: string; publicKey: KeyObject; privateFile: string };
  /** Operations answered with AccessDeniedException. */
  denied: Set<string>;
  /** When set, requests are read and never answered. */
  stall: boolean;
  /** The next this many requests are answered 500 KMSInternalException (a transient failure the SDK retries). */
  failNext: number;
  /** Sign answers with this private key (a PEM file), not the key GetPublicKey reports. */
  signWith?: string;
  /** GetPublicKey answers 200 with a JSON body that never ends (bytes sent until the client goes). */
  endlessPublicKey: boolean;
  /** Bytes sent of endless answers, summed. */
  endlessBytesSent: number;
  calls: { operation: string; keyId?: string; status: number }[];
  stop(): Promise<void>;
}

const ALGORITHMS: Record<KmsKeySpec, string[]> = {
  ECC_NIST_P256: ['ECDSA_SHA_256'],
  ECC_NIST_P384: ['ECDSA_SHA_384'],
  RSA_2048: ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PSS_SHA_256'],
};

export async function startKmsStandin(o: { region?: string; account?: string } = {}): Promise<KmsStandin> {
  const region = o.region ?? 'eu-west-1';
  const account = o.account ?? '123456789012';
  const dir = mkdtempSync(join(tmpdir(), 'kms-standin-'));
  const keys = new Map<string, StandinKey>();
  const credentials = { accessKeyId: 'AKIAKMS' + randomBytes(4).toString('hex').toUpperCase(), secretAccessKey: randomBytes(20).toString('base64') };
  const s: KmsStandin = {
    host: '',
    region,
    account,
    credentials,
    denied: new Set(),
    stall: false,
    failNext: 0,
    endlessPublicKey: false,
    endlessBytesSent: 0,
    calls: [],
    createKey(spec, alias) {
      const id = randomUUID();
      const pair =
        spec === 'RSA_2048'
          ? generateKeyPairSync('rsa', { modulusLength: 2048 })
          : generateKeyPairSync('ec', { namedCurve: spec === 'ECC_NIST_P256' ? 'P-256' : 'P-384' });
      const privateFile = join(dir, `${id}.key`);
      writeFileSync(privateFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      const k = { arn: `arn:aws:kms:${region}:${account}:key/${id}`, spec, privateFile, publicKey: pair.publicKey };
      for (const name of [id, k.arn, ...(alias ? [`alias/${alias}`, `arn:aws:kms:${region}:${account}:alias/${alias}`] : [])]) keys.set(name, k);
      return { arn: k.arn, publicKey: pair.publicKey, privateFile };
    },
    stop: async () => {
      await close(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (s.stall) return;
    const [prefix, operation = ''] = String(req.headers['x-amz-target'] ?? '').split('.');
    const input = (body.length ? JSON.parse(body.toString()) : {}) as Record<string, string>;
    const send = (status: number, payload: unknown, type?: string) => {
      s.calls.push({ operation, ...(input.KeyId ? { keyId: input.KeyId } : {}), status });
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID(), ...(type ? { 'x-amzn-errortype': type } : {}) });
      res.end(JSON.stringify(payload));
    };
    const fail = (type: string, message: string, status = 400) => send(status, { __type: type, message }, type);
    if (prefix !== 'TrentService' || (operation !== 'GetPublicKey' && operation !== 'Sign'))
      return fail('UnknownOperationException', `unknown operation ${operation}`);
    if (s.failNext > 0) {
      s.failNext--;
      return fail('KMSInternalException', 'We encountered an internal error. Please try again.', 500);
    }
    const sig = verifySigV4(req, body, { service: 'kms', region, credentials });
    if (!sig.ok) return fail('InvalidSignatureException', sig.reason ?? 'bad signature');
    if (s.denied.has(operation))
      return fail(
        'AccessDeniedException',
        `User: arn:aws:sts::${account}:assumed-role/ci/session is not authorized to perform: kms:${operation} on resource: ${input.KeyId} because no identity-based policy allows the kms:${operation} action`,
      );
    const k = keys.get(input.KeyId ?? '');
    if (!k) return fail('NotFoundException', `Key '${input.KeyId}' does not exist`);
    if (operation === 'GetPublicKey' && s.endlessPublicKey) return endless(res);
    if (operation === 'GetPublicKey')
      return send(200, {
        KeyId: k.arn,
        KeySpec: k.spec,
        KeyUsage: 'SIGN_VERIFY',
        PublicKey: k.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
        SigningAlgorithms: ALGORITHMS[k.spec],
      });
    const algorithm = input.SigningAlgorithm ?? '';
    if (!ALGORITHMS[k.spec].includes(algorithm)) return fail('InvalidKeyUsageException', `${algorithm} is not valid for ${k.spec}`);
    const digest = Buffer.from(input.Message ?? '', 'base64');
    const hash = algorithm.endsWith('384') ? 'sha384' : 'sha256';
    if (input.MessageType !== 'DIGEST' || digest.length !== (hash === 'sha384' ? 48 : 32))
      return fail('ValidationException', 'this stand-in signs digests only (MessageType DIGEST of the algorithm’s length)');
    const file = join(dir, `digest-${randomUUID()}`);
    writeFileSync(file, digest);
    const rsa = k.spec === 'RSA_2048' ? ['-pkeyopt', 'rsa_padding_mode:pkcs1', '-pkeyopt', `digest:${hash}`] : [];
    const signature = execFileSync('openssl', ['pkeyutl', '-sign', '-inkey', s.signWith ?? k.privateFile, '-in', file, ...rsa]);
    return send(200, { KeyId: k.arn, Signature: signature.toString('base64'), SigningAlgorithm: algorithm });
  }
  /** A 200 whose PublicKey string goes on for ever, 64 KiB a write, as fast as the client reads. */
  function endless(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
    res.write('{"KeyUsage":"SIGN_VERIFY","PublicKey":"');
    const chunk = Buffer.alloc(64 * 1024, 'A');
    const more = (): void => {
      if (res.destroyed) return;
      s.endlessBytesSent += chunk.length;
      // a 64 KiB write is past the stream's high-water mark: it always waits for drain, never spins
      if (res.write(chunk)) setImmediate(more);
      else res.once('drain', more);
    };
    res.on('close', () => res.removeAllListeners('drain'));
    more();
  }
  s.host = await listen(server);
  return s;
}
