-- A channel's position and, read with it atomically, its kept events after an offset (RedisBus position, recover,
-- history).
-- KEYS[1] the channel's meta hash (epoch, offset), KEYS[2] its history stream
-- ARGV[1] the offset to read after ('last': the latest event only), ARGV[2] at most this many events (0: the position only), ARGV[3] the oldest ts
-- (epoch ms) still kept, ARGV[4] an epoch for a channel that has none, ARGV[5] meta age in seconds
-- Returns {epoch, offset, offset of the oldest kept event (0: none), {{id, {'b', body}}, ...}}.
local meta, stream = KEYS[1], KEYS[2]

local epoch = redis.call('HGET', meta, 'epoch')
if not epoch then
    -- as in publish.lua: the position handed out now must be the one later publications count from
    epoch = ARGV[4]
    redis.call('DEL', stream)
    redis.call('HSET', meta, 'epoch', epoch, 'offset', 0)
    redis.call('EXPIRE', meta, ARGV[5])
    return {epoch, 0, 0, {}}
end
-- a channel read by subscribers keeps its epoch even while nobody publishes
redis.call('EXPIRE', meta, ARGV[5])
local offset = tonumber(redis.call('HGET', meta, 'offset') or '0')
local since, limit, oldest = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
if ARGV[1] == 'last' then
    since = offset - 1
end
if limit <= 0 then
    return {epoch, offset, 0, {}}
end

-- events older than the history age are no longer kept even if the stream still holds them
local first = 0
local from = '-'
while first == 0 do
    local batch = redis.call('XRANGE', stream, from, '+', 'COUNT', 64)
    if #batch == 0 then
        break
    end
    for _, event in ipairs(batch) do
        local ts = tonumber(string.match(event[2][2], '^(-?%d+)\n'))
        if ts == nil or ts >= oldest then
            first = tonumber(string.match(event[1], '^(%d+)'))
            break
        end
    end
    from = '(' .. batch[#batch][1]
end

local events = {}
local start = math.max(since + 1, first)
if first > 0 and start <= offset then
    events = redis.call('XRANGE', stream, string.format('%d', start) .. '-0', '+', 'COUNT', limit)
end
return {epoch, offset, first, events}
