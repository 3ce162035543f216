-- wrk script of the bench: send the logged-in user's cookie (or an API token), print one JSON line at the end.
local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end
local authorization = os.getenv("BENCH_AUTHORIZATION")
if authorization and authorization ~= "" then
  wrk.headers["Authorization"] = authorization
end
wrk.headers["Accept-Language"] = "es-MX"
local touch = os.getenv("BENCH_TOUCH")
if touch and touch ~= "" then
  wrk.headers["X-Bench-Touch"] = touch
end

done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,' ..
    '"errors_status":%d,"errors_connect":%d,"errors_read":%d,"errors_timeout":%d}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.timeout))
end
