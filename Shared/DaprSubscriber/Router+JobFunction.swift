package import FunctionRuntime
import HTTPTypes

extension Router where Handler: JobFunction {
    /// Adds the Dapr-facing `POST /job/{name}` route that daprd's Scheduler calls.
    package func jobs() -> Router {
        post("/job/{name}") { handler in
            { request, context in try await JobDelivery.deliver(request, to: handler, context: context) }
        }
    }
}

/// Calls a `JobFunction` for a trigger.
private enum JobDelivery {
    static func deliver<F: JobFunction>(
        _ request: HTTPRequest, to function: F, context: FunctionContext
    ) async throws -> HTTPResponse {
        let name = context.parameters["name"] ?? ""
        var context = context
        context.logger.metadata["dapr.job"] = .string(name)
        do {
            try await function.handle(DaprJobTrigger(request: request, name: name), context: context)
            return HTTPResponse(status: .ok)
        } catch {
            context.logger.error("Job handler failed; the scheduler will retry", metadata: ["error": "\(error)"])
            throw error
        }
    }
}
