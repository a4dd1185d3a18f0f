/**
 * The Lua scripts of RedisEventStore: each write is one atomic script, so a producer's append,
 * a cancel from another instance and a lease expiry never interleave half-way.
 * @module
 */

/**
 * The status of the stream whose keys are `m` (meta), `e` (events), `l` (lease), turning an
 * active stream whose lease lapsed into a failed one (persisted, with its terminal entry, so
 * blocked readers wake up). The lease is fresh while its key exists (set by open and heartbeats)
 * or until meta's `leaseUntil` (moved on by each append, without a call of its own). Keys are kept
 * `keep(ttl)`: the TTL plus a slack of 1 % (at most 1 s), so an append may skip renewing them
 * while they are kept that long anyway (meta's `kept`).
 */
const STATUS = `
if redis.replicate_commands then redis.replicate_commands() end
local function keep(ttl)
  ttl = tonumber(ttl)
  return ttl + math.min(1000, math.floor(ttl / 100))
end
local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function close(m, e, l, status, err, reason, ttl)
  local last = redis.call('HGET', m, 'last')
  redis.call('HSET', m, 'status', status, 'error', err, 'reason', reason)
  redis.call('XADD', e, last .. '-1', 'end', status)
  redis.call('DEL', l)
  redis.call('PEXPIRE', m, keep(ttl))
  redis.call('PEXPIRE', e, keep(ttl))
end
local function lapsed(m, l, t)
  if redis.call('EXISTS', l) == 1 then return false end
  return (tonumber(redis.call('HGET', m, 'leaseUntil')) or 0) <= (t or now())
end
local function status(m, e, l, ttl)
  local st = redis.call('HGET', m, 'status')
  if st == 'active' and lapsed(m, l) then
    close(m, e, l, 'failed', '', 'lease-expired', ttl)
    return 'failed'
  end
  return st
end
`;

/** ARGV: producerId, leaseMs, ttlMs, continue ('1' reopens a done stream, its terminal entry removed). */
export const OPEN = `${STATUS}
if ARGV[4] == '1' and status(KEYS[1], KEYS[2], KEYS[3], ARGV[3]) == 'done' then
  local last = redis.call('HGET', KEYS[1], 'last')
  redis.call('XDEL', KEYS[2], last .. '-1')
  redis.call('HSET', KEYS[1], 'producer', ARGV[1], 'status', 'active', 'leaseMs', ARGV[2], 'error', '', 'reason', '')
  redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
end
local owner = redis.call('HGET', KEYS[1], 'producer')
if owner and owner ~= ARGV[1] then return redis.error_reply('CONFLICT owned by producer ' .. owner) end
if not owner then
  redis.call('HSET', KEYS[1], 'producer', ARGV[1], 'status', 'active', 'last', '0', 'leaseMs', ARGV[2])
  redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
end
redis.call('PEXPIRE', KEYS[1], keep(ARGV[3]))
return status(KEYS[1], KEYS[2], KEYS[3], ARGV[3])
`;

/**
 * Appends a batch of events of many streams in one call. KEYS: meta, events, lease of each stream
 * (3 per stream). ARGV: maxLength ('' = all), ttlMs, then runs of one stream's events: the
 * stream's index (1-based), producerId, the number of events, then per event its seq ('' = next)
 * and data. Events are applied in order, each as a single append would be; the reply has one item
 * per event: its seq (an integer), or a `CONFLICT …` text. Per run it costs one HMGET, the XADDs
 * and one HSET (the last seq and the lease); the keys' expiry is renewed only when they would not
 * be kept `ttlMs` from now.
 */
export const APPEND_BATCH = `${STATUS}
local ARGV, KEYS, call, tonumber = ARGV, KEYS, redis.call, tonumber -- locals: no global lookups
local maxlen, ttl = ARGV[1], tonumber(ARGV[2])
local t = now()
local out, n, i, argc = {}, 0, 3, #ARGV
while i <= argc do
  local k, producer = tonumber(ARGV[i]), ARGV[i + 1]
  local stop = i + 3 + tonumber(ARGV[i + 2]) * 2
  local m, e, l = KEYS[k * 3 - 2], KEYS[k * 3 - 1], KEYS[k * 3]
  local h = call('HMGET', m, 'status', 'producer', 'last', 'leaseMs', 'kept', 'leaseUntil')
  local st, last = h[1], tonumber(h[3])
  if st == 'active' and (tonumber(h[6]) or 0) <= t and lapsed(m, l, t) then
    close(m, e, l, 'failed', '', 'lease-expired', ttl)
    st = 'failed'
  end
  local refused
  if not st then
    refused = 'CONFLICT not open'
  elseif h[2] ~= producer then
    refused = 'CONFLICT owned by producer ' .. h[2]
  end
  local first = last
  for j = i + 3, stop - 1, 2 do
    local r = refused
    if not r then
      local given = ARGV[j]
      local seq = last + 1
      if given ~= '' then seq = tonumber(given) end
      if seq <= last then
        r = seq
      elseif st ~= 'active' then
        r = 'CONFLICT already ' .. st
      elseif seq ~= last + 1 then
        r = 'CONFLICT seq ' .. seq .. ' after ' .. last
      else
        -- The id from the seq's own text when given (a safe integer's digits), else built.
        local id = (given ~= '' and given or seq) .. '-0'
        if maxlen ~= '' then
          call('XADD', e, 'MAXLEN', '~', maxlen, id, 'd', ARGV[j + 1])
        else
          call('XADD', e, id, 'd', ARGV[j + 1])
        end
        last, r = seq, seq
      end
    end
    n = n + 1
    out[n] = r
  end
  if last ~= first then
    -- The append renews the lease (leaseUntil) in the same HSET that records the last seq.
    local lease = tonumber(h[4])
    if (tonumber(h[5]) or 0) - t >= ttl then
      call('HSET', m, 'last', last, 'leaseUntil', t + lease)
    else
      local kept = keep(ttl)
      call('HSET', m, 'last', last, 'leaseUntil', t + lease, 'kept', t + kept)
      call('PEXPIRE', m, kept)
      call('PEXPIRE', e, kept)
    end
  end
  i = stop
end
return out
`;

/** ARGV: ttlMs, renew ('1' renews the lease). Returns [status, last, producer, leaseMs, error, reason] or nil. */
export const INFO = `${STATUS}
local st = status(KEYS[1], KEYS[2], KEYS[3], ARGV[1])
if not st then return nil end
if st == 'active' and ARGV[2] == '1' then
  redis.call('SET', KEYS[3], '1', 'PX', redis.call('HGET', KEYS[1], 'leaseMs'))
  redis.call('PEXPIRE', KEYS[1], keep(ARGV[1]))
  redis.call('PEXPIRE', KEYS[2], keep(ARGV[1]))
end
return redis.call('HMGET', KEYS[1], 'status', 'last', 'producer', 'leaseMs', 'error', 'reason')
`;

/** ARGV: status, error JSON ('' = none), ttlMs, channel to publish on ('' = none). Returns the status after. */
export const END = `${STATUS}
local st = status(KEYS[1], KEYS[2], KEYS[3], ARGV[3])
if st ~= 'active' then return st end
close(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2], '', ARGV[3])
if ARGV[4] ~= '' then redis.call('PUBLISH', ARGV[4], ARGV[1]) end
return ARGV[1]
`;
