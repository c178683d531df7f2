-- A user's unread notifications, atomically (RedisUnreadCounts): a sorted set of ids, oldest first.
-- KEYS[1] the user's unread ids; ARGV[1] 'add', 'read', 'all' or 'count', ARGV[2] the notification id,
-- ARGV[3] now (ms, the order of adding), ARGV[4] the most kept, ARGV[5] seconds a user's ids are kept unchanged.
-- Returns the user's unread count after it.
local key, action = KEYS[1], ARGV[1]
if action == 'add' then
    redis.call('ZADD', key, 'NX', ARGV[3], ARGV[2])
    local count = redis.call('ZCARD', key)
    local most = tonumber(ARGV[4])
    if count > most then
        -- past the bound the oldest is forgotten, so the count stays at the bound
        redis.call('ZREMRANGEBYRANK', key, 0, count - most - 1)
        count = most
    end
    redis.call('EXPIRE', key, ARGV[5])
    return count
elseif action == 'read' then
    redis.call('ZREM', key, ARGV[2])
    redis.call('EXPIRE', key, ARGV[5])
    return redis.call('ZCARD', key)
elseif action == 'all' then
    redis.call('DEL', key)
    return 0
end
return redis.call('ZCARD', key)
