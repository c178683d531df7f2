-- Forgets a conversation atomically (RedisConversationStore.remove).
-- KEYS[1] the conversation's members (a set). Returns who its members were.
local members = redis.call('SMEMBERS', KEYS[1])
redis.call('DEL', KEYS[1])
return members
