import { describe, expect, it } from 'vitest';
import { setExtraTrust } from '../../src/registry/extra-trust.js';
import { HttpClient } from '../../src/registry/http.js';
import { addHostTls, hasOwnCa } from '../../src/registry/transport.js';
import { resetProcessTrust } from './per-file-setup.js';

describe('the trust reset every test file ends with', () => {
  it('a loopback host:port given a CA or a --ca-file is spoken to in TLS, and in plain HTTP again after the reset', () => {
    const client = new HttpClient();
    addHostTls('127.0.0.1:40001', { ca: ['-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----'] });
    setExtraTrust({ all: [], byHost: new Map([['127.0.0.1:40002', ['pem']]]) });
    expect([hasOwnCa('127.0.0.1:40001'), client.schemeFor('127.0.0.1:40001'), client.schemeFor('127.0.0.1:40002')]).toEqual([true, 'https', 'https']);
    resetProcessTrust();
    expect([hasOwnCa('127.0.0.1:40001'), client.schemeFor('127.0.0.1:40001'), client.schemeFor('127.0.0.1:40002')]).toEqual([false, 'http', 'http']);
  });
});
