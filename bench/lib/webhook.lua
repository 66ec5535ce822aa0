-- wrk script for the ingest bench (bench/lib/wrk.ts): Fonnte-shaped `#request` webhooks, a new
-- message per request, and which of them were acknowledged.
--
-- Each request carries its message's key (<tag>-<thread>-<n>) as X-Request-Id, which the service
-- (src/observability/http.ts) and the floor echo in their answer: that ties each 200 to its message
-- however many connections a wrk thread drives. A target that does not echo it can still be
-- measured with one connection per thread (BENCH_CONNS_PER_THREAD=1): a thread's request() and
-- response() then strictly alternate, so an answer is for the thread's last request.
-- wrk calls request() once more on the first thread before the run, to check the script: that
-- message is never sent (one number of <tag>-1-n is missing).
--
-- Environment: BENCH_TAG, BENCH_COMMAND (request or cek), BENCH_SENDERS (a file with one sender
-- phone per line), BENCH_CONNS_PER_THREAD.

local tag = os.getenv("BENCH_TAG") or "t"
local command = os.getenv("BENCH_COMMAND") or "request"
local onePerThread = os.getenv("BENCH_CONNS_PER_THREAD") == "1"
local senders = {}
for line in io.lines(os.getenv("BENCH_SENDERS")) do
  if #line > 0 then senders[#senders + 1] = line end
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("tid", #threads)
end

-- Per thread (these globals live in the thread's own Lua state).
function init(args)
  n = 0            -- messages generated
  lastKey = ""     -- the key of the last request
  acked = {}       -- keys answered 200 with "accepted"
  bad = 0          -- answers that were anything else
  unkeyed = 0      -- accepted answers that could not be tied to a message
  statuses = ""    -- non-200 statuses seen, comma-separated (rare)
end

local headers = { ["Content-Type"] = "application/json" }

function request()
  n = n + 1
  local key = tag .. "-" .. tid .. "-" .. n
  lastKey = key
  local sender = senders[((tid * 7919 + n) % #senders) + 1]
  local text = "#" .. command .. " " .. key .. " lampu kelas " .. (n % 97) .. " mati"
  -- Unique per request within a run: the service dedupes on the text, the floor on sender + timestamp + text.
  local ts = 1760000000 + n * 64 + tid
  local body = '{"quick":false,"device":"6281100000000","pesan":"' .. text .. '","pengirim":"' .. sender ..
    '","member":"","message":"' .. text .. '","text":"non-button message","sender":"' .. sender ..
    '","name":"Pelapor Bench","location":"","url":"","type":"text","extension":"","filename":"","pollname":"",' ..
    '"choices":[],"inboxid":0,"isgroup":false,"isforwarded":false,"timestamp":' .. ts .. '}'
  headers["X-Request-Id"] = key
  return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
  if status == 200 and body and string.find(body, '"accepted"', 1, true) then
    local key = headers["x-request-id"] or headers["X-Request-Id"]
    if not key and onePerThread then key = lastKey end
    if key then acked[#acked + 1] = key else unkeyed = unkeyed + 1 end
  else
    bad = bad + 1
    if status ~= 200 then statuses = statuses .. status .. "," end
  end
end

local function cpuTicks()
  local f = io.open("/proc/self/stat", "r")
  if not f then return -1 end
  local s = f:read("*a")
  f:close()
  -- Fields after the command name "(wrk)": state is field 3, utime 14, stime 15.
  local rest = string.sub(s, string.find(s, ")", 1, true) + 2)
  local fields = {}
  for v in string.gmatch(rest, "%S+") do fields[#fields + 1] = v end
  return tonumber(fields[12]) + tonumber(fields[13])
end

function done(summary, latency, requests)
  local parts = {}
  for i, t in ipairs(threads) do
    local keys = t:get("acked")
    local list = #keys > 0 and ('"' .. table.concat(keys, '","') .. '"') or ""
    parts[#parts + 1] = string.format('{"tid":%d,"n":%d,"bad":%d,"unkeyed":%d,"statuses":"%s","acked":[%s]}',
      t:get("tid"), t:get("n"), t:get("bad"), t:get("unkeyed"), t:get("statuses"), list)
  end
  local e = summary.errors
  io.write(string.format(
    '\nWRK_JSON {"duration_us":%d,"requests":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f},"cpu_ticks":%d,"threads":[%s]}\n',
    summary.duration, summary.requests, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    cpuTicks(), table.concat(parts, ",")))
end
