package import FunctionRuntime
import HTTPTypes

extension Router where Handler: BindingFunction {
    /// Adds the Dapr-facing `OPTIONS` (daprd's subscription probe, answered 200) and `POST` routes of
    /// `Handler.bindingName`.
    package func binding() -> Router {
        let path = "/" + Handler.bindingName
        return on(.options, path) { _ in { _, _ in HTTPResponse(status: .ok) } }
            .post(path) { handler in
                { request, context in
                    try await handler.handle(
                        DaprBindingEvent(request: request, name: Handler.bindingName), context: context)
                    return HTTPResponse(status: .ok)
                }
            }
    }
}
