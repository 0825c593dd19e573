import {
  LEAK_SOURCE_MAX,
  MAX_DIGESTS,
  type LookupResults,
  type RevokeLeakedResults,
} from '../../../src-shared/api/leaks.js';
import type { LeakScanReport, ScanLookup, ScanProgress } from '../../../src-shared/ipc/leak-scan.js';
import { endpointOf, type ServiceDeps } from '../endpoint.js';
import { AppFailure, toAppError } from '../errors.js';
import type { SyncService } from '../sync.js';
import { scanFolder, uniqueDigests } from './folder-scan.js';

export interface LeakScanServiceOptions extends ServiceDeps {
  sync: SyncService;
  /** Progress of the scan running now, for the renderer's bar. */
  onProgress: (progress: ScanProgress) => void;
}

/**
 * Scan a folder…: the folder is walked in main (the secrets found never leave it), then the digests of
 * what was found are looked up on every connection, which answers for the tokens its admin manages.
 * One scan at a time; `cancel` stops it and the report says so.
 */
export class LeakScanService {
  readonly #o: LeakScanServiceOptions;
  #running: AbortController | null = null;

  constructor(options: LeakScanServiceOptions) {
    this.#o = options;
  }

  async scan(folder: string): Promise<LeakScanReport> {
    if (this.#running) throw new AppFailure('conflict', 'A folder scan is running already. Stop it first.');
    const controller = new AbortController();
    this.#running = controller;
    const stop = () => controller.abort();
    this.#o.signal?.addEventListener('abort', stop);
    try {
      const report = await scanFolder(folder, { signal: controller.signal, onProgress: this.#o.onProgress });
      const digests = uniqueDigests(report.findings);
      const lookups =
        digests.length === 0 ? [] : await Promise.all(this.#o.connections.ids().map((id) => this.#lookup(id, digests)));
      return { ...report, lookups };
    } finally {
      this.#o.signal?.removeEventListener('abort', stop);
      this.#running = null;
    }
  }

  /** Stops the scan running now, if any: its report comes back with what was found so far. */
  cancel(): void {
    this.#running?.abort();
  }

  /**
   * Revokes tokens found in one file as leaked, through the admin's own authenticated call: the server
   * audits the admin, with the file as the source. The connection is synced after, so every view shows it.
   */
  async revoke(connectionId: string, digests: string[], source: string): Promise<RevokeLeakedResults> {
    const { target, domain } = endpointOf(this.#o.connections, connectionId);
    const answer = await this.#o.api.call(target, 'revokeLeakedTokens', {
      params: { domain },
      body: { digests, source: keptSource(source) },
      signal: this.#o.signal,
    });
    if (answer.items.some((item) => item.result === 'revoked')) this.#o.sync.start(connectionId);
    return answer;
  }

  /** What one connection says of the digests, in batches the endpoint takes; a failure is that connection's problem. */
  async #lookup(connectionId: string, digests: string[]): Promise<ScanLookup> {
    const name = this.#o.connections.get(connectionId).name;
    try {
      const { target, domain } = endpointOf(this.#o.connections, connectionId);
      const items: LookupResults['items'] = [];
      for (let at = 0; at < digests.length; at += MAX_DIGESTS) {
        const answer = await this.#o.api.call(target, 'lookupTokens', {
          params: { domain },
          body: { digests: digests.slice(at, at + MAX_DIGESTS) },
          signal: this.#o.signal,
        });
        items.push(...answer.items);
      }
      return { connectionId, name, problem: null, items };
    } catch (error) {
      return { connectionId, name, problem: toAppError(error).message, items: [] };
    }
  }
}

/** The server keeps the start of a source; of a long path the end is what names the file. */
function keptSource(path: string): string {
  return path.length <= LEAK_SOURCE_MAX ? path : `…${path.slice(-(LEAK_SOURCE_MAX - 1))}`;
}
