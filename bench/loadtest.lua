-- wrk script of the load test: each request picks the next entry of the mix (page and who asks),
-- with that user's cookie. wrk counts answers of 400 and above, and failed connections, as errors;
-- loadtest.py checks before and after the run that every URL of the mix answers 200 (no redirect to login).
local mix = {}
for line in string.gmatch(os.getenv("LOADTEST_MIX") or "", "[^\n]+") do
  local name, path, cookie = line:match("^([^\t]*)\t([^\t]*)\t?(.*)$")
  table.insert(mix, {name = name, path = path, cookie = cookie})
end
local counter = 0

request = function()
  counter = counter + 1
  local entry = mix[(counter % #mix) + 1]
  local headers = {["Accept-Language"] = "es-MX"}
  if entry.cookie ~= "" then headers["Cookie"] = entry.cookie end
  return wrk.format("GET", entry.path, headers)
end

done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,' ..
    '"errors_status":%d,"errors_connect":%d,"errors_read":%d,"errors_write":%d,"errors_timeout":%d}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout))
end
