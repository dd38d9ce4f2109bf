-- POST /v1/assessments bodies as a CAD system sends them, for wrk.
--
--   wrk -s bench/assess.lua -H "Authorization: Bearer akb_..." URL -- CITIZENS FREQUENT_EVERY FREQUENT_SHARE CPR_SHARE TAG
--
-- Every request gets a fresh call_id (TAG keeps runs apart), a received_at a few seconds
-- ago, and the phone of a citizen seeded by bench_assessments.py: citizen i has the phone
-- +45 (30000000 + i) and the CPR that `synthetic_cpr(i)` gives (the same formula as the
-- seeder's). Citizens with i % FREQUENT_EVERY == 0 are the frequent callers; they get
-- FREQUENT_SHARE of the calls, as they do in the seeded history. `done` prints one
-- "BENCH key=value ..." line that the Python script parses (latencies in microseconds).

local citizens, frequent_every, frequent_share, cpr_share, tag
local counter = 0

local BIRTH_EPOCH_DAY = -10958  -- 1940-01-01, days since 1970-01-01
local BIRTH_SPAN_DAYS = 20000   -- birth dates 1940-01-01 .. 1994-10-04
local MUNICIPALITIES = {"0751", "0730", "0101", "0461", "0851", "0791", "0615", "0657", "0740", "0147"}

local NOTES = {
  -- red flags
  "trykken for brystet siden i aftes, klam og bleg, udstråling til venstre arm",
  "vejrtrækningsbesvær, kan ikke tale i hele sætninger",
  "faldet om i køkkenet, reagerer ikke på tiltale",
  "hængende mundvig og talebesvær siden kl 14",
  "har taget en masse piller, vil ikke leve mere",
  -- social
  "ensom, har drukket, vil gerne snakke med nogen",
  "bor alene, ringer igen, er bange om natten, ingen smerter",
  "har drukket hele dagen, ingen mad i huset, ked af det",
  "hjemløs, fryser, har ikke sovet i to døgn",
  "angst, hjertebanken når hun er alene, har ringet flere gange i dag",
  -- neutral
  "faldet på cyklen, hudafskrabning på knæet, kan gå",
  "feber og hoste i tre dage, drikker fint",
  "ondt i ryggen efter havearbejde",
  "pårørende ringer, kan kontaktes på 20 12 34 56",
  "",
}
local SYMPTOMS = {"[]", "[]", "[]", "[]", "[]", "[\"chest_pain\"]", "[\"loneliness\"]", "[\"alcohol\"]"}
local CHAPTERS = {"null", "null", "\"10\"", "\"06\"", "\"26\"", "\"34\""}
local URGENCIES = {"null", "null", "\"A\"", "\"B\"", "\"C\"", "\"D\""}

-- Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
local function civil_from_days(z)
  z = z + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524)
                          - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local d = doy - math.floor((153 * mp + 2) / 5) + 1
  local m = mp < 10 and mp + 3 or mp - 9
  local y = yoe + era * 400
  if m <= 2 then y = y + 1 end
  return y, m, d
end

-- DDMMYY4SSS: a real birth date, 7th digit 4 (years 1937-2036), SSS keeps CPRs unique and
-- makes the sex (the last digit's parity) alternate with i.
local function synthetic_cpr(i)
  local y, m, d = civil_from_days(BIRTH_EPOCH_DAY + math.floor(i / 2) % BIRTH_SPAN_DAYS)
  local serial = 2 * math.floor(i / (2 * BIRTH_SPAN_DAYS)) + i % 2
  return string.format("%02d%02d%02d4%03d", d, m, y % 100, serial), y
end

local function pick(list)
  return list[math.random(#list)]
end

local function citizen()
  if math.random() < frequent_share then
    return frequent_every * math.random(0, math.floor((citizens - 1) / frequent_every))
  end
  return math.random(0, citizens - 1)
end

local function phone(i)
  local n = 30000000 + i
  local r = math.random(3)
  if r == 1 then return "+45" .. n end
  if r == 2 then return tostring(n) end
  local s = tostring(n)
  return "+45 " .. s:sub(1, 2) .. " " .. s:sub(3, 4) .. " " .. s:sub(5, 6) .. " " .. s:sub(7, 8)
end

local function received_at()
  local t = os.time() - math.random(0, 20)
  if math.random(2) == 1 then
    return os.date("!%Y-%m-%dT%H:%M:%S", t) .. "+00:00"
  end
  return os.date("!%Y-%m-%dT%H:%M:%S", t + 3600) .. "+01:00"
end

local function patient(i)
  local cpr, year = synthetic_cpr(i)
  local municipality = MUNICIPALITIES[i % #MUNICIPALITIES + 1]
  if math.random() < cpr_share then
    return string.format('{"cpr":"%s","municipality_code":"%s"}', cpr, municipality)
  end
  if math.random(5) == 1 then
    return '{"sex":"unknown"}'
  end
  local sex = (i % 2 == 1) and "male" or "female"
  local age = tonumber(os.date("!%Y")) - year
  return string.format('{"age":%d,"sex":"%s","municipality_code":"%s"}', age, sex, municipality)
end

function setup(thread)
  thread:set("thread_id", (thread_count or 0) + 1)
  thread_count = (thread_count or 0) + 1
end

function init(args)
  citizens = tonumber(args[1]) or 200000
  frequent_every = tonumber(args[2]) or 33
  frequent_share = tonumber(args[3]) or 0.35
  cpr_share = tonumber(args[4]) or 0.3
  tag = args[5] or tostring(os.time())
  math.randomseed(os.time() * 1000 + (thread_id or 0))
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local i = citizen()
  local body = string.format(
    '{"call_id":"BENCH-%s-%d-%d","received_at":"%s","caller_phone":"%s","patient":%s,'
      .. '"index_chapter":%s,"urgency":%s,"symptoms":%s,"notes":"%s"}',
    tag, thread_id or 0, counter, received_at(), phone(i), patient(i),
    pick(CHAPTERS), pick(URGENCIES), pick(SYMPTOMS), pick(NOTES))
  return wrk.format("POST", nil, nil, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f"
      .. " status=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, e.status, e.connect, e.read, e.write,
    e.timeout))
end
