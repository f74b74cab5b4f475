-- The wrk script of ./pipeline bench serving (ServingLoadBenchmark), a file of the repository, not
-- generated: BENCH_ENDPOINT says what each request is.
--   ping       GET of the URL given to wrk (/api/ping), one request built once
--   recommend  POST /api/recommend from a random seed of BENCH_SEEDS_FILE, with BENCH_USER when set
--   foryou     POST of {"user_id": BENCH_USER} to the URL given (/api/recommend), built once
--   search     GET /api/tracks?q=<a random word>&limit=20
--   listeners  POST /api/recommend "for you" of a random listener of BENCH_USERS_FILE (bench cf)
-- done() prints one line the benchmark reads: RESULT rps= p50= p95= p99= errors= requests= (ms).
local endpoint = os.getenv("BENCH_ENDPOINT") or "ping"
local user = os.getenv("BENCH_USER") or ""

if endpoint == "recommend" then
  local seeds = {}
  for line in io.lines(os.getenv("BENCH_SEEDS_FILE")) do seeds[#seeds + 1] = line end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  request = function()
    local seed = seeds[math.random(#seeds)]
    local body
    if user ~= "" then
      body = '{"track_id":"' .. seed .. '","user_id":"' .. user .. '","top_n":10}'
    else
      body = '{"track_id":"' .. seed .. '","top_n":10}'
    end
    return wrk.format(nil, "/api/recommend", nil, body)
  end
elseif endpoint == "search" then
  local queries = {"love", "the", "rock", "night", "a", "jazz", "bach", "you", "dance", "blue"}
  request = function()
    return wrk.format("GET", "/api/tracks?q=" .. queries[math.random(#queries)] .. "&limit=20")
  end
elseif endpoint == "listeners" then
  local users = {}
  for line in io.lines(os.getenv("BENCH_USERS_FILE")) do users[#users + 1] = line end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  request = function()
    return wrk.format(nil, "/api/recommend", nil, '{"user_id":"' .. users[math.random(#users)] .. '","top_n":10}')
  end
elseif endpoint == "foryou" then
  -- "For you": no seed, the centroid of the user's liked tracks against every track.
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = '{"user_id":"' .. user .. '","top_n":10}'
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT rps=%.0f p50=%.2f p95=%.2f p99=%.2f errors=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, errors, summary.requests))
end
