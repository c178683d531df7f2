-- A Socket.IO session kept for its client to recover (RedisSavedSessions).
-- KEYS[1] the session; ARGV[1] 'save', 'keep', 'get' or 'take', ARGV[2] the session (save), ARGV[3] its time to
-- live (ms). Returns {the session read or taken, or ''}.
local key, action = KEYS[1], ARGV[1]
if action == 'save' then
    redis.call('SET', key, ARGV[2], 'PX', ARGV[3])
    return {''}
elseif action == 'keep' then
    redis.call('PEXPIRE', key, ARGV[3])
    return {''}
end
local session = redis.call('GET', key)
if session and action == 'take' then
    redis.call('DEL', key)
end
return {session or ''}
