#!/usr/bin/env node
// A recording stand-in for the Bitwarden (`bw`) and 1Password (`op`) CLIs, chosen by the name it is
// run as. It keeps a small vault in $STANDIN_STATE, appends each call (argv, stdin) to
// $STANDIN_RECORD, answers the commands TokenDesk uses the way the real CLI does, and refuses (exit
// 97) any call that carries a token in its arguments or environment.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const TOKEN = /tdk_(sa|pt)_[0-9A-Za-z]{20,}/;
const tool = basename(process.argv[1]);
const args = process.argv.slice(2);
const statePath = process.env.STANDIN_STATE;
const state = JSON.parse(readFileSync(statePath, 'utf8'));
const stdin = process.stdin.isTTY ? '' : readFileSync(0, 'utf8');
appendFileSync(process.env.STANDIN_RECORD, `${JSON.stringify({ tool, args, stdin })}\n`);

// Plain, or inside base64 (the form `bw create item <encodedJson>` would take as an argument).
const carriesToken = (value) => TOKEN.test(value) || TOKEN.test(Buffer.from(value, 'base64').toString('utf8'));
const leak = [...args, ...Object.values(process.env)].find((value) => carriesToken(String(value)));
if (leak !== undefined) {
  process.stderr.write(`${tool}: a token was passed in argv or the environment\n`);
  process.exit(97);
}
const out = (value) => process.stdout.write(typeof value === 'string' ? value : JSON.stringify(value));
const fail = (message) => {
  process.stderr.write(`${message}\n`);
  process.exit(1);
};
const save = () => writeFileSync(statePath, JSON.stringify(state));
const sameArgs = (...expected) => expected.every((word, i) => word === undefined || args[i] === word);

if (args[0] === '--version') out(tool === 'bw' ? '2025.1.0\n' : '2.30.0\n');
else if (tool === 'bw') bw();
else op();

function bw() {
  const unlocked = process.env.BW_SESSION === state.session;
  if (sameArgs('status'))
    return out({ status: state.loggedIn ? (unlocked ? 'unlocked' : 'locked') : 'unauthenticated' });
  if (sameArgs('unlock', '--raw', '--passwordenv')) {
    if (process.env[args[3]] !== state.master) fail('Invalid master password.');
    return out(state.session);
  }
  if (!unlocked) fail('Vault is locked.');
  if (sameArgs('list', 'items', '--search')) return out(state.items.filter((item) => item.name.includes(args[3])));
  const item = () => JSON.parse(Buffer.from(stdin, 'base64').toString('utf8'));
  if (sameArgs('create', 'item') && args.length === 2) {
    const created = { ...item(), id: `bw-${state.items.length + 1}` };
    state.items.push(created);
    save();
    return out(created);
  }
  if (sameArgs('edit', 'item') && args.length === 3) {
    const index = state.items.findIndex((i) => i.id === args[2]);
    if (index < 0) fail('Not found.');
    state.items[index] = { ...item(), id: args[2] };
    save();
    return out(state.items[index]);
  }
  fail(`bw stand-in: unexpected command ${args.join(' ')}`);
}

function op() {
  if (sameArgs('whoami', '--format', 'json'))
    return state.signedIn ? out({ user_type: 'HUMAN' }) : fail('[ERROR] account is not signed in');
  if (!state.signedIn) fail('[ERROR] account is not signed in');
  if (sameArgs('item', 'get', undefined, '--format', 'json') && args.length === 5) {
    const found = state.items.find((item) => item.title === args[2]);
    return found ? out(found) : fail(`[ERROR] "${args[2]}" isn't an item.`);
  }
  if (sameArgs('item', 'create', '--format', 'json') && args.length === 4) {
    const created = { ...JSON.parse(stdin), id: `op-${state.items.length + 1}` };
    state.items.push(created);
    save();
    return out(created);
  }
  if (sameArgs('item', 'edit', undefined, '--format', 'json') && args.length === 5) {
    const index = state.items.findIndex((i) => i.id === args[2]);
    if (index < 0) fail('[ERROR] not found');
    state.items[index] = { ...JSON.parse(stdin), id: args[2] };
    save();
    return out(state.items[index]);
  }
  fail(`op stand-in: unexpected command ${args.join(' ')}`);
}
