/// What a function process was handed: its Dapr API port and token, its app token, its own HTTP port.
struct FunctionProcess: Sendable {
    var port: Int
    var token: String
    var appToken: String
    var httpPort: Int
}
