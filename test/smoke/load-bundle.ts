/** Loads a built CommonJS bundle with `require('electron')` answered by a stand-in. */
import Module, { createRequire } from 'node:module';

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Loader };
const originalLoad = moduleInternals._load;

let electronStandIn: unknown = null;
/** Every module the bundles asked `require` for, so the sandbox rule for the preload can be checked. */
export const requested: string[] = [];

moduleInternals._load = function load(this: unknown, request, parent, isMain) {
  requested.push(request);
  if (request === 'electron') {
    if (!electronStandIn) throw new Error('require("electron") with no stand-in installed');
    return electronStandIn;
  }
  return originalLoad.call(this, request, parent, isMain);
};

const requireBundle = createRequire(import.meta.url);

export function loadBundle(path: string, electron: unknown): unknown {
  electronStandIn = electron;
  return requireBundle(path);
}
