/// A wrk Lua script that POSTs `body` to `/api/<user>/tasks` for each of `users` in turn, with the matching bearer
/// token from `tokens`.
func wrkCreateScript(users: [String], tokens: [String], body: String) -> String {
    let list = { (items: [String]) in items.map { "\"\($0)\"" }.joined(separator: ", ") }
    return """
        local users = {\(list(users))}
        local tokens = {\(list(tokens))}
        local body = '\(body)'
        local n = 0
        request = function()
          n = n + 1
          local i = (n % #users) + 1
          return wrk.format("POST", "/api/" .. users[i] .. "/tasks",
            {["Authorization"] = "Bearer " .. tokens[i], ["Content-Type"] = "application/json"}, body)
        end
        """
}
