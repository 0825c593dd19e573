/**
 * `npm start`: build, make sure a local TokenDesk server runs (data in ./.data/server, filled with a
 * small demo set on first run), then open the app connected to it: the Electron app whenever its
 * binary can be had (its first use downloads it), otherwise — or with `npm start -- --chromium` —
 * the same app in Chromium through the bridge harness, with Copy on the system clipboard (xclip).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { obtainElectronBinary } from './electron-binary.js';
import { chooseRuntime, chromiumLine, electronTimeoutMs, FORCE_CHROMIUM_FLAG } from './runtime.js';

const HOST = '127.0.0.1';
const PORT = Number(process.env.TOKENDESK_PORT ?? 8787);
const SERVER_URL = `http://${HOST}:${PORT}`;
const DATA = resolve(process.env.TOKENDESK_DEV_DATA ?? '.data');
const SERVER_DATA = join(DATA, 'server');
const DEMO = { accounts: 60, tokens: 4 };

const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((child) => child.kill('SIGTERM')));
/** Run on Ctrl+C before exiting: the Chromium fallback's quit clears a copied secret from the clipboard. */
let beforeExit: () => Promise<void> = () => Promise.resolve();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    const timeout = new Promise<void>((done) => setTimeout(done, 3000).unref());
    void Promise.race([beforeExit().catch(() => undefined), timeout]).finally(() => process.exit(130));
  });
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function serverIsUp(): Promise<boolean> {
  try {
    const res = await fetch(`${SERVER_URL}/api/v1/healthz`, { signal: AbortSignal.timeout(1500) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Runs the demo seeder on an empty folder; returns the admin token it printed (kept in memory only). */
async function seedFirstRun(): Promise<string | null> {
  if (existsSync(SERVER_DATA) && readdirSync(SERVER_DATA).length > 0) return null;
  console.log(`First run: creating a demo server in ${SERVER_DATA}`);
  const seeder = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src-server/demo-cli.ts',
      '--data',
      SERVER_DATA,
      '--accounts',
      String(DEMO.accounts),
      '--tokens',
      String(DEMO.tokens),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let token: string | null = null;
  for await (const line of createInterface({ input: seeder.stdout })) {
    const match = /^Admin token: (\S+)$/.exec(line);
    if (match) token = match[1]!;
    console.log(line);
  }
  const code = await new Promise<number | null>((done) => seeder.on('close', done));
  if (code !== 0) process.exit(code ?? 1);
  return token;
}

async function startServer(): Promise<void> {
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', 'src-server/cli.ts', '--host', HOST, '--port', String(PORT), '--data', SERVER_DATA],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  children.push(server);
  server.on('exit', (code) => {
    if (code) console.error(`The TokenDesk server stopped (exit ${code}).`);
  });
  for (let i = 0; i < 100 && !(await serverIsUp()); i++) await new Promise((r) => setTimeout(r, 200));
  if (!(await serverIsUp())) throw new Error(`The TokenDesk server did not come up on ${SERVER_URL}.`);
}

async function openInChromium(token: string | null): Promise<void> {
  const { launchApp } = await import('../test/harness/harness.js');
  const { systemClipboard } = await import('../test/harness/system-clipboard.js');
  const headed = Boolean(process.env.DISPLAY);
  const app = await launchApp({
    dataDir: join(DATA, 'app'),
    keychainDir: join(DATA, 'keychain'),
    headless: !headed,
    clipboard: systemClipboard(),
  });
  // Closing the window and Ctrl+C may both ask; the app closes (and clears the clipboard) once.
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => (closing ??= app.close());
  beforeExit = close;
  if (token) {
    await app.call('connections:add', { name: 'Local demo server', url: SERVER_URL, domain: 'default', token });
    await app.page.reload();
  }
  const shot = headed ? process.env.TOKENDESK_START_SCREENSHOT : join(DATA, 'start-screenshot.png');
  if (shot) {
    await app.page.waitForTimeout(3000);
    await app.page.screenshot({ path: shot });
    console.log(`Screenshot of the app: ${shot}`);
  }
  if (!headed) console.log('No display, so the window is headless: use xvfb-run -a npm start, or a desktop session.');
  console.log('TokenDesk is open. Close the window or press Ctrl+C to stop.');
  await new Promise<void>((done) => app.page.on('close', () => done()));
  await close();
}

async function main(): Promise<void> {
  run('npm', ['run', '--silent', 'build']);
  let token: string | null = null;
  if (await serverIsUp()) {
    console.log(`Using the TokenDesk server already running on ${SERVER_URL}.`);
  } else {
    token = await seedFirstRun();
    await startServer();
  }
  const runtime = await chooseRuntime({
    forceChromium: process.argv.includes(FORCE_CHROMIUM_FLAG),
    obtainElectron: (signal) => obtainElectronBinary(signal),
    timeoutMs: electronTimeoutMs(process.env),
  });
  if (runtime.kind === 'electron') {
    const env = {
      ...process.env,
      ...(token ? { TOKENDESK_DEV_CONNECTION: JSON.stringify({ url: SERVER_URL, token }) } : {}),
    };
    const app = spawn(runtime.binary, ['.'], { stdio: 'inherit', env });
    await new Promise((done) => app.on('exit', done));
    return;
  }
  console.log(chromiumLine(runtime));
  run('node', ['scripts/ensure-chromium.mjs']);
  await openInChromium(token);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
