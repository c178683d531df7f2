-- The channels that have a state (LatestState, with the Redis bus), so that they can be listed: a sorted set of
-- channel -> when a node last said it changed (epoch seconds).
-- KEYS[1] the index; ARGV[1] 'add' with ARGV[2] the channel, ARGV[3] now and ARGV[4] the most channels kept (the
-- least recently changed go first); or 'list' with ARGV[2] a channel prefix and ARGV[3] the oldest time kept.
-- Returns {} (add) or the channels under the prefix (list).
if ARGV[1] == 'add' then
    redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
    redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[4]) + 1))
    return {}
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
local listed = {}
for _, channel in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
    if string.sub(channel, 1, #ARGV[2]) == ARGV[2] then
        listed[#listed + 1] = channel
    end
end
return listed
