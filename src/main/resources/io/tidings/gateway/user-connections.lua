-- A user's connections on every node, for the per-user limit (RedisUserConnections), counted atomically.
-- KEYS[1] the user's connections: a hash of node -> 'count expiresAt' (ms of Redis's clock)
-- ARGV[1] 'add' (one more if within ARGV[4]), 'remove' (one less) or 'set' (this node's count is ARGV[4]),
-- ARGV[2] this node, ARGV[3] how long a node's count holds unless it is written again (ms)
-- A node that stops writing (it died) stops counting once its entry expires. Returns {1}, or {0} when 'add' would
-- pass the limit (nothing counted).
local key, action, node, ttl = KEYS[1], ARGV[1], ARGV[2], tonumber(ARGV[3])
if not ttl or ttl <= 0 then
    return redis.error_reply('a count needs a time to live') -- PEXPIRE 0 would take every node's counts out
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local total, mine = 0, 0
local fields = redis.call('HGETALL', key)
for i = 1, #fields, 2 do
    local count, expires = string.match(fields[i + 1], '^(%d+) (%d+)$')
    count, expires = tonumber(count), tonumber(expires)
    if count == nil or expires <= now then
        redis.call('HDEL', key, fields[i])
    else
        total = total + count
        if fields[i] == node then
            mine = count
        end
    end
end
if action == 'add' then
    if total >= tonumber(ARGV[4]) then
        return {0}
    end
    mine = mine + 1
elseif action == 'remove' then
    mine = math.max(0, mine - 1)
else
    mine = tonumber(ARGV[4])
end
if mine == 0 then
    redis.call('HDEL', key, node)
else
    redis.call('HSET', key, node, mine .. ' ' .. (now + ttl))
    redis.call('PEXPIRE', key, ttl)
end
return {1}
