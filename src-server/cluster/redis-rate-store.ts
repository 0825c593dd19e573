import { Redis } from 'ioredis';
import { IDLE_BUCKET_MS, RateLimiter, rateDecision, type RateDecision } from '../auth/rate-limiter.js';
import type { Clock } from '../store/time.js';
import type { RateStore } from './rate-store.js';

/** Keys of this server in a Redis that may hold other things. */
export const REDIS_KEY_PREFIX = 'tokendesk:rate:';

/**
 * The token bucket of RateLimiter in one script, so a take is atomic however many instances share the
 * Redis. KEYS[1] the bucket; ARGV cap, now (ms, the instance's clock), idle expiry (ms). A new bucket
 * starts full. Numbers go back as text: Redis would truncate a Lua number to an integer.
 */
const TAKE_SCRIPT = `
local cap = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local stored = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = cap
if stored[1] then
  local elapsed = math.max(0, now - tonumber(stored[2])) / 1000
  tokens = math.min(cap, math.min(tonumber(stored[1]), cap) + elapsed * cap)
end
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
local text = string.format('%.17g', tokens)
redis.call('HSET', KEYS[1], 'tokens', text, 'at', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {allowed, text}
`;

/** A command that gets no answer in this time counts as an outage: requests must not hang on Redis. */
const COMMAND_TIMEOUT_MS = 250;
/** How long a start waits for Redis before going on without it (see take()). */
const CONNECT_WAIT_MS = 2_000;

interface TakeCommand {
  tdRateTake(key: string, cap: number, now: number, idleMs: number): Promise<[number, string]>;
}

export interface RedisRateStoreOptions {
  url: string;
  now: Clock;
  /** Hears, once each, that Redis became unreachable and that it is back. */
  warn: (line: string) => void;
}

/**
 * Max-RPS buckets in Redis (or Valkey), shared by every instance that names the same `--redis-url`.
 *
 * When Redis cannot be reached (down, or no answer within COMMAND_TIMEOUT_MS), each instance falls back
 * to its own in-memory buckets and says so once; when Redis answers again the shared buckets are used
 * again. Why not the alternatives: answering 503 would turn an outage of a rate-limit cache into an
 * outage of the whole API, though authentication (the database) still works; and letting every request
 * through would leave a runaway client unbounded exactly when something is already wrong. With local
 * buckets the cap still holds per instance, so at worst N × cap across N instances until Redis is back.
 */
export class RedisRateStore implements RateStore {
  readonly kind = 'redis' as const;
  private readonly redis: Redis;
  private readonly now: Clock;
  private readonly warn: (line: string) => void;
  private readonly local: RateLimiter;
  private down = false;

  private constructor(options: RedisRateStoreOptions) {
    this.now = options.now;
    this.warn = options.warn;
    this.local = new RateLimiter(options.now);
    this.redis = new Redis(options.url, {
      // Fail at once while disconnected (take() falls back) instead of queueing requests behind Redis.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: CONNECT_WAIT_MS,
      // Keep trying to reconnect, never more than 2 s apart.
      retryStrategy: (times) => Math.min(times * 100, 2_000),
    });
    // Connection errors are reported by take() (once per outage); without a listener ioredis prints each.
    this.redis.on('error', () => undefined);
    this.redis.defineCommand('tdRateTake', { numberOfKeys: 1, lua: TAKE_SCRIPT });
  }

  /** Connects, waiting up to CONNECT_WAIT_MS; a Redis that is not up yet is reported, not fatal. */
  static async connect(options: RedisRateStoreOptions): Promise<RedisRateStore> {
    const store = new RedisRateStore(options);
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), CONNECT_WAIT_MS);
      store.redis.once('ready', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!ready) store.outage(`it did not answer within ${CONNECT_WAIT_MS / 1000} s of starting`);
    return store;
  }

  async take(key: string, cap: number | null): Promise<RateDecision> {
    if (cap === null) return { allowed: true };
    let answer: [number, string];
    try {
      answer = await (this.redis as unknown as TakeCommand).tdRateTake(
        REDIS_KEY_PREFIX + key,
        cap,
        this.now(),
        IDLE_BUCKET_MS,
      );
    } catch (error) {
      this.outage(error instanceof Error ? error.message : String(error));
      return this.local.take(key, cap);
    }
    if (this.down) {
      this.down = false;
      this.warn('tokendesk-server: Redis answers again; max RPS is shared across instances again.');
    }
    return rateDecision(answer[0] === 1, Number(answer[1]), cap);
  }

  close(): Promise<void> {
    // quit() waits for Redis to answer, which a dead Redis never does.
    this.redis.disconnect();
    return Promise.resolve();
  }

  private outage(reason: string): void {
    if (this.down) return;
    this.down = true;
    this.warn(
      `tokendesk-server: Redis is unreachable (${reason}); until it is back each instance enforces max RPS on its own.`,
    );
  }
}
