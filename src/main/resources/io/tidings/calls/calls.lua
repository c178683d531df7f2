-- The calls of every node (RedisCallStore), each change atomic. Every key shares the hash tag of KEYS[1], so a
-- Cluster keeps them in one slot; the others are made from ARGV[2], the keys' common beginning.
-- KEYS[1] the ringing calls: a sorted set of call id -> when its ring time is over (ms of Redis's clock)
-- ARGV[1] the action, ARGV[2] the keys' beginning, then the action's own:
--   offer ID CALLER CALLEE CALLER_CONNECTION OFFER RING_MS MAX_CALLS PER_USER RINGING_PER_USER RINGS_PER_MINUTE:
--     {''} when admitted, else {why not} (the texts of Refusals.java, or CallStore.TAKEN)
--   get ID: the call's fields, or {}
--   answer ID CONNECTION: {1} when the ringing call is taken by CONNECTION, else {0}
--   end ID ONLY_IF_RINGING: the call's fields as it ended, or {} when it had ended or was not ringing
--   of USER: the fields of each of USER's calls, one after another
--   overdue LIMIT: the ids of ringing calls whose ring time is over
-- A call's fields: id, caller, callee, caller's connection, callee's connection ('' before an answer), offer,
-- 'ringing' or 'active'.
local ringingKey, base = KEYS[1], ARGV[2]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local function callKey(id)
    return base .. 'c:' .. id
end

local function userKey(user)
    return base .. 'u:' .. user
end

local allKey = base .. 'all'

local function fields(id)
    local call = redis.call('HMGET', callKey(id), 'caller', 'callee', 'callerConnection', 'calleeConnection',
        'offer', 'state')
    if not call[1] then
        return nil
    end
    return {id, call[1], call[2], call[3], call[4] or '', call[5], call[6]}
end

-- the user's calls' fields; ids whose call is gone are dropped
local function callsOf(user)
    local calls = {}
    for _, id in ipairs(redis.call('SMEMBERS', userKey(user))) do
        local call = fields(id)
        if call then
            table.insert(calls, call)
        else
            redis.call('SREM', userKey(user), id)
        end
    end
    return calls
end

local action = ARGV[1]
if action == 'offer' then
    local id, caller, callee = ARGV[3], ARGV[4], ARGV[5]
    local ringMs, maxCalls, perUser = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
    local ringingPerUser, ringsPerMinute = tonumber(ARGV[11]), tonumber(ARGV[12])
    if redis.call('EXISTS', callKey(id)) == 1 then
        return {'that call id is taken'}
    end
    if redis.call('SCARD', allKey) >= maxCalls then
        return {'too many calls on this server, try again later'}
    end
    local callers, callees = callsOf(caller), callsOf(callee)
    if #callers >= perUser then
        return {'you are in too many calls at once'}
    end
    if #callees >= perUser then
        return {'that user is in too many calls at once'}
    end
    for _, call in ipairs(callers) do
        if call[7] == 'ringing' and call[3] == callee then
            return {'your call to that user is still ringing'}
        end
    end
    local ringing = 0
    for _, call in ipairs(callees) do
        if call[7] == 'ringing' and call[3] == callee then
            ringing = ringing + 1
        end
    end
    if ringing >= ringingPerUser then
        return {'that user has too many calls ringing, try again later'}
    end
    local rings = base .. 'r:' .. callee
    redis.call('ZREMRANGEBYSCORE', rings, '-inf', now - 60000)
    if redis.call('ZCARD', rings) >= ringsPerMinute then
        return {'that user was called too often, try again later'}
    end
    redis.call('HSET', callKey(id), 'caller', caller, 'callee', callee, 'callerConnection', ARGV[6],
        'offer', ARGV[7], 'state', 'ringing')
    redis.call('SADD', userKey(caller), id)
    redis.call('SADD', userKey(callee), id)
    redis.call('SADD', allKey, id)
    redis.call('ZADD', ringingKey, now + ringMs, id)
    redis.call('ZADD', rings, now, now .. ':' .. id)
    redis.call('PEXPIRE', rings, 60000)
    return {''}
elseif action == 'get' then
    return fields(ARGV[3]) or {}
elseif action == 'answer' then
    local id = ARGV[3]
    if redis.call('HGET', callKey(id), 'state') ~= 'ringing' then
        return {0}
    end
    redis.call('HSET', callKey(id), 'state', 'active', 'calleeConnection', ARGV[4])
    redis.call('ZREM', ringingKey, id)
    return {1}
elseif action == 'end' then
    local id = ARGV[3]
    local call = fields(id)
    if not call or (ARGV[4] == '1' and call[7] ~= 'ringing') then
        return {}
    end
    redis.call('DEL', callKey(id))
    redis.call('SREM', userKey(call[2]), id)
    redis.call('SREM', userKey(call[3]), id)
    redis.call('SREM', allKey, id)
    redis.call('ZREM', ringingKey, id)
    return call
elseif action == 'of' then
    local answer = {}
    for _, call in ipairs(callsOf(ARGV[3])) do
        for _, field in ipairs(call) do
            table.insert(answer, field)
        end
    end
    return answer
elseif action == 'overdue' then
    return redis.call('ZRANGEBYSCORE', ringingKey, '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))
end
return redis.error_reply('unknown action ' .. tostring(action))
