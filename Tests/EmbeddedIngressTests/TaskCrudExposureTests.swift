import EmbeddedIngress
import Testing

@Suite("The standard routes expose task-crud's public routes only")
struct TaskCrudExposureTests {
    @Test("the OpenAPI document is routed; the Dapr-facing /internal and binding routes are not")
    func exposure() {
        let table = IngressRoutes.standard
        #expect(table.destination(for: "/api/openapi.json", fallback: .notFound) == .function("task-crud"))
        #expect(table.destination(for: "/api/alice/tasks/1/reminders", fallback: .notFound) == .function("task-crud"))
        for path in ["/internal/tasks", "/internal", "/outbox-relay-cron"] {
            #expect(table.destination(for: path[...], fallback: .notFound) == .notFound, "\(path)")
        }
    }
}
