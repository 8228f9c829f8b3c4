-- wrk script of the soak (run.sh): the load harness's mix (one in WRITE_EVERY requests writes), and one in CHURN
-- requests of each connection starts a new session (the connection forgets its cookie), so that sessions keep
-- arriving and, ending 30 s after their last request, level off in number. run.sh starts one wrk thread per
-- connection, so this state is each connection's own.
--
-- Arguments (after wrk's "--"): [WRITE_EVERY] [CHURN]
local write_every = 5
local churn = 100
local cookie = nil
local n = 0

function init(args)
  write_every = tonumber(args[1]) or 5
  churn = tonumber(args[2]) or 100
end

function request()
  n = n + 1
  if n % churn == 1 then
    cookie = nil -- a new visitor
  end
  if cookie == nil then
    return wrk.format("GET", "/write")
  end
  local path = (n % write_every == 0) and "/write" or "/read"
  return wrk.format("GET", path, { ["Cookie"] = cookie })
end

function response(status, headers, body)
  for name, value in pairs(headers) do
    if string.lower(name) == "set-cookie" then
      cookie = string.match(value, "^([^;]+)") or cookie
    end
  end
end
