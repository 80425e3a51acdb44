import FunctionRuntime
import HTTPTypes

/// Who made a request, as a verified bearer token says: the user id (`sub`) and whether they are an administrator.
///
/// ```swift
/// let caller = try authenticator.authenticate(request)
/// try caller.requireOwner(of: context.parameters.require("user_id"))   // 403 for another user's path
/// ```
package struct Principal: Sendable, Hashable {
    /// The user id (the token's `sub`).
    package var userID: String
    /// Whether the token carries `role: admin`.
    package var isAdmin: Bool

    /// Makes a principal.
    package init(userID: String, isAdmin: Bool = false) {
        self.userID = userID
        self.isAdmin = isAdmin
    }

    /// Checks that a path's user id is the caller's own. Administrators get no exception: tasks are personal.
    /// - Throws: `HTTPError` 403 when `pathUserID` is another user's.
    package func requireOwner(of pathUserID: String) throws {
        guard pathUserID == userID else {
            throw HTTPError(.forbidden, message: "the token is for user '\(userID)', not '\(pathUserID.prefix(100))'")
        }
    }

    /// Checks that the caller is an administrator.
    /// - Throws: `HTTPError` 403 otherwise.
    package func requireAdmin() throws {
        guard isAdmin else { throw HTTPError(.forbidden, message: "this needs an administrator's token") }
    }
}
