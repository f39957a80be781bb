// TLS mode: HTTPS on PORT with the published endpoints, and a plain-HTTP listener on HTTP_PORT that
// serves revocation only, so tokens sent over HTTP by mistake still get revoked (RFC 7009 §2).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { createGrant, startServer, tmpDir, type TestServer } from './helpers/server.js';

let s: TestServer;
let ca: Buffer;

function httpsJson(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: init.method ?? 'GET', headers: init.headers, ca }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

before(async () => {
  const dir = tmpDir('tls');
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  ca = fs.readFileSync(cert);
  s = await startServer({ env: { TLS_CERT: cert, TLS_KEY: key, HTTP_PORT: '0' }, waitReady: false });
});
after(async () => {
  await s.stop();
});

it('serves HTTPS, publishes only https endpoints, and revokes over the plain-HTTP port', async () => {
  const httpsUrl = `https://127.0.0.1:${s.port}`;
  const meta = await httpsJson(`${httpsUrl}/.well-known/oauth-authorization-server`);
  assert.equal(meta.status, 200);
  const m = JSON.parse(meta.body) as Record<string, string>;
  assert.equal(m.issuer, httpsUrl);
  assert.equal(m.revocation_endpoint, `${httpsUrl}/revoke`);
  for (const v of Object.values(m)) if (typeof v === 'string') assert.ok(!v.startsWith('http:'), `no http URL published: ${v}`);

  const auth = { authorization: `Bearer ${s.adminToken}`, 'content-type': 'application/json' };
  const c = JSON.parse((await httpsJson(`${httpsUrl}/admin/clients`, { method: 'POST', headers: auth, body: '{}' })).body) as { client_id: string; client_secret: string };
  // the helper speaks plain HTTP; point it at the HTTPS admin API by hand
  const g = JSON.parse(
    (await httpsJson(`${httpsUrl}/admin/grants`, { method: 'POST', headers: auth, body: JSON.stringify({ client_id: c.client_id, subject: 'u', refresh_token: true }) })).body,
  ) as Awaited<ReturnType<typeof createGrant>>;

  const plain = s.logs.find((l) => l.msg === 'listening (plain HTTP, revocation only)');
  assert.ok(plain, 'plain HTTP listener announced');
  const httpUrl = `http://127.0.0.1:${plain.port as number}`;
  const basicAuth = `Basic ${Buffer.from(`${c.client_id}:${c.client_secret}`).toString('base64')}`;
  const r = await fetch(`${httpUrl}/revoke`, { method: 'POST', headers: { authorization: basicAuth, 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${g.access_token}` });
  assert.equal(r.status, 200);
  // nothing else on the plain port
  assert.equal((await fetch(`${httpUrl}/admin/audit`, { headers: { authorization: `Bearer ${s.adminToken}` } })).status, 404);
  assert.equal((await fetch(`${httpUrl}/.well-known/oauth-authorization-server`)).status, 404);

  const intro = await httpsJson(`${httpsUrl}/introspect`, { method: 'POST', headers: { authorization: basicAuth, 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${g.refresh_token}` });
  assert.deepEqual(JSON.parse(intro.body), { active: false });
});
