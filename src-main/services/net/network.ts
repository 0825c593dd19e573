import { createSecureContext, type SecureContext } from 'node:tls';
import { Agent, buildConnector, ProxyAgent, type Dispatcher } from 'undici';
import { pemBlocks } from './certificates.js';
import { envProxyResolver, type ProxyResolver } from './proxy.js';
import { systemCa } from './system-ca.js';
import { guardedFactory, type TlsPolicy } from './tls-guard.js';

export interface NetworkOptions {
  /** Which proxy each request goes through. Default: the environment's (HTTPS_PROXY, NO_PROXY). */
  proxy?: ProxyResolver;
  /** The authorities every connection trusts. Default: the OS store (system-ca.ts). */
  systemCa?: () => string[];
  connectTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** Limits on the answer (headers, then body), as the ApiClient sets them. */
  answerTimeoutMs: number;
}

/**
 * The way out to the servers: one keep-alive dispatcher per (proxy, TLS settings), so connections
 * with the same settings share sockets and different ones never do (a socket accepted under one
 * connection's pin is not reused for another's request). Every TLS handshake, direct or tunnelled
 * through a proxy, is checked by tls-guard.ts before a request is written.
 */
export class Network {
  readonly #options: NetworkOptions;
  readonly #proxy: ProxyResolver;
  readonly #dispatchers = new Map<string, Dispatcher>();
  /** By the connection's own CA ('' for none). */
  readonly #contexts = new Map<string, SecureContext>();

  constructor(options: NetworkOptions) {
    this.#options = options;
    this.#proxy = options.proxy ?? envProxyResolver();
  }

  async dispatcherFor(url: URL, policy: TlsPolicy): Promise<Dispatcher> {
    let proxy: string | null;
    try {
      proxy = await this.#proxy.proxyFor(url);
    } catch {
      // The system could not say (a broken PAC script): try directly, as a browser would.
      proxy = null;
    }
    const tlsKey = url.protocol === 'https:' ? [policy.caCertificate, policy.pinnedKey] : [];
    const key = JSON.stringify([proxy, ...tlsKey]);
    let dispatcher = this.#dispatchers.get(key);
    if (!dispatcher) {
      dispatcher = this.#build(proxy, policy);
      this.#dispatchers.set(key, dispatcher);
    }
    return dispatcher;
  }

  async close(): Promise<void> {
    const all = [...this.#dispatchers.values()];
    this.#dispatchers.clear();
    await Promise.all(all.map((d) => d.close()));
  }

  #build(proxy: string | null, policy: TlsPolicy): Dispatcher {
    const tls = {
      secureContext: this.#secureContext(policy.caCertificate),
      // Checked by the guard instead, which can tell "unknown authority" (offer the certificate)
      // from "wrong name" or "expired" (refuse), and apply a pin; it closes the socket before any
      // request is written, so nothing is sent to a server it refuses.
      rejectUnauthorized: false,
      // No TLS session resumption: a resumed session shows no certificate to judge, and a session
      // from a handshake the guard refused must never be picked up again. Sockets are kept alive
      // instead, so a full handshake happens once per socket, not per request.
      maxCachedSessions: 0,
      timeout: this.#options.connectTimeoutMs,
    };
    const common = {
      keepAliveTimeout: this.#options.keepAliveTimeoutMs,
      keepAliveMaxTimeout: 60_000,
      headersTimeout: this.#options.answerTimeoutMs,
      bodyTimeout: this.#options.answerTimeoutMs,
      factory: guardedFactory(policy),
    };
    if (proxy === null) return new Agent({ ...common, connect: buildConnector(tls) });
    return new ProxyAgent({
      ...common,
      uri: proxy,
      requestTls: tls,
      proxyTls: { timeout: this.#options.connectTimeoutMs },
    });
  }

  /**
   * A TLS `ca` replaces Node's default list, so every context holds the system store plus the
   * connection's own CA. Built once per CA (parsing the store costs milliseconds, not per request).
   */
  #secureContext(ca: string | null): SecureContext {
    const key = ca ?? '';
    let context = this.#contexts.get(key);
    if (!context) {
      const system = this.#options.systemCa?.() ?? systemCa().certificates;
      context = createSecureContext({ ca: [...system, ...pemBlocks(key)] });
      this.#contexts.set(key, context);
    }
    return context;
  }
}
