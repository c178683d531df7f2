-- One publication, atomically (RedisBus.publish).
-- KEYS[1] the channel's meta hash (epoch, offset), KEYS[2] its history stream, KEYS[3] (optional) its idempotency key
-- ARGV[1] the channel's pub/sub topic, ARGV[2] '1' when ephemeral, ARGV[3] the entry's body (RedisEntries),
-- ARGV[4] history size, ARGV[5] history age in seconds, ARGV[6] meta age in seconds, ARGV[7] an epoch for a channel
-- that has none, ARGV[8] the publishing command: PUBLISH, or SPUBLISH on a Cluster (the topic shares the keys' slot)
-- Returns {repeated (0 or 1), offset (0 when ephemeral), epoch ('' when ephemeral)}.
local meta, stream, key = KEYS[1], KEYS[2], KEYS[3]

if key then
    local seen = redis.call('GET', key)
    if seen then
        local space = string.find(seen, ' ', 1, true)
        if not space then
            return {1, 0, ''}
        end
        return {1, tonumber(string.sub(seen, 1, space - 1)), string.sub(seen, space + 1)}
    end
end

if ARGV[2] == '1' then
    redis.call(ARGV[8], ARGV[1], '0\n\n' .. ARGV[3])
    if key then
        redis.call('SET', key, '0', 'EX', ARGV[5])
    end
    return {0, 0, ''}
end

local epoch = redis.call('HGET', meta, 'epoch')
if not epoch then
    -- the channel's state is gone (never made, expired, evicted, flushed): a new generation, so no old position
    -- can be mistaken for one of it; a stream that outlived its meta belongs to the old one
    epoch = ARGV[7]
    redis.call('DEL', stream)
    redis.call('HSET', meta, 'epoch', epoch)
end
local offset = redis.call('HINCRBY', meta, 'offset', 1)
redis.call('EXPIRE', meta, ARGV[6])
if tonumber(ARGV[4]) > 0 then
    -- the stream id is the offset, so a read from an offset is a range read
    redis.call('XADD', stream, 'MAXLEN', '=', ARGV[4], offset .. '-0', 'b', ARGV[3])
    redis.call('EXPIRE', stream, ARGV[5])
end
redis.call(ARGV[8], ARGV[1], offset .. '\n' .. epoch .. '\n' .. ARGV[3])
if key then
    redis.call('SET', key, offset .. ' ' .. epoch, 'EX', ARGV[5])
end
return {0, offset, epoch}
