-- The state domain code set for a channel (LatestState, with the Redis bus).
-- KEYS[1] the channel's state; ARGV[1] 'get', or 'set' with ARGV[2] the frame and ARGV[3] seconds to keep it.
-- Returns {frame} or {} (get), {} (set).
if ARGV[1] == 'set' then
    redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
    return {}
end
local frame = redis.call('GET', KEYS[1])
if frame then
    return {frame}
end
return {}
