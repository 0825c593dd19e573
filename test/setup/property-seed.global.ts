import type { TestProject } from 'vitest/node';
import { propertySeed, replayHint } from './property-seed.js';

declare module 'vitest' {
  export interface ProvidedContext {
    propertySeed: number;
  }
}

/** Picks the run's fast-check seed once, prints it, and hands it to every test file (fast-check.setup.ts). */
export default function setup(project: TestProject): void {
  const { seed, source } = propertySeed();
  project.provide('propertySeed', seed);
  console.log(`Property tests: fast-check seed ${seed} (${source}). To replay: ${replayHint(seed)}`);
}
