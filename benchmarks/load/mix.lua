-- wrk script of the SessionKit load harness (run.sh): one session per connection, created once and then reused,
-- with a mix of reads and writes, as a browser tab would send them.
--
-- run.sh starts wrk with as many threads as connections, so each thread's Lua state is one connection's (wrk's Lua
-- API does not otherwise tell which connection a request is for): the cookie kept here is that connection's cookie.
--
-- Arguments (after wrk's "--"): [WRITE_EVERY] [THINK_MS]
--   The first request is GET /write without a cookie, which creates a session; the cookie of any Set-Cookie is
--   kept and sent from then on (a later Set-Cookie replaces it, as a browser would do). A server that sets no
--   cookie (the no-session baseline) gets a made-up session cookie of the same size, so that every server parses
--   the same kind of request. Then every WRITE_EVERY-th request (default 5: 20 %) is GET /write, which increments
--   the counter in the session, and the others are GET /read, which only read it.
--   THINK_MS (default 0: none) is a pause before each request, as a user's, so that a server is measured at a load
--   below its limit: 32 connections with 2 ms each offer at most 16,000 requests a second, whatever the server. With
--   no pause, wrk sends the next request as soon as the answer arrives: the server's throughput sets the latency.
-- done() prints one line that run.sh parses: "SESSIONKIT_RESULT key=value ...".

local write_every = 5
local created = false
local cookie = nil
local n = 0
set_cookies = 0 -- global: done() reads it from each thread with thread:get

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("connection", #threads)
end

function init(args)
  write_every = tonumber(args[1]) or 5
  local think_ms = tonumber(args[2]) or 0
  if think_ms > 0 then
    -- Only when asked: wrk schedules every request through a timer as soon as the script has a delay().
    function delay()
      return think_ms
    end
  end
  -- Each thread's Lua state starts with the same random seed: make the made-up cookies differ.
  math.randomseed(os.time() * 1000 + connection)
end

-- The size of SessionKit's and express-session's cookie: s:<36-character id>.<43-character signature>.
local function made_up_cookie()
  local chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
  local function random_string(length)
    local out = {}
    for i = 1, length do
      local k = math.random(#chars)
      out[i] = string.sub(chars, k, k)
    end
    return table.concat(out)
  end
  return "connect.sid=s%3A" .. random_string(36) .. "." .. random_string(43)
end

function request()
  if not created then
    created = true
    return wrk.format("GET", "/write")
  end
  if cookie == nil then
    cookie = made_up_cookie()
  end
  n = n + 1
  local path = (n % write_every == 0) and "/write" or "/read"
  return wrk.format("GET", path, { ["Cookie"] = cookie })
end

function response(status, headers, body)
  for name, value in pairs(headers) do
    if string.lower(name) == "set-cookie" then
      set_cookies = set_cookies + 1
      cookie = string.match(value, "^([^;]+)") or cookie
    end
  end
end

function done(summary, latency, requests)
  local total_set_cookies = 0
  for _, thread in ipairs(threads) do
    total_set_cookies = total_set_cookies + (tonumber(thread:get("set_cookies")) or 0)
  end
  local errors = summary.errors
  io.write(string.format(
    "SESSIONKIT_RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d status_errors=%d "
      .. "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d set_cookies=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    errors.status, errors.connect, errors.read, errors.write, errors.timeout, total_set_cookies))
end
