import Glibc

/// One wrk run of the peer comparison: `wrk -t2 -c32 --latency -s <script>` as the peer's `bench.sh` runs it, read
/// back from wrk's `Requests/sec` line and the scripts' own `status200:`/`status201:` and `latency_us` lines.
struct PeerWrkResult {
    var perSecond: Double
    var p50: Double
    var p99: Double
    /// The answers the script counted as done (200 SUCCESS, or 201).
    var succeeded: Int

    /// wrk's `Socket errors:` line (timeouts past 10 s, resets), or "" when there was none.
    var socketErrors = ""

    /// Runs the Lua file `script` against `url` for `seconds` with `environment` (TOKEN, USER_ID); a request slower
    /// than 10 s counts as a timeout (wrk leaves it out of the latencies), reported in ``socketErrors``.
    /// - Throws: `BenchmarkError` when wrk fails, saw non-2xx answers, or printed no figures.
    static func run(url: String, script: String, seconds: Int, environment: [String: String] = [:]) throws -> Self {
        let process = try ChildProcess(
            "wrk", ["-t2", "-c32", "-d\(seconds)s", "--timeout", "10s", "--latency", "-s", script, url],
            environment: environment,
            captureOutput: true)
        let output = process.readOutput()
        guard process.wait() == 0 else { throw BenchmarkError("wrk exited with an error: \(output)") }
        if output.contains("Non-2xx") { throw BenchmarkError("wrk saw non-2xx answers: \(output)") }
        var result = PeerWrkResult(perSecond: 0, p50: 0, p99: 0, succeeded: 0)
        for line in output.split(separator: "\n") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            if line.hasPrefix("Requests/sec:"), let value = words.last.flatMap({ Double($0) }) {
                result.perSecond = value
            } else if line.contains("Socket errors:") {
                result.socketErrors = line.trimmingPrefix(" ").description
            } else if line.hasPrefix("status20"), let value = words.last.flatMap({ Int($0) }) {
                result.succeeded = value
            } else if line.hasPrefix("latency_us"), words.count >= 7 {
                result.p50 = (Double(words[2]) ?? 0) / 1000
                result.p99 = (Double(words[6]) ?? 0) / 1000
            }
        }
        guard result.perSecond > 0, result.p99 > 0 else { throw BenchmarkError("no figures in wrk output: \(output)") }
        return result
    }
}

/// The peer's `events.lua` for audit-log: the same request (a ~620-byte structured `application/cloudevents+json`
/// TaskCreated as Dapr delivers it, with pubsubname, topic and traceparent, a fresh id per request, POSTed to
/// `/events/task-events`), but in this system's catalogue shape, since audit-log records only events the system
/// emits: type `com.todo.task.created.v1` from `/task-crud`, UUID ids, `partitionkey`, `data.task`.
let peerShapedAuditScript = #"""
    local threads = {}
    function setup(thread)
      thread:set("tid", #threads + 1)
      table.insert(threads, thread)
    end
    local function random_hex(bytes)
      local f = io.open("/dev/urandom", "rb")
      local raw = f:read(bytes)
      f:close()
      return (raw:gsub(".", function(c) return string.format("%02x", c:byte()) end))
    end
    local template = '{"specversion":"1.0","id":"%s","source":"/task-crud","type":"com.todo.task.created.v1",'
      .. '"subject":"%s","time":"%s","datacontenttype":"application/json","partitionkey":"user-%d",'
      .. '"pubsubname":"todo-pubsub","topic":"task-events","traceparent":"00-%s-%s-01",'
      .. '"data":{"task":{"createdAt":"%s","description":"Collect the regional numbers","id":"%s",'
      .. '"priority":"high","status":"pending","tags":["work"],"title":"Quarterly report","updatedAt":"%s",'
      .. '"userId":"user-%d","version":1}}}'
    function init(args)
      prefix = random_hex(4) .. "-" .. random_hex(2) .. "-4" .. random_hex(2):sub(1, 3)
      trace = random_hex(16)
      span = random_hex(8)
      counter = 0
      ok200 = 0
      wrk.method = "POST"
      wrk.headers["Content-Type"] = "application/cloudevents+json"
    end
    function request()
      counter = counter + 1
      local now = os.date("!%Y-%m-%dT%H:%M:%S.000Z")
      local user = counter % 1000
      local id = string.format("%s-8%03x-%012x", prefix, tid, counter)
      local task = string.format("%s-9%03x-%012x", prefix, tid, counter)
      local body = string.format(template, id, task, now, user, trace, span, now, task, now, user)
      return wrk.format(nil, nil, nil, body)
    end
    function response(status, headers, body)
      if status == 200 and body:find("SUCCESS", 1, true) then ok200 = ok200 + 1 end
    end
    function done(summary, latency, requests)
      local total = 0
      for _, t in ipairs(threads) do total = total + t:get("ok200") end
      io.write(string.format("status200: %d\n", total))
      io.write(string.format("latency_us p50 %d p90 %d p99 %d max %d\n", latency:percentile(50),
        latency:percentile(90), latency:percentile(99), latency.max))
    end
    """#
