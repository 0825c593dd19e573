import { execFile } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A key and its certificate, both PEM. */
export interface KeyPair {
  key: string;
  cert: string;
}

/** The names every test server certificate covers: this computer, and the name the test proxy resolves. */
export const TEST_HOST = 'tokendesk.test';
const SERVER_NAMES = `DNS:localhost,DNS:${TEST_HOST},IP:127.0.0.1`;

async function openssl(dir: string, args: string[]): Promise<void> {
  await run('openssl', args, { cwd: dir, timeout: 20_000 });
}

async function readPair(dir: string, name: string): Promise<KeyPair> {
  return {
    key: await readFile(join(dir, `${name}.key`), 'utf8'),
    cert: await readFile(join(dir, `${name}.crt`), 'utf8'),
  };
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A self-signed certificate with a new key, in `dir` as `<name>.key/.crt` (valid two days). */
async function selfSigned(dir: string, name: string, subject: string, extensions: string[]): Promise<KeyPair> {
  const addext = extensions.flatMap((extension) => ['-addext', extension]);
  await openssl(dir, [
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
    '-days',
    '2',
    '-subj',
    subject,
    ...addext,
  ]);
  return readPair(dir, name);
}

/** A certificate authority made for one test (P-256), in `dir` as `<name>.key/.crt`. */
export function makeCa(dir: string, name: string, commonName = 'TokenDesk Test CA'): Promise<KeyPair> {
  return selfSigned(dir, name, `/O=TokenDesk Tests/CN=${commonName}`, [
    'basicConstraints=critical,CA:TRUE',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
}

/**
 * A server certificate (new key each time) signed by `ca` (as written by makeCa under `caName`), for
 * `names` (default: localhost, 127.0.0.1 and TEST_HOST).
 */
export async function makeServerCert(
  dir: string,
  name: string,
  caName: string,
  names = SERVER_NAMES,
): Promise<KeyPair> {
  await writeFile(
    join(dir, `${name}.ext`),
    `subjectAltName=${names}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
  );
  await openssl(dir, [
    'req',
    ...EC_KEY,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    '/O=TokenDesk Tests/CN=localhost',
  ]);
  await openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${caName}.crt`,
    '-CAkey',
    `${caName}.key`,
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    `${name}.crt`,
    '-extfile',
    `${name}.ext`,
  ]);
  return readPair(dir, name);
}

/** A self-signed server certificate (no authority at all), as a small internal server often has. */
export function makeSelfSigned(dir: string, name: string): Promise<KeyPair> {
  return selfSigned(dir, name, '/O=TokenDesk Tests/CN=localhost', [`subjectAltName=${SERVER_NAMES}`]);
}

/** A lone P-256 key in `dir` as `<name>.key`, belonging to no certificate. */
export async function makeKey(dir: string, name: string): Promise<string> {
  await openssl(dir, ['genpkey', '-algorithm', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`]);
  return readFile(join(dir, `${name}.key`), 'utf8');
}

/** The pin of a certificate's key, worked out independently of the app's code (as `openssl … | base64` would). */
export function pinOf(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256//${createHash('sha256').update(spki).digest('base64')}`;
}

export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}
