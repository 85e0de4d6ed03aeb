// Excel loads add-ins over HTTPS only: given a certificate and key, the aggregator serves HTTPS itself.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../aggregator/src/config';
import { startServer, type RunningServer } from '../../aggregator/src/main';

function selfSignedCertificate(): { certFile: string; keyFile: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fazhi-tls-'));
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  return { certFile, keyFile };
}

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { rejectUnauthorized: false }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('HTTPS', () => {
  let server: RunningServer;
  afterAll(() => server?.close());

  it('serves the API over HTTPS with TLS_CERT_FILE and TLS_KEY_FILE', async () => {
    const tls = selfSignedCertificate();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fazhi-https-'));
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, TLS_CERT_FILE: tls.certFile, TLS_KEY_FILE: tls.keyFile, ADMIN_PASSWORD: 'https-test-password', LOG_LEVEL: 'silent' });
    server = await startServer(config, { logger: pino({ level: 'silent' }) });
    expect(server.url).toMatch(/^https:\/\//);
    const health = await get(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body).status).toBe('ok');
  });

  it('refuses a certificate without its key, in Chinese', () => {
    expect(() => loadConfig({ TLS_CERT_FILE: '/etc/fazhi/cert.pem' })).toThrow(/TLS_CERT_FILE 和 TLS_KEY_FILE 须同时设置/);
  });
});
