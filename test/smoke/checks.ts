/** A tiny check runner: named checks, a summary line, an optional JSON count file for scripts/test-all. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

export class Checks {
  passed = 0;
  failed = 0;

  async run(name: string, body: () => unknown): Promise<void> {
    try {
      await body();
      this.passed += 1;
      console.log(`  ok   ${name}`);
    } catch (error) {
      this.failed += 1;
      console.log(`  FAIL ${name}\n       ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  finish(jsonPath: string | undefined): never {
    console.log(`smoke: ${this.passed} passed, ${this.failed} failed`);
    if (jsonPath) {
      mkdirSync(dirname(jsonPath), { recursive: true });
      writeFileSync(jsonPath, JSON.stringify({ passed: this.passed, failed: this.failed }));
    }
    process.exit(this.failed > 0 ? 1 : 0);
  }
}

export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (!isDeepStrictEqual(actual, expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
