/**
 * The main-process core, as everything that runs it imports it: the Electron main (electron/main.ts),
 * the browser harness, the integration tests and the bench. The core itself is the folder beside this
 * file (core/create-core.ts builds it); this entry point keeps their one import path stable.
 */
export { createCore, type Core, type CoreOptions } from './core/create-core.js';
export { channelHandlers } from './core/handlers.js';
