-- wrk script: POSTs one fixed JSON body on every request (closed loop), with optional bearer token and
-- Portal-Customer header. Used by bench/load/run.sh for both POST /api/v1/price-calculations and
-- POST /bench/bare, so both see the same request bytes.
--   wrk -t2 -c32 -d30s -s bench/load/post.lua http://127.0.0.1:PORT/api/v1/price-calculations -- cart.json TOKEN ACCOUNT
--   wrk -t2 -c32 -d30s -s bench/load/post.lua http://127.0.0.1:PORT/bench/bare -- cart.json
local request_bytes

function init(args)
  local file = assert(io.open(args[1], "rb"), "cannot open " .. tostring(args[1]))
  local body = file:read("*a")
  file:close()
  local headers = { ["Content-Type"] = "application/json" }
  if args[2] ~= nil and args[2] ~= "" then headers["Authorization"] = "Bearer " .. args[2] end
  if args[3] ~= nil and args[3] ~= "" then headers["Portal-Customer"] = args[3] end
  -- Formatted once per thread; every request sends the same bytes.
  request_bytes = wrk.format("POST", nil, headers, body)
end

function request()
  return request_bytes
end
