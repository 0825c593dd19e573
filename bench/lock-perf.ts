/**
 * The app lock's cost: one passphrase check with the real scrypt parameters (the goal is a floor, at
 * least 250 ms, so a guess costs an attacker that much), and what it does to the main thread meanwhile
 * (it runs on libuv's pool, so the window stays responsive: the stall is measured beside an idle wait
 * of the same length in the same run).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { derivePassphraseKey, newKdfParams, SCRYPT_DEFAULTS } from '../src-main/services/lock/passphrase-key.js';
import { median, ms, type BenchRow } from './report.js';

export async function lockRows(runs: number): Promise<BenchRow[]> {
  const params = newKdfParams();
  const derive: number[] = [];
  const stalls: number[] = [];
  const idleStalls: number[] = [];
  for (let i = 0; i < Math.max(runs, 3); i++) {
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const started = performance.now();
    (await derivePassphraseKey(`bench passphrase ${i}`, params)).fill(0);
    const took = performance.now() - started;
    loop.disable();
    derive.push(took);
    stalls.push(loop.max / 1e6);
    const idle = monitorEventLoopDelay({ resolution: 1 });
    idle.enable();
    await new Promise((resolve) => setTimeout(resolve, took));
    idle.disable();
    idleStalls.push(idle.max / 1e6);
  }
  const { N, r, p } = SCRYPT_DEFAULTS;
  const stall = median(stalls);
  const idleStall = median(idleStalls);
  return [
    {
      what: `Passphrase check (scrypt N=2^${Math.log2(N)}, r=${r}, p=${p})`,
      figure: ms(median(derive)),
      floor: '—',
      ratio: null,
      goal: '≥ 250 ms',
      met: median(derive) >= 250,
    },
    {
      what: 'Longest main-thread stall during a passphrase check',
      figure: ms(stall),
      floor: `${ms(idleStall)} idle`,
      ratio: idleStall > 0 ? stall / idleStall : null,
      goal: '≤ 16 ms over idle',
      met: stall - idleStall <= 16,
    },
  ];
}
