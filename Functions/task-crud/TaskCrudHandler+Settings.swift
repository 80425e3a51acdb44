import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import JSON
import Schedules
import Storage

/// `GET`/`PUT /api/{user_id}/settings`: the zone the chat reads "tomorrow" in when a request sends no `X-Timezone`.
extension TaskCrudHandler {
    func showSettings(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        let user = try owner(request, context)
        return try .json(SettingsJSON(timeZone: try await settings.settings(userID: user)?.timeZone))
    }

    func saveSettings(_ request: HTTPRequest, context: FunctionContext) async throws -> HTTPResponse {
        let user = try owner(request, context)
        let input = try request.decodeJSON(SettingsJSON.self)
        if let name = input.timeZone { _ = try Self.zone(name, field: "field 'timeZone'") }
        let saved = try await settings.save(UserSettings(userID: user, timeZone: input.timeZone, updatedAt: Date()))
        return try .json(SettingsJSON(timeZone: saved.timeZone))
    }

    /// The zone a chat request reads relative dates in: `X-Timezone`, else the user's saved zone, else UTC.
    /// - Throws: `HTTPError` 400 for an `X-Timezone` that is not an IANA zone.
    func chatZone(_ request: HTTPRequest, user: String) async throws -> ZoneInfo {
        if let header = request.headers["X-Timezone"] { return try Self.zone(header, field: "header X-Timezone") }
        guard let saved = try await settings.settings(userID: user)?.timeZone else { return .utc }
        return (try? ZoneInfo.named(saved)) ?? .utc
    }

    static func zone(_ name: String, field: String) throws -> ZoneInfo {
        do {
            return try ZoneInfo.named(name)
        } catch {
            throw HTTPError(.badRequest, message: "\(field) is not an IANA time zone such as Europe/Paris")
        }
    }
}
