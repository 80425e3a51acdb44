import FoundationEssentials
import JSON

extension DaprJob {
    /// The job as `GET /v1.0-alpha1/jobs/{name}` returns it (protojson of `runtime.v1.Job`).
    private struct Wire: Decodable {
        var name: String?
        var schedule: String?
        var dueTime: String?
        var repeats: Int?
        var ttl: String?
        var data: JSONValue?
        var overwrite: Bool?
    }

    /// Decodes a GET answer. `data` comes back wrapped in a protobuf `Any`
    /// (`{"@type":"type.googleapis.com/google.protobuf.Value","value":…}`), which is unwrapped here.
    /// - Throws: `DaprError` `.invalidResponse`.
    static func decode(name: String, from body: [UInt8]) throws -> DaprJob {
        do {
            let wire = try JSONDecoder().decode(Wire.self, from: Data(body))
            var data = wire.data ?? .object([:])
            if case .object(let members) = data, members["@type"] != nil, let inner = members["value"] {
                data = inner
            }
            return DaprJob(
                uncheckedName: wire.name ?? name, schedule: wire.schedule, dueTime: wire.dueTime, repeats: wire.repeats,
                ttl: wire.ttl, data: data.bytes(), overwrite: wire.overwrite ?? false, failurePolicy: nil)
        } catch {
            throw DaprError(code: .invalidResponse, message: "undecodable job \(name)", underlying: error)
        }
    }
}
