// X.509 v3 certificates shaped like Go's x509.CreateCertificate output for Sprig's templates:
// CN-only names, key usage, server+client auth, basic constraints, SKI for CAs, AKI from the
// issuer, SANs (DNS then IP). Keys and signatures come from node:crypto.
import { type KeyObject } from 'node:crypto';
import { nodeCrypto } from '../util/lazy-builtins.js';
import * as a from './asn1.js';

export interface CertTemplate {
  cn: string;
  dnsNames: string[];
  /** 4- or 16-byte addresses. */
  ips: Uint8Array[];
  notBefore: Date;
  notAfter: Date;
  isCA: boolean;
  serial: bigint;
}

export interface Issuer {
  key: KeyObject;
  /** DER of the issuer's subject Name. */
  name: Uint8Array;
  subjectKeyId?: Uint8Array;
}

const OID = {
  cn: '2.5.4.3',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

/** encoding/asn1's choice: PrintableString when every character allows it, else UTF8String. */
function directoryString(s: string): a.Der {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(s) ? a.printableString(s) : a.utf8String(s);
}

/** pkix.Name{CommonName: cn} as an RDNSequence (empty when cn is ""). */
export function nameDer(cn: string): a.Der {
  return cn === '' ? a.seq() : a.seq(a.set(a.seq(a.oid(OID.cn), directoryString(cn))));
}

function extension(id: string, critical: boolean, value: a.Der): a.Der {
  return critical ? a.seq(a.oid(id), a.bool(true), a.octets(value)) : a.seq(a.oid(id), a.octets(value));
}

/** Go's KeyUsage BIT STRING: digitalSignature(0), keyEncipherment(2), certSign(5); trailing zero bits unused. */
function keyUsage(isCA: boolean): a.Der {
  const byte = isCA ? 0xa4 : 0xa0;
  return a.bitString(new Uint8Array([byte]), isCA ? 2 : 5);
}

function signatureAlgorithm(key: KeyObject): { der: a.Der; hash: string | null } {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { der: a.seq(a.oid('1.2.840.113549.1.1.11'), a.nul()), hash: 'sha256' };
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      const [oid, hash] =
        curve === 'secp384r1'
          ? ['1.2.840.10045.4.3.3', 'sha384']
          : curve === 'secp521r1'
            ? ['1.2.840.10045.4.3.4', 'sha512']
            : ['1.2.840.10045.4.3.2', 'sha256'];
      return { der: a.seq(a.oid(oid)), hash };
    }
    case 'ed25519':
      return { der: a.seq(a.oid('1.3.101.112')), hash: null };
    case 'dsa':
      return { der: a.seq(a.oid('2.16.840.1.101.3.4.3.2')), hash: 'sha256' };
    default:
      throw new Error(`x509: only RSA, ECDSA, Ed25519 and DSA keys are supported (got ${key.asymmetricKeyType})`);
  }
}

/** The subjectPublicKey bits of an SPKI, which Go hashes with SHA-1 for the key id. */
function publicKeyBits(spki: Uint8Array): Uint8Array {
  const top = a.readTlv(spki, 0);
  const bits = a.children(spki, top)[1]!;
  return spki.subarray(bits.body + 1, bits.end);
}

export function subjectKeyId(spki: Uint8Array): Uint8Array {
  return new Uint8Array(nodeCrypto().createHash('sha1').update(publicKeyBits(spki)).digest());
}

function extensions(t: CertTemplate, ski: Uint8Array | undefined, issuer: Issuer, selfIssued: boolean): a.Der {
  const exts: a.Der[] = [
    extension(OID.keyUsage, true, keyUsage(t.isCA)),
    extension(OID.extKeyUsage, false, a.seq(a.oid(OID.serverAuth), a.oid(OID.clientAuth))),
    extension(OID.basicConstraints, true, t.isCA ? a.seq(a.bool(true)) : a.seq()),
  ];
  if (ski) exts.push(extension(OID.subjectKeyId, false, a.octets(ski)));
  if (!selfIssued && issuer.subjectKeyId) {
    exts.push(extension(OID.authorityKeyId, false, a.seq(a.implicit(0, issuer.subjectKeyId))));
  }
  if (t.dnsNames.length || t.ips.length) {
    const names = [...t.dnsNames.map((d) => a.implicit(2, new TextEncoder().encode(d))), ...t.ips.map((ip) => a.implicit(7, ip))];
    exts.push(extension(OID.subjectAltName, false, a.seq(...names)));
  }
  return a.explicit(3, a.seq(...exts));
}

/** Build and sign a certificate; returns its DER. */
export function createCertificate(t: CertTemplate, subjectPublic: KeyObject, issuer: Issuer): Uint8Array {
  const spki = new Uint8Array(subjectPublic.export({ type: 'spki', format: 'der' }));
  const subject = nameDer(t.cn);
  const selfIssued = Buffer.compare(Buffer.from(subject), Buffer.from(issuer.name)) === 0;
  const ski = t.isCA ? subjectKeyId(spki) : undefined;
  const alg = signatureAlgorithm(issuer.key);
  const tbs = a.seq(
    a.explicit(0, a.integer(2n)),
    a.integer(t.serial),
    alg.der,
    issuer.name,
    a.seq(a.time(t.notBefore), a.time(t.notAfter)),
    subject,
    spki,
    extensions(t, ski, issuer, selfIssued),
  );
  const signature = nodeCrypto().sign(alg.hash, tbs, issuer.key);
  return a.seq(tbs, alg.der, a.bitString(new Uint8Array(signature)));
}

/** A CA certificate's subject Name DER and subject key id, for signing certificates under it. */
export function readIssuer(certDer: Uint8Array): { name: Uint8Array; subjectKeyId?: Uint8Array } {
  const cert = a.readTlv(certDer, 0);
  const tbs = a.children(certDer, cert)[0]!;
  const fields = a.children(certDer, tbs);
  const off = fields[0]!.tag === 0xa0 ? 1 : 0;
  const subject = fields[off + 4]!;
  const out: { name: Uint8Array; subjectKeyId?: Uint8Array } = { name: certDer.slice(subject.start, subject.end) };
  const extsWrap = fields.find((f) => f.tag === 0xa3);
  if (!extsWrap) return out;
  for (const ext of a.children(certDer, a.children(certDer, extsWrap)[0]!)) {
    const parts = a.children(certDer, ext);
    if (a.decodeOid(certDer, parts[0]!) !== OID.subjectKeyId) continue;
    const value = parts[parts.length - 1]!;
    const inner = a.readTlv(certDer, value.body);
    out.subjectKeyId = certDer.slice(inner.body, inner.end);
  }
  return out;
}

/** PEM armour with 64-column lines, as encoding/pem writes it. */
export function pem(type: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${type}-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END ${type}-----\n`;
}
