import { MemoryBudgetCounter, } from "../upstream/rate-budget.js";
/** KEYS: average window, burst window. ARGV: average, averageWindowMs, burst, burstWindowMs, member. */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local avg, avgwin, burst, burstwin = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - avgwin)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - burstwin)
local a = redis.call('ZCARD', KEYS[1])
local b = redis.call('ZCARD', KEYS[2])
local function waitfor(key, count, limit, win)
  if count < limit then return 0 end
  local e = redis.call('ZRANGE', KEYS[key], count - limit, count - limit, 'WITHSCORES')
  return tonumber(e[2]) + win - now
end
local wait = math.max(waitfor(1, a, avg, avgwin), waitfor(2, b, burst, burstwin))
local allowed = 0
if wait <= 0 then
  allowed = 1
  redis.call('ZADD', KEYS[1], now, ARGV[5])
  redis.call('ZADD', KEYS[2], now, ARGV[5])
  redis.call('PEXPIRE', KEYS[1], avgwin)
  redis.call('PEXPIRE', KEYS[2], burstwin)
  a = a + 1
  wait = 0
end
local reset = 0
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if first[2] then reset = tonumber(first[2]) + avgwin - now end
return {allowed, wait, math.max(0, avg - a), reset}
`;
export class RedisBudgetCounter {
    #redis;
    #fallback = new MemoryBudgetCounter();
    #logger;
    #prefix;
    #serial = 0;
    #degraded = false;
    constructor(redis, logger) {
        this.#redis = redis;
        this.#logger = logger;
        this.#prefix = `${redis.keyPrefix}rate:`;
        if (!('cgwRateTake' in redis.client)) {
            redis.client.defineCommand('cgwRateTake', { numberOfKeys: 2, lua: TAKE });
        }
    }
    /** True while counting falls back to this replica's own windows. */
    get degraded() {
        return this.#degraded;
    }
    async take(klass, endpoint, rule) {
        this.#serial += 1;
        const member = `${process.pid}.${Date.now().toString(36)}.${this.#serial}.${Math.random().toString(36).slice(2, 8)}`;
        try {
            const client = this.#redis.client;
            const [allowed, waitMs, remaining, resetMs] = await client.cgwRateTake(`${this.#prefix}a:${klass}`, `${this.#prefix}b:${endpoint}`, rule.average, rule.averageWindowMs, rule.burst, rule.burstWindowMs, member);
            if (this.#degraded) {
                this.#degraded = false;
                this.#logger?.warn('rate budget: counting in Redis again (fleet-wide)');
            }
            return {
                allowed: allowed === 1,
                waitMs: Number(waitMs),
                remaining: Number(remaining),
                resetMs: Number(resetMs),
            };
        }
        catch {
            if (!this.#degraded) {
                this.#degraded = true;
                this.#logger?.warn('rate budget: Redis unavailable, each replica now counts only its own requests');
            }
            return this.#fallback.take(klass, endpoint, rule);
        }
    }
}
//# sourceMappingURL=redis-rate-budget.js.map