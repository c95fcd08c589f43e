-- The crowd ledger of a cluster (RedisCrowdLedger): who is in which zone, the zones' head counts and alert
-- states, changed atomically. ARGV[1] is the operation, ARGV[2] the key prefix, then the operation's arguments.
-- Returns {zones version, positions removed, then per alert transition: 'A' or 'C', zone id, count, threshold, id,
-- the zone's own transition number}.
-- Every transition returned is also recorded as pending, claimed by the calling node, until that node
-- acknowledges it (HDEL, after publishing); 'reclaim' hands out the ones whose claim is too old (the node died).
--
-- Keys (P = ARGV[2], which ends in one hash tag so that on a Redis Cluster they all share a slot; KEYS[1] is
-- P..'zones', given only so that the call is sent to the shard that holds them):
--   P..'zones'     hash  zone id -> "threshold clearAt lat lng radius" (the zones the ledger counts with)
--   P..'version'   string, incremented by every 'define'
--   P..'zone:'..z  set   the users inside zone z (its head count is the set's size)
--   P..'in:'..u    set   the zones user u is inside (the reverse of the above)
--   P..'alerting'  set   the ids of the zones that are alerting
--   P..'pos'       hash  user -> "lat lng node" (exact, as placed; node = the node that placed it)
--   P..'geo'       geo   users by position, to find who a new or moved zone holds (|lat| <= 85.05112878)
--   P..'polar'     set   users whose latitude GEO cannot hold
--   P..'seen'      zset  user -> time of the last position, in ms, to expire stale positions
--   P..'pending'   hash  transition id -> "A|C zone count threshold node claimedAt(ms) deliveries zoneSeq": returned,
--                        not yet acknowledged (published); ids come from P..'pending:seq' and grow in the order decided
--   P..'zseq'      hash  zone id -> the number of its last transition (consecutive from the time of its first one,
--                        in microseconds: each node delivers a zone's transitions in this order, whichever node
--                        decided them)
-- ARGV[3] of every operation is the calling node (it claims the transitions the call produces).
local op, P = ARGV[1], ARGV[2]
local ZONES, ALERTING, GEO, POS, POLAR, SEEN, VERSION =
    P .. 'zones', P .. 'alerting', P .. 'geo', P .. 'pos', P .. 'polar', P .. 'seen', P .. 'version'
local EARTH = 6371008.8          -- the Java side's sphere (Geo.EARTH_RADIUS_METERS): distances must agree
local REDIS_EARTH = 6372797.560856 -- the sphere GEOSEARCH measures on
local GEO_MAX_LAT = 85.05112878
local out = {}
local removed = 0
local PENDING, SEQ = P .. 'pending', P .. 'pending:seq'
local caller = ARGV[3]

local function nowMillis()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Puts a transition into the reply and records it as pending, claimed by the caller, in the same call.
local function transition(kind, z, count, threshold)
  local id = tostring(redis.call('INCR', SEQ))
  if redis.call('HEXISTS', P .. 'zseq', z) == 0 then
    -- Numbers start at the time in microseconds, as text (Lua's numbers would print it as 1.76e+15): a zone
    -- numbered anew after Redis lost its data starts far above anything numbered before, never below.
    local t = redis.call('TIME')
    redis.call('HSET', P .. 'zseq', z, t[1] .. string.format('%06d', tonumber(t[2])))
  end
  redis.call('HINCRBY', P .. 'zseq', z, 1)
  local zoneSeq = redis.call('HGET', P .. 'zseq', z)
  redis.call('HSET', PENDING, id, kind .. ' ' .. z .. ' ' .. count .. ' ' .. threshold .. ' ' .. caller .. ' '
      .. nowMillis() .. ' 1 ' .. zoneSeq)
  for _, v in ipairs({kind, z, count, threshold, id, zoneSeq}) do table.insert(out, v) end
end

local function zoneKey(z) return P .. 'zone:' .. z end
local function inKey(u) return P .. 'in:' .. u end

local function distance(lat1, lng1, lat2, lng2)
  local phi1, phi2 = math.rad(lat1), math.rad(lat2)
  local sinDeltaPhi = math.sin((phi2 - phi1) / 2)
  local sinDeltaLambda = math.sin(math.rad(lng2 - lng1) / 2)
  local a = sinDeltaPhi * sinDeltaPhi + math.cos(phi1) * math.cos(phi2) * sinDeltaLambda * sinDeltaLambda
  return 2 * EARTH * math.asin(math.min(1, math.sqrt(a)))
end

-- Raises or clears zone z's alert as its count now says; the transition goes into the reply, once.
local function settle(z)
  local def = redis.call('HGET', ZONES, z)
  if not def then return end
  local threshold, clearAt = string.match(def, '^(%S+) (%S+)')
  threshold, clearAt = tonumber(threshold), tonumber(clearAt)
  local count = redis.call('SCARD', zoneKey(z))
  local alerting = redis.call('SISMEMBER', ALERTING, z) == 1
  if not alerting and count >= threshold then
    redis.call('SADD', ALERTING, z)
    transition('A', z, tostring(count), tostring(threshold))
  elseif alerting and count <= clearAt then
    redis.call('SREM', ALERTING, z)
    transition('C', z, tostring(count), tostring(threshold))
  end
end

local function removeUser(u)
  local zones = redis.call('SMEMBERS', inKey(u))
  redis.call('DEL', inKey(u))
  for _, z in ipairs(zones) do
    redis.call('SREM', zoneKey(z), u)
    settle(z)
  end
  redis.call('HDEL', POS, u)
  redis.call('ZREM', GEO, u)
  redis.call('SREM', POLAR, u)
  redis.call('ZREM', SEEN, u)
  removed = removed + 1
end

-- Recounts zone z from the stored positions: who is inside now joins, who is not leaves.
local function recount(z, lat, lng, r)
  local inside = {}
  local function consider(u)
    local p = redis.call('HGET', POS, u)
    if p then
      local plat, plng = string.match(p, '^(%S+) (%S+)')
      if distance(lat, lng, tonumber(plat), tonumber(plng)) <= r then inside[u] = true end
    end
  end
  local candidates
  if math.abs(lat) <= GEO_MAX_LAT then
    -- GEOSEARCH measures on its own sphere and on 52-bit geohashes: ask a little wider, then measure exactly.
    candidates = redis.call('GEOSEARCH', GEO, 'FROMLONLAT', lng, lat, 'BYRADIUS', r * REDIS_EARTH / EARTH + 1, 'm')
  else
    candidates = redis.call('ZRANGE', GEO, 0, -1)
  end
  for _, u in ipairs(candidates) do consider(u) end
  for _, u in ipairs(redis.call('SMEMBERS', POLAR)) do consider(u) end
  local key = zoneKey(z)
  for _, u in ipairs(redis.call('SMEMBERS', key)) do
    if not inside[u] then
      redis.call('SREM', key, u)
      redis.call('SREM', inKey(u), z)
    end
  end
  for u in pairs(inside) do
    redis.call('SADD', key, u)
    redis.call('SADD', inKey(u), z)
  end
end

if op == 'place' and ARGV[8] ~= '-1' and ARGV[8] ~= tostring(redis.call('GET', VERSION) or '0') then
  -- The caller found the zones in another version than the ledger's: it reloads them and places again. Nothing
  -- changes meanwhile, so a stale copy never empties a new zone or refills a moved one.
elseif op == 'place' then
  -- ARGV: node, user, lat, lng, now (ms), the zones version the caller read them from (-1: any), then the ids of
  -- the zones that hold the position
  local node, u, lat, lng, now = ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
  local wanted = {}
  for i = 9, #ARGV do wanted[ARGV[i]] = true end
  local key = inKey(u)
  for _, z in ipairs(redis.call('SMEMBERS', key)) do -- leave first, then enter, as the in-memory index does
    if not wanted[z] then
      redis.call('SREM', zoneKey(z), u)
      redis.call('SREM', key, z)
      settle(z)
    end
  end
  for z in pairs(wanted) do
    if redis.call('HEXISTS', ZONES, z) == 1 then -- a node whose zones are older may name a deleted zone
      redis.call('SADD', key, z)
      if redis.call('SADD', zoneKey(z), u) == 1 then settle(z) end
    end
  end
  if math.abs(tonumber(lat)) <= GEO_MAX_LAT then
    redis.call('GEOADD', GEO, lng, lat, u)
    redis.call('SREM', POLAR, u)
  else
    redis.call('ZREM', GEO, u)
    redis.call('SADD', POLAR, u)
  end
  redis.call('HSET', POS, u, lat .. ' ' .. lng .. ' ' .. node)
  redis.call('ZADD', SEEN, now, u)
elseif op == 'remove' then
  -- ARGV: node, user. Only the node that placed the position last takes it out: the user may still be
  -- reporting through another node.
  local p = redis.call('HGET', POS, ARGV[4])
  if p and string.match(p, '^%S+ %S+ (.*)$') == ARGV[3] then removeUser(ARGV[4]) end
elseif op == 'expire' then
  -- ARGV: node, cutoff (ms), most positions to remove in this call
  for _, u in ipairs(redis.call('ZRANGEBYSCORE', SEEN, '-inf', '(' .. ARGV[4], 'LIMIT', 0, tonumber(ARGV[5]))) do
    removeUser(u)
  end
elseif op == 'define' then
  -- ARGV: node, then per zone: id, lat, lng, radius, threshold, clearAt
  local keep = {}
  for i = 4, #ARGV, 6 do
    local z, lat, lng, r, threshold, clearAt = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
    keep[z] = true
    local def = threshold .. ' ' .. clearAt .. ' ' .. lat .. ' ' .. lng .. ' ' .. r
    local old = redis.call('HGET', ZONES, z)
    redis.call('HSET', ZONES, z, def)
    if old ~= def then
      recount(z, tonumber(lat), tonumber(lng), tonumber(r))
    end
    settle(z)
  end
  for _, z in ipairs(redis.call('HKEYS', ZONES)) do
    if not keep[z] then
      for _, u in ipairs(redis.call('SMEMBERS', zoneKey(z))) do redis.call('SREM', inKey(u), z) end
      redis.call('DEL', zoneKey(z))
      redis.call('HDEL', ZONES, z)
      if redis.call('SREM', ALERTING, z) == 1 then
        transition('C', z, '0', '0')
      end
    end
  end
  redis.call('INCR', VERSION)
elseif op == 'reclaim' then
  -- ARGV: node, cutoff (ms), most deliveries. The pending transitions claimed before the cutoff (their node died,
  -- or is far too slow) are claimed anew by the caller, all in one call so that only one node takes each, and
  -- returned oldest first, so a zone's transitions come out in the order they were decided. One delivered the most
  -- times already (publishing it keeps failing) is dropped instead, and counted in the reply's second value.
  local cutoff, most, now, stale = tonumber(ARGV[4]), tonumber(ARGV[5]), nowMillis(), {}
  local entries = redis.call('HGETALL', PENDING)
  for i = 1, #entries, 2 do
    local kind, z, count, threshold, claimedAt, deliveries, zoneSeq =
        string.match(entries[i + 1], '^(%S+) (%S+) (%S+) (%S+) %S+ (%S+) (%S+) ?(%S*)$')
    if kind and tonumber(claimedAt) < cutoff then
      if zoneSeq == '' then zoneSeq = '0' end -- recorded before zones were numbered: delivered unordered
      table.insert(stale, {tonumber(entries[i]), kind, z, count, threshold, tonumber(deliveries), zoneSeq})
    end
  end
  table.sort(stale, function(a, b) return a[1] < b[1] end)
  for _, t in ipairs(stale) do
    local id = tostring(t[1])
    if t[6] >= most then
      redis.call('HDEL', PENDING, id)
      removed = removed + 1
    else
      redis.call('HSET', PENDING, id, t[2] .. ' ' .. t[3] .. ' ' .. t[4] .. ' ' .. t[5] .. ' ' .. caller .. ' '
          .. now .. ' ' .. (t[6] + 1) .. ' ' .. t[7])
      for _, v in ipairs({t[2], t[3], t[4], t[5], id, t[7]}) do table.insert(out, v) end
    end
  end
elseif op ~= 'version' then
  return redis.error_reply('unknown crowd ledger operation ' .. tostring(op))
end

local reply = {tostring(redis.call('GET', VERSION) or '0'), tostring(removed)}
for _, v in ipairs(out) do table.insert(reply, v) end
return reply
