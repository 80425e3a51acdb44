import JSON
import Schedules

/// A job as submitted to `POST /v1.0-alpha1/jobs/{name}`: the fields of Dapr's `JobHTTPRequest`, with `data` kept as
/// its protojson re-encoding (the exact bytes a trigger sends).
package struct JobDefinition: Sendable, Hashable {
    /// The name from the URL.
    package var name: String
    /// `schedule`, as written.
    package var schedule: String?
    /// `dueTime`, as written.
    package var dueTime: String?
    /// `repeats`.
    package var repeats: Int?
    /// `ttl`, as written.
    package var ttl: String?
    /// `data` as compact JSON, nil when absent.
    package var data: String?
    /// `failurePolicy`, or the default one.
    package var failurePolicy: JobFailurePolicy
    /// `overwrite`.
    package var overwrite: Bool

    /// Creates a definition from its fields.
    package init(
        name: String, schedule: String? = nil, dueTime: String? = nil, repeats: Int? = nil, ttl: String? = nil,
        data: String? = nil, failurePolicy: JobFailurePolicy = .default, overwrite: Bool = false
    ) {
        self.name = name
        self.schedule = schedule
        self.dueTime = dueTime
        self.repeats = repeats
        self.ttl = ttl
        self.data = data
        self.failurePolicy = failurePolicy
        self.overwrite = overwrite
    }

    /// Parses a request body as daprd does (protojson with unknown fields discarded, JSON and proto field names),
    /// then applies daprd's own checks in its order: `name` in the body, an empty name, an empty schedule.
    /// - Throws: `JobsError` with daprd's status and `errorCode`.
    init(name: String, body: [UInt8]) throws(JobsError) {
        let json: JSONValue
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            json = .object([:])
        } else if let parsed = try? JSONValue.parse(body), case .object = parsed {
            json = parsed
        } else {
            throw .malformed("failed to decode the request body as a job: invalid JSON object")
        }
        func field(_ jsonName: String, _ protoName: String? = nil) -> JSONValue? {
            let value = json[jsonName] ?? protoName.flatMap { json[$0] }
            return value == .null ? nil : value
        }
        func string(_ jsonName: String, _ protoName: String? = nil) throws(JobsError) -> String? {
            guard let value = field(jsonName, protoName) else { return nil }
            guard case .string(let text) = value else { throw .malformed("\(jsonName): expected a string") }
            return text
        }
        let bodyName = try string("name")
        let repeats = try JobDefinition.uint32(field("repeats"), field: "repeats")
        var overwrite = false
        if let value = field("overwrite") {
            guard case .bool(let flag) = value else { throw .malformed("overwrite: expected a boolean") }
            overwrite = flag
        }
        let policy = try JobFailurePolicy(json: field("failurePolicy", "failure_policy"))
        self.init(
            name: name, schedule: try string("schedule"), dueTime: try string("dueTime", "due_time"), repeats: repeats,
            ttl: try string("ttl"), data: json["data"].map(\.encoded), failurePolicy: policy, overwrite: overwrite)
        if let bodyName, !bodyName.isEmpty { throw JobsError(ScheduleError(.jobNameInBody, "")) }
        if name.allSatisfy(\.isWhitespace) { throw JobsError(ScheduleError(.jobNameEmpty, "")) }
        if schedule == nil, dueTime == nil { throw JobsError(ScheduleError(.scheduleEmpty, "")) }
    }

    /// A protojson `uint32`: a whole number (or its decimal string) in 0…4294967295.
    static func uint32(_ value: JSONValue?, field: String) throws(JobsError) -> Int? {
        let number: Double
        switch value {
        case nil, .null?: return nil
        case .number(let literal)?: number = Double(literal) ?? .nan
        case .string(let text)?:
            guard let parsed = Double(text), text.allSatisfy(\.isNumber) else {
                throw .malformed("\(field): invalid value for uint32 field: \(text)")
            }
            number = parsed
        default: throw .malformed("\(field): invalid value for uint32 field")
        }
        guard number == number.rounded(), number >= 0, number <= 4_294_967_295 else {
            throw .malformed("\(field): invalid value for uint32 field: \(formatGoNumber(number))")
        }
        return Int(number)
    }

    /// The protojson of `runtime.v1.Job`, fields in proto order, `data` wrapped in `google.protobuf.Any`.
    var getResponseJSON: String {
        var out = "{\"name\":"
        out += JSONValue.protojsonQuoted(name)
        if let schedule {
            out += ",\"schedule\":"
            out += JSONValue.protojsonQuoted(schedule)
        }
        if let repeats, repeats > 0 { out += ",\"repeats\":\(repeats)" }
        if let dueTime {
            out += ",\"dueTime\":"
            out += JSONValue.protojsonQuoted(dueTime)
        }
        if let ttl {
            out += ",\"ttl\":"
            out += JSONValue.protojsonQuoted(ttl)
        }
        if let data { out += ",\"data\":{\"@type\":\"type.googleapis.com/google.protobuf.Value\",\"value\":\(data)}" }
        out += ",\"failurePolicy\":" + failurePolicy.encoded
        return out + "}"
    }
}
