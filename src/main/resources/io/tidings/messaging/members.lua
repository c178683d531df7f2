-- KEYS[1] a conversation's members (a set). Returns them.
return redis.call('SMEMBERS', KEYS[1])
