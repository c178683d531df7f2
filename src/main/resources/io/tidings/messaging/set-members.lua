-- Sets a conversation's members atomically (RedisConversationStore.setMembers).
-- KEYS[1] the conversation's members (a set); ARGV the new members, none to empty it.
-- Returns who were members before and are not now.
local before = redis.call('SMEMBERS', KEYS[1])
redis.call('DEL', KEYS[1])
-- in steps: Lua's unpack has a limit on how many values it spreads
for first = 1, #ARGV, 1000 do
    redis.call('SADD', KEYS[1], unpack(ARGV, first, math.min(first + 999, #ARGV)))
end
local now = {}
for _, member in ipairs(ARGV) do
    now[member] = true
end
local removed = {}
for _, member in ipairs(before) do
    if not now[member] then
        removed[#removed + 1] = member
    end
end
return removed
