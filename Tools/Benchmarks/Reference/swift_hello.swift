// The reference issue 2 names: a static Swift binary with Foundation answering HTTP 200, one thread, one request per
// connection. Only for the cold-start and RSS rows; built by `todofn-bench http` with
// `swiftc -O -static-executable` (it imports Foundation on purpose: it stands for "Swift with Foundation").
import Foundation
import Glibc

let port = UInt16(ProcessInfo.processInfo.environment["PORT"] ?? "") ?? 8080
let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
var yes: Int32 = 1
setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
var address = sockaddr_in()
address.sin_family = sa_family_t(AF_INET)
address.sin_port = port.bigEndian
address.sin_addr.s_addr = inet_addr("127.0.0.1")
let bound = withUnsafePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
    }
}
guard bound == 0, listen(listener, 128) == 0 else { exit(1) }
let body = Data(#"{"status":"ok"}"#.utf8)
let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
let response = Array(head.utf8) + body
var buffer = [UInt8](repeating: 0, count: 4096)
while true {
    let client = accept(listener, nil, nil)
    if client < 0 { continue }
    if read(client, &buffer, buffer.count) > 0 { _ = write(client, response, response.count) }
    close(client)
}
