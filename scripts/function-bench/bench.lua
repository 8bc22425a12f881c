-- POST /functions/bench {"id": ...}, cycling over the seeded ids (IDS names the file, one id a line)
local ids = {}
for line in io.lines(os.getenv("IDS")) do ids[#ids + 1] = line end
local i = 0
local path = (os.getenv("BASE_PATH") or "/parse") .. "/functions/bench"
wrk.method = "POST"
wrk.headers["X-Parse-Application-Id"] = os.getenv("APP_ID") or "bench"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i % #ids + 1
  return wrk.format(nil, path, nil, '{"id":"' .. ids[i] .. '"}')
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
