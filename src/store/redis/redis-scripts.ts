/**
 * The store's writes as Lua scripts: each runs atomically in one round trip, so an index never
 * disagrees with its task. ARGV[1] is always the key prefix (see redis-keys.ts).
 */
import { LuaScript } from './lua-script.js';

/**
 * ARGV: prefix, id, task JSON, runtime JSON, status, action, account ('' = none), mode, score,
 * failReason, search text, expire-at epoch ms ('' = keep), fencing token ('' = unfenced).
 * Answers 0, writing nothing, when the task was written with a newer fencing token.
 */
export const SAVE_TASK = new LuaScript(`
local p, id = ARGV[1], ARGV[2]
local key = p .. 'task:' .. id
local fence = ARGV[13]
if fence ~= '' then
  local stored = redis.call('HGET', key, 'fence')
  if stored and tonumber(stored) > tonumber(fence) then return 0 end
  redis.call('HSET', key, 'fence', fence)
end
local status, action, account, score = ARGV[5], ARGV[6], ARGV[7], ARGV[9]
local old = redis.call('HMGET', key, 'status', 'action', 'account')
if old[1] and old[1] ~= status then redis.call('ZREM', p .. 'status:' .. old[1], id) end
if old[2] and old[2] ~= action then redis.call('ZREM', p .. 'action:' .. old[2], id) end
if old[3] and old[3] ~= '' and old[3] ~= account then redis.call('ZREM', p .. 'account:' .. old[3], id) end
redis.call('HSET', key, 'task', ARGV[3], 'runtime', ARGV[4], 'status', status, 'action', action,
  'account', account, 'mode', ARGV[8], 'submitTime', score, 'failReason', ARGV[10], 'search', ARGV[11])
redis.call('ZADD', p .. 'tasks', score, id)
redis.call('ZADD', p .. 'status:' .. status, score, id)
redis.call('ZADD', p .. 'action:' .. action, score, id)
if account ~= '' then
  redis.call('ZADD', p .. 'account:' .. account, score, id)
  redis.call('SADD', p .. 'task-accounts', account)
end
if ARGV[12] == '' then redis.call('PERSIST', key) else redis.call('PEXPIREAT', key, ARGV[12]) end
return 1
`);

/** ARGV: prefix, ids…; answers id, public JSON, id, public JSON… for each id that exists, in the order asked. */
export const GET_TASK_JSONS = new LuaScript(`
local p, found = ARGV[1], {}
for i = 2, #ARGV do
  local json = redis.call('HGET', p .. 'task:' .. ARGV[i], 'task')
  if json then
    found[#found + 1] = ARGV[i]
    found[#found + 1] = json
  end
end
return found
`);

/**
 * ARGV: prefix, cutoff (epoch ms, exclusive), limit, JSON list of finished statuses, JSON list of
 * every action. Deletes up to limit finished tasks submitted before cutoff with their index
 * entries, also of tasks whose key the TTL removed already; answers their ids.
 */
export const DELETE_FINISHED_BEFORE = new LuaScript(`
local p, cutoff, limit = ARGV[1], ARGV[2], tonumber(ARGV[3])
local finished, allActions = cjson.decode(ARGV[4]), cjson.decode(ARGV[5])
local allAccounts = nil
local deleted = {}
for _, status in ipairs(finished) do
  local room = limit - #deleted
  if room <= 0 then break end
  local ids = redis.call('ZRANGEBYSCORE', p .. 'status:' .. status, '-inf', '(' .. cutoff, 'LIMIT', 0, room)
  for _, id in ipairs(ids) do
    local key = p .. 'task:' .. id
    local meta = redis.call('HMGET', key, 'action', 'account')
    redis.call('UNLINK', key)
    redis.call('ZREM', p .. 'tasks', id)
    redis.call('ZREM', p .. 'status:' .. status, id)
    -- An expired key no longer names its action and account: clear the id from all of them.
    local actions = meta[1] and { meta[1] } or allActions
    for _, action in ipairs(actions) do redis.call('ZREM', p .. 'action:' .. action, id) end
    local accounts = { meta[2] }
    if not meta[2] then
      allAccounts = allAccounts or redis.call('SMEMBERS', p .. 'task-accounts')
      accounts = allAccounts
    end
    for _, account in ipairs(accounts) do
      if account ~= '' then redis.call('ZREM', p .. 'account:' .. account, id) end
    end
    deleted[#deleted + 1] = id
  end
end
return deleted
`);
