import { parseCount, parseFlags, resolveDataDir, runCli, UsageError } from './cli-args.js';
import { bootstrapIfEmpty } from './bootstrap.js';
import { DemoRefusedError, MAX_DEMO_ACCOUNTS, MAX_DEMO_TOKENS_PER_ACCOUNT, seedDemo } from './demo.js';
import { openStore } from './store/store.js';

const USAGE = `Usage: npm run server:demo -- [--data DIR] [--accounts N] [--tokens N] [--seed N] [--force]

Fills a TokenDesk data folder with demo service accounts and tokens (token secrets are discarded).

  --data DIR      data folder (default \${XDG_DATA_HOME:-$HOME/.local/share}/tokendesk/server)
  --accounts N    service accounts to create, at most ${MAX_DEMO_ACCOUNTS} (default 200)
  --tokens N      tokens per account, at most ${MAX_DEMO_TOKENS_PER_ACCOUNT} (default 3)
  --seed N        random seed, for the same data every time (default 1)
  --force         replace service accounts already in the folder
  --help          show this help

An empty folder is bootstrapped first, and its admin token printed once as "Admin token: <token>".
Stop the server before seeding a folder it is using, or seed first and then start it.
`;

await runCli('tokendesk-demo', async () => {
  const flags = parseFlags(process.argv.slice(2), {
    data: { type: 'string' },
    accounts: { type: 'string' },
    tokens: { type: 'string' },
    seed: { type: 'string' },
    force: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    process.stdout.write(USAGE);
    return;
  }
  const dataDir = resolveDataDir(flags.data);
  const accounts = flags.accounts === undefined ? 200 : parseCount('accounts', flags.accounts, MAX_DEMO_ACCOUNTS);
  const tokensPerAccount =
    flags.tokens === undefined ? 3 : parseCount('tokens', flags.tokens, MAX_DEMO_TOKENS_PER_ACCOUNT);
  const seed = flags.seed === undefined ? 1 : parseCount('seed', flags.seed, 999_999);

  const store = await openStore(dataDir);
  try {
    const adminToken = await bootstrapIfEmpty(store);
    if (adminToken) {
      process.stdout.write(`Bootstrapped a new TokenDesk data folder: ${dataDir}\n`);
      process.stdout.write(`Admin token: ${adminToken}\n`);
      process.stdout.write('Store this token in your password manager now: it is not shown again.\n');
    }
    const result = await seedDemo(store, { accounts, tokensPerAccount, seed, force: flags.force ?? false });
    const replaced = result.replaced > 0 ? ` (replaced ${result.replaced} existing)` : '';
    process.stdout.write(
      `Seeded ${result.accounts} service accounts and ${result.tokens} tokens${replaced} in ${result.milliseconds} ms.\n`,
    );
  } catch (error) {
    if (error instanceof DemoRefusedError) throw new UsageError(error.message);
    throw error;
  } finally {
    await store.close();
  }
});
