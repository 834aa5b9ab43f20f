-- wrk script: POST /api/v1/persons with a fresh, valid person per request (issue 15 §1).
-- Arguments: <employer id> <access token> <wrk threads> <offset>. Each thread numbers its
-- requests n = offset + count * threads + thread, which gives every request its own ID number
-- (400 per birth date, birth dates from 1975-01-01 on).
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local count = 0
local weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local checks = "10X98765432"

function init(args)
  employer, token, nthreads, offset = args[1], args[2], tonumber(args[3]), tonumber(args[4])
end

request = function()
  local n = offset + count * nthreads + tid
  count = count + 1
  local t = os.time{year = 1975, month = 1, day = 1 + math.floor(n / 400), hour = 12}
  local seventeen = "430104" .. os.date("%Y%m%d", t) .. string.format("%03d", (n % 400) * 2 + 1)
  local sum = 0
  for i = 1, 17 do sum = sum + tonumber(seventeen:sub(i, i)) * weights[i] end
  local r = sum % 11 + 1
  local id = seventeen .. checks:sub(r, r)
  local body = string.format(
    '{"name":"压测%d","gender":"male","birth_date":"%s","national_id":"%s","employer_id":"%s","post":"检验员","post_since":"2016-07-01"}',
    n, os.date("%Y-%m-%d", t), id, employer)
  return wrk.format("POST", "/api/v1/persons",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
