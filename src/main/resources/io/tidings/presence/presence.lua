-- Who is present where, on every node (RedisPresenceStore). Every key shares the hash tag of KEYS[1], so a Cluster
-- keeps them in one slot; those a sweep needs are made from ARGV[2], the keys' common beginning.
-- KEYS[1] the nodes: a sorted set of node -> its last heartbeat (ms of Redis's clock)
-- ARGV[1] the action, ARGV[2] the keys' beginning, ARGV[3] this node, then the action's own:
--   set SCOPE USER COUNT: this node has COUNT connections of USER in SCOPE. Returns {1, since} when that made USER
--     join (no node had one), {2, since} when it made USER leave (no node has one now), else {0, since}.
--   members SCOPE: {user, connections, since, ...} over the nodes that are alive.
--   member SCOPE USER: {connections, since}, or {} when not there.
--   heartbeat DEAD_AFTER LIMIT: this node is alive; takes up to LIMIT entries of a node silent for DEAD_AFTER ms
--     out. Returns {1 if this node had been taken for dead (or is new), 1 if more entries wait, then scope, user,
--     since of each user that left}.
--   forget LIMIT: takes up to LIMIT of this node's own entries out (at start: those of an earlier life).
--     Returns like heartbeat.
-- A scope is a hash of user -> {"s": since, "n": {node: connections}}; each node keeps the set of its
-- 'scope\nuser' entries, so a dead node's can be found. A node's entries count until they are taken out.
local nodes, base, node = KEYS[1], ARGV[2], ARGV[3]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local alive = {}
for _, name in ipairs(redis.call('ZRANGE', nodes, 0, -1)) do
    alive[name] = true
end
alive[node] = true -- the node that speaks is alive, even if it was taken for dead (its next heartbeat says so)

local function scopeKey(scope)
    return base .. 's:' .. scope
end

local function entriesKey(of)
    return base .. 'n:' .. of
end

-- the user's connections on nodes that are alive, leaving out `except`
local function counted(entry, except)
    local total = 0
    for name, count in pairs(entry.n) do
        if alive[name] and name ~= except then
            total = total + count
        end
    end
    return total
end

-- takes up to `limit` entries of node `of` out; returns the leaves that made, and whether more wait
local function forget(of, limit, answer)
    local taken = redis.call('SPOP', entriesKey(of), limit)
    for _, item in ipairs(taken) do
        local newline = string.find(item, '\n', 1, true)
        local scope, user = string.sub(item, 1, newline - 1), string.sub(item, newline + 1)
        local raw = redis.call('HGET', scopeKey(scope), user)
        if raw then
            local entry = cjson.decode(raw)
            if counted(entry, of) == 0 then
                redis.call('HDEL', scopeKey(scope), user)
                table.insert(answer, scope)
                table.insert(answer, user)
                table.insert(answer, entry.s)
            else
                entry.n[of] = nil
                redis.call('HSET', scopeKey(scope), user, cjson.encode(entry))
            end
        end
    end
    local more = redis.call('SCARD', entriesKey(of)) > 0
    if not more and of ~= node then
        redis.call('ZREM', nodes, of)
    end
    return more
end

local action = ARGV[1]
if action == 'set' then
    local scope, user, count = ARGV[4], ARGV[5], tonumber(ARGV[6])
    local raw = redis.call('HGET', scopeKey(scope), user)
    local entry = raw and cjson.decode(raw) or {s = now, n = {}}
    local before = counted(entry, nil)
    local item = scope .. '\n' .. user
    if count > 0 then
        entry.n[node] = count
        redis.call('SADD', entriesKey(node), item)
    else
        entry.n[node] = nil
        redis.call('SREM', entriesKey(node), item)
    end
    local after = counted(entry, nil)
    if after == 0 then
        redis.call('HDEL', scopeKey(scope), user)
        if before > 0 then
            return {2, entry.s}
        end
        return {0, entry.s}
    end
    if before == 0 then
        entry.s = now
    end
    redis.call('HSET', scopeKey(scope), user, cjson.encode(entry))
    if before == 0 then
        return {1, entry.s}
    end
    return {0, entry.s}
elseif action == 'members' then
    local answer = {}
    local fields = redis.call('HGETALL', scopeKey(ARGV[4]))
    for i = 1, #fields, 2 do
        local entry = cjson.decode(fields[i + 1])
        local count = counted(entry, nil)
        if count > 0 then
            table.insert(answer, fields[i])
            table.insert(answer, count)
            table.insert(answer, entry.s)
        end
    end
    return answer
elseif action == 'member' then
    local raw = redis.call('HGET', scopeKey(ARGV[4]), ARGV[5])
    if raw then
        local entry = cjson.decode(raw)
        local count = counted(entry, nil)
        if count > 0 then
            return {count, entry.s}
        end
    end
    return {}
elseif action == 'heartbeat' then
    local limit = tonumber(ARGV[5])
    local answer = {0, 0}
    if redis.call('ZADD', nodes, now, node) == 1 then
        answer[1] = 1
    end
    local deadBefore = now - tonumber(ARGV[4])
    local dead = redis.call('ZRANGEBYSCORE', nodes, '-inf', deadBefore, 'LIMIT', 0, 1)
    if #dead > 0 then
        forget(dead[1], limit, answer)
        if #redis.call('ZRANGEBYSCORE', nodes, '-inf', deadBefore, 'LIMIT', 0, 1) > 0 then
            answer[2] = 1
        end
    end
    return answer
elseif action == 'forget' then
    local answer = {0, 0}
    redis.call('ZADD', nodes, now, node)
    if forget(node, tonumber(ARGV[4]), answer) then
        answer[2] = 1
    end
    return answer
end
return redis.error_reply('unknown action ' .. tostring(action))
