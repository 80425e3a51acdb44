import FunctionRuntime
import HTTPTypes

/// Who made a request, as a verified bearer token says: the user id (`sub`) and whether they are an administrator.
///
/// Its `Hashable` and `==` compare the user id's bytes, as SQL does (``UserID``).
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

    /// Checks that a path's user id is the caller's own, byte for byte (``UserID/same(_:_:)``: "jose\u{301}" is not
    /// "josé"). Administrators get no exception: tasks are personal.
    /// - Throws: `HTTPError` 403 when `pathUserID` is another user's.
    package func requireOwner(of pathUserID: String) throws {
        guard UserID.same(pathUserID, userID) else {
            throw HTTPError(.forbidden, message: "the token is for user '\(userID)', not '\(pathUserID.prefix(100))'")
        }
    }

    /// Whether both name the same user (bytes, ``UserID/same(_:_:)``) with the same role.
    package static func == (lhs: Principal, rhs: Principal) -> Bool {
        UserID.same(lhs.userID, rhs.userID) && lhs.isAdmin == rhs.isAdmin
    }

    /// Hashes the user id's bytes and the role, consistent with `==`.
    package func hash(into hasher: inout Hasher) {
        for byte in userID.utf8 { hasher.combine(byte) }
        hasher.combine(isAdmin)
    }

    /// Checks that the caller is an administrator.
    /// - Throws: `HTTPError` 403 otherwise.
    package func requireAdmin() throws {
        guard isAdmin else { throw HTTPError(.forbidden, message: "this needs an administrator's token") }
    }
}
