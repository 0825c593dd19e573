/**
 * Runs the real main-process core in a process of its own (started with --expose-gc), fills it with
 * a server's data, locks it, and writes heap snapshots before and after: lock-memory.test.ts reads
 * them. It learns the server and its credential on stdin and never keeps them itself; the names on
 * the server it never learns at all, so any copy in the heap after the lock is the core's.
 *
 * The keys the core encrypts with are caught at `createCipheriv` (patched before the core loads):
 * those used for the caches and the vault must be all zeros once the app is locked.
 */
import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { writeHeapSnapshot } from 'node:v8';
import { join } from 'node:path';

const keysInUse = new Map<Buffer, string>();
const createCipheriv = crypto.createCipheriv;
crypto.createCipheriv = ((algorithm: string, key: Buffer, iv: Buffer) => {
  const cipher = createCipheriv(algorithm as 'aes-256-gcm', key, iv);
  const setAAD = cipher.setAAD.bind(cipher);
  cipher.setAAD = (data: Buffer, options?: { plaintextLength: number }) => {
    const label = data.toString('utf8');
    if (/^tokendesk:(vault|snapshot|pages|saved)/.test(label)) keysInUse.set(key, label.split(':')[1]!);
    return setAAD(data, options);
  };
  return cipher;
}) as typeof crypto.createCipheriv;
syncBuiltinESMExports();

const { createCore } = await import('../create-core.js');
const { NodeKeyring } = await import('../../services/node-keyring.js');
const { ipcContract, LOCKED_CHANNELS } = await import('../../../src-shared/ipc/contract.js');

interface Input {
  url: string;
  token: string;
  dataDir: string;
  keychainDir: string;
  snapshotsDir: string;
  accountIds: string[];
}

async function readInput(): Promise<Input> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Input;
}

const input = await readInput();
const core = await createCore({
  dataDir: input.dataDir,
  keyring: new NodeKeyring({ dir: input.keychainDir }),
  emit: () => undefined,
  appVersion: '0.0.0',
  platform: 'test',
  log: () => undefined,
  lockKdf: { N: 2 ** 14, r: 8, p: 1 },
});
const must = async (channel: string, payload?: unknown): Promise<unknown> => {
  const result = await core.handle(channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value;
};

await must('lock:setUp', { passphrase: 'the passphrase of this test' });
const { id: connectionId } = (await must('connections:add', {
  name: 'Server',
  url: input.url,
  domain: 'default',
  token: input.token,
})) as { id: string };
input.token = '';
await must('sync:run', { connectionId, full: true });
for (const id of input.accountIds) await must('accounts:get', { connectionId, id });
await must('logs:list', { connectionId, accountId: input.accountIds[0], query: {} });
await must('audit:list', { connectionId, query: {} });
// A reveal that is still open when the app locks: its secret lives only as a buffer in main.
const created = (await must('tokens:create', {
  connectionId,
  accountId: input.accountIds[1],
  input: { name: 'open-reveal', expiresAt: null },
})) as { secret: string };
const secret = Buffer.from(created.secret);
created.secret = '';
await core.settle();

writeHeapSnapshot(join(input.snapshotsDir, 'before.heapsnapshot'));
// Copies as buffers: bytes outside the JS heap, so the copies themselves are not in the snapshot.
const keyCopies = [...keysInUse.keys()].map((key) => Buffer.from(key));

await must('lock:lock');
const refused: string[] = [];
for (const channel of Object.keys(ipcContract)) {
  if (LOCKED_CHANNELS.has(channel as never)) continue;
  const result = await core.handle(channel, { connectionId });
  if (result.ok || result.error.code !== 'locked') refused.push(channel);
}
// RegExp's last match keeps its input alive; a harmless one takes its place.
/x/.exec('x');
for (let i = 0; i < 3; i++) {
  (globalThis as { gc?: () => void }).gc!();
  await new Promise((resolve) => setTimeout(resolve, 20));
}
writeHeapSnapshot(join(input.snapshotsDir, 'after.heapsnapshot'));

const report = {
  answeredWhileLocked: refused,
  keys: [...keysInUse].map(([key, use]) => ({ use, zero: key.every((byte) => byte === 0) })),
  // Only now, with both snapshots written: what the parent must not find in the second one.
  secrets: [secret.toString('utf8'), ...keyCopies.flatMap((key) => [key.toString('hex'), key.toString('base64')])],
};
process.stdout.write(`${JSON.stringify(report)}\n`);
await core.dispose();
