/**
 * The {@link IdempotencyStore} of a fleet: every replica sees the same keys, so a retry that lands
 * on another replica replays the first response instead of writing again. Same semantics as the
 * memory store (one test suite runs against both), each operation one atomic Lua script:
 *
 * - `<p>idem:e:<key>`: the entry (JSON `{s, f, o?, r?}`), PX 24 h from the claim.
 * - `<p>idem:e:<key>:lease`: exists while the claiming execution is alive (PX `leaseMs`). An entry
 *   `in_flight` without its lease is turned `abandoned` by the next claim: a write may have been
 *   sent by a replica that died, so the answer is IDEMPOTENCY_OUTCOME_UNKNOWN, never a re-run.
 * - `<p>idem:index` (ZSET by claim time) and `<p>idem:sizes` (HASH) + `<p>idem:bytes`: the count
 *   and byte bounds; expired members are swept as claims arrive.
 *
 * Key names are built inside the scripts, so this needs one Redis (or a primary with replicas),
 * not Redis Cluster. Duplicates wait by polling every 25 ms (bounded by the caller's timeout).
 */
import { baseSize, DEFAULT_STORE_LIMITS, IdempotencyStoreFullError, } from "../plugins/idempotency-store.js";
import { sleep } from "./redis.js";
const NOW = `local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;
/** Drops one index member and its byte charge (entry and lease too when `del`). */
const FORGET = `
local function forget(member, del)
  local size = tonumber(redis.call('HGET', KEYS[3], member) or '0')
  redis.call('DECRBY', KEYS[4], size)
  redis.call('HDEL', KEYS[3], member)
  redis.call('ZREM', KEYS[2], member)
  if del then redis.call('DEL', member, member .. ':lease') end
end
local function setsize(member, size)
  local old = tonumber(redis.call('HGET', KEYS[3], member) or '0')
  redis.call('INCRBY', KEYS[4], size - old)
  redis.call('HSET', KEYS[3], member, size)
end
-- Byte pressure: the oldest stored responses become too_large (their keys stay).
local function dropresults(extra, keep, maxbytes)
  if tonumber(redis.call('GET', KEYS[4]) or '0') + extra <= maxbytes then return true end
  local members = redis.call('ZRANGE', KEYS[2], 0, -1)
  for _, m in ipairs(members) do
    if tonumber(redis.call('GET', KEYS[4]) or '0') + extra <= maxbytes then return true end
    if m ~= keep then
      local raw = redis.call('GET', m)
      if raw then
        local d = cjson.decode(raw)
        if d.s == 'completed' then
          redis.call('SET', m, cjson.encode({s = 'too_large', f = d.f, b = d.b}), 'KEEPTTL')
          setsize(m, tonumber(d.b))
        end
      end
    end
  end
  return tonumber(redis.call('GET', KEYS[4]) or '0') + extra <= maxbytes
end
`;
/** KEYS: entry, index, sizes, bytes. ARGV: fingerprint, owner, leaseMs, ttlMs, maxEntries, maxBytes, baseSize. */
const RESERVE = `${NOW}
${FORGET}
local member = KEYS[1]
local raw = redis.call('GET', member)
if raw then
  local d = cjson.decode(raw)
  if d.s == 'in_flight' and redis.call('EXISTS', member .. ':lease') == 0 then
    d.s = 'abandoned'; d.o = nil
    redis.call('SET', member, cjson.encode(d), 'KEEPTTL')
  end
  return {0, d.s, d.f, d.r or ''}
end
local ttl = tonumber(ARGV[4])
for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now - ttl)) do forget(m, true) end
local maxentries = tonumber(ARGV[5])
if redis.call('ZCARD', KEYS[2]) >= maxentries then
  for _, m in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
    if redis.call('ZCARD', KEYS[2]) < maxentries then break end
    local r = redis.call('GET', m)
    if not r then
      forget(m, true)
    elseif cjson.decode(r).s ~= 'in_flight' or redis.call('EXISTS', m .. ':lease') == 0 then
      forget(m, true)
    end
  end
  if redis.call('ZCARD', KEYS[2]) >= maxentries then return {2} end
end
local base = tonumber(ARGV[7])
if not dropresults(base, member, tonumber(ARGV[6])) then return {2} end
redis.call('SET', member, cjson.encode({s = 'in_flight', f = ARGV[1], o = ARGV[2], b = base}), 'PX', ttl)
redis.call('SET', member .. ':lease', ARGV[2], 'PX', tonumber(ARGV[3]))
redis.call('ZADD', KEYS[2], now, member)
setsize(member, base)
return {1}
`;
/** KEYS: entry, index, sizes, bytes. ARGV: owner, resultJson, its bytes, maxEntryBytes, maxBytes. */
const COMPLETE = `
${FORGET}
local member = KEYS[1]
local raw = redis.call('GET', member)
if not raw then return 0 end
local d = cjson.decode(raw)
if d.o ~= ARGV[1] or d.s ~= 'in_flight' then return 0 end
local base = tonumber(d.b)
local size = base + tonumber(ARGV[3])
setsize(member, base)
local entry
if size - base > tonumber(ARGV[4]) or not dropresults(size - base, member, tonumber(ARGV[5])) then
  entry = {s = 'too_large', f = d.f, b = base}
else
  entry = {s = 'completed', f = d.f, r = ARGV[2], b = base}
  setsize(member, size)
end
redis.call('SET', member, cjson.encode(entry), 'KEEPTTL')
redis.call('DEL', member .. ':lease')
return 1
`;
/** KEYS: entry, index, sizes, bytes. ARGV: owner. */
const RELEASE = `
${FORGET}
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
if cjson.decode(raw).o ~= ARGV[1] then return 0 end
forget(KEYS[1], true)
return 1
`;
/** KEYS: entry. The entry as RESERVE reports it, without claiming; lease state applied. */
const PEEK = `
local raw = redis.call('GET', KEYS[1])
if not raw then return {} end
local d = cjson.decode(raw)
if d.s == 'in_flight' and redis.call('EXISTS', KEYS[1] .. ':lease') == 0 then
  d.s = 'abandoned'; d.o = nil
  redis.call('SET', KEYS[1], cjson.encode(d), 'KEEPTTL')
end
return {d.s, d.f, d.r or ''}
`;
export class RedisIdempotencyStore {
    #redis;
    #limits;
    #prefix;
    constructor(redis, limits = {}) {
        this.#redis = redis;
        this.#limits = {
            maxEntries: limits.maxEntries ?? DEFAULT_STORE_LIMITS.maxEntries,
            maxBytes: limits.maxBytes ?? DEFAULT_STORE_LIMITS.maxBytes,
            maxEntryBytes: limits.maxEntryBytes ?? DEFAULT_STORE_LIMITS.maxEntryBytes,
        };
        this.#prefix = `${redis.keyPrefix}idem:`;
        const client = redis.client;
        if (!('cgwIdemReserve' in client)) {
            client.defineCommand('cgwIdemReserve', { numberOfKeys: 4, lua: RESERVE });
            client.defineCommand('cgwIdemComplete', { numberOfKeys: 4, lua: COMPLETE });
            client.defineCommand('cgwIdemRelease', { numberOfKeys: 4, lua: RELEASE });
            client.defineCommand('cgwIdemPeek', { numberOfKeys: 1, lua: PEEK });
        }
    }
    get #scripts() {
        return this.#redis.client;
    }
    #keys(key) {
        return [
            `${this.#prefix}e:${key}`,
            `${this.#prefix}index`,
            `${this.#prefix}sizes`,
            `${this.#prefix}bytes`,
        ];
    }
    async reserve(key, fingerprint, options) {
        const owner = `${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}`;
        const answer = await this.#scripts.cgwIdemReserve(...this.#keys(key), fingerprint, owner, Math.max(1, Math.round(options.leaseMs)), Math.max(1, Math.round(options.ttlMs)), this.#limits.maxEntries, this.#limits.maxBytes, baseSize(key, fingerprint));
        if (answer[0] === 1) {
            return { claimed: true, owner };
        }
        if (answer[0] === 2) {
            throw new IdempotencyStoreFullError('idempotency store full');
        }
        return { claimed: false, entry: toEntry(answer.slice(1)) };
    }
    async complete(key, owner, result) {
        const json = JSON.stringify(result);
        await this.#scripts.cgwIdemComplete(...this.#keys(key), owner, json, Buffer.byteLength(json), this.#limits.maxEntryBytes, this.#limits.maxBytes);
    }
    async release(key, owner) {
        await this.#scripts.cgwIdemRelease(...this.#keys(key), owner);
    }
    async wait(key, timeoutMs) {
        const until = Date.now() + timeoutMs;
        for (;;) {
            const answer = await this.#scripts.cgwIdemPeek(`${this.#prefix}e:${key}`);
            const entry = answer.length === 0 ? undefined : toEntry(answer);
            if (entry?.state !== 'in_flight' || Date.now() >= until) {
                return entry;
            }
            await sleep(Math.min(25, Math.max(1, until - Date.now())));
        }
    }
}
function toEntry(fields) {
    const [state, fingerprint, result] = fields.map(String);
    if (state === 'completed') {
        return { state, fingerprint, result: JSON.parse(result) };
    }
    return { state: state, fingerprint };
}
//# sourceMappingURL=redis-idempotency-store.js.map