-- wrk script of scripts/bench.sh: POSTs one body file and prints one JSON line of results.
--   BENCH_BODY      the body file (required)
--   BENCH_DISTINCT  "1": replace every BENCHSEQ in the body with a number unique to the request
--                   (thread id and counter), so each admission names a different pod
--   BENCH_AUTH      an Authorization header value (the CA's bearer token)
-- The last line of output: {"requests":..,"duration_us":..,"non2xx":..,"socket_errors":..,
--   "p50_us":..,"p99_us":..}; wrk counts answers with status > 399 as non2xx.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("BENCH_BODY"), "rb"), "BENCH_BODY: cannot open the body file")
  body = file:read("*a")
  file:close()
  distinct = os.getenv("BENCH_DISTINCT") == "1"
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
  local auth = os.getenv("BENCH_AUTH")
  if auth and auth ~= "" then
    wrk.headers["Authorization"] = auth
  end
  fixed = wrk.format()
end

function request()
  if not distinct then
    return fixed
  end
  counter = counter + 1
  local seq = tostring(tid) .. "x" .. tostring(counter)
  return wrk.format(nil, nil, nil, (body:gsub("BENCHSEQ", seq)))
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format('{"requests":%d,"duration_us":%d,"non2xx":%d,"socket_errors":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, errors.status, errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
