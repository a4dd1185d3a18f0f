/**
 * The Lua scripts of RedisEventStore: each write is one atomic script, so a producer's append,
 * a cancel from another instance and a lease expiry never interleave half-way.
 * @module
 */

/**
 * The status, turning an active stream whose lease key expired into a failed one (persisted,
 * with its terminal entry, so blocked readers wake up). KEYS: meta, events, lease.
 */
const STATUS = `
local function close(status, err, reason, ttl)
  local last = redis.call('HGET', KEYS[1], 'last')
  redis.call('HSET', KEYS[1], 'status', status, 'error', err, 'reason', reason)
  redis.call('XADD', KEYS[2], last .. '-1', 'end', status)
  redis.call('DEL', KEYS[3])
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
end
local function status(ttl)
  local st = redis.call('HGET', KEYS[1], 'status')
  if st == 'active' and redis.call('EXISTS', KEYS[3]) == 0 then
    close('failed', '', 'lease-expired', ttl)
    return 'failed'
  end
  return st
end
`;

/** ARGV: producerId, leaseMs, ttlMs, continue ('1' reopens a done stream, its terminal entry removed). */
export const OPEN = `${STATUS}
if ARGV[4] == '1' and status(ARGV[3]) == 'done' then
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
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return status(ARGV[3])
`;

/** ARGV: producerId, seq ('' = next), data, maxLength ('' = all), ttlMs. Returns the seq. */
export const APPEND = `${STATUS}
local st = status(ARGV[5])
if not st then return redis.error_reply('CONFLICT not open') end
local owner = redis.call('HGET', KEYS[1], 'producer')
if owner ~= ARGV[1] then return redis.error_reply('CONFLICT owned by producer ' .. owner) end
local last = tonumber(redis.call('HGET', KEYS[1], 'last'))
local seq = last + 1
if ARGV[2] ~= '' then seq = tonumber(ARGV[2]) end
if seq <= last then return seq end
if st ~= 'active' then return redis.error_reply('CONFLICT already ' .. st) end
if seq ~= last + 1 then return redis.error_reply('CONFLICT seq ' .. seq .. ' after ' .. last) end
if ARGV[4] ~= '' then
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], seq .. '-0', 'd', ARGV[3])
else
  redis.call('XADD', KEYS[2], seq .. '-0', 'd', ARGV[3])
end
redis.call('HSET', KEYS[1], 'last', seq)
redis.call('SET', KEYS[3], '1', 'PX', redis.call('HGET', KEYS[1], 'leaseMs'))
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return seq
`;

/** ARGV: ttlMs, renew ('1' renews the lease). Returns [status, last, producer, leaseMs, error, reason] or nil. */
export const INFO = `${STATUS}
local st = status(ARGV[1])
if not st then return nil end
if st == 'active' and ARGV[2] == '1' then
  redis.call('SET', KEYS[3], '1', 'PX', redis.call('HGET', KEYS[1], 'leaseMs'))
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  redis.call('PEXPIRE', KEYS[2], ARGV[1])
end
return redis.call('HMGET', KEYS[1], 'status', 'last', 'producer', 'leaseMs', 'error', 'reason')
`;

/** ARGV: status, error JSON ('' = none), ttlMs, channel to publish on ('' = none). Returns the status after. */
export const END = `${STATUS}
local st = status(ARGV[3])
if st ~= 'active' then return st end
close(ARGV[1], ARGV[2], '', ARGV[3])
if ARGV[4] ~= '' then redis.call('PUBLISH', ARGV[4], ARGV[1]) end
return ARGV[1]
`;
