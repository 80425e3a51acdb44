package import FunctionRuntime
import HTTPTypes

extension Router where Handler: CloudEventFunction {
    /// Adds `GET /dapr/subscribe` (generated from `Handler.subscriptions`) and a Dapr-facing `POST` for each
    /// subscription path, which decodes deliveries and answers `{"status": …}`.
    package func subscriptions() -> Router {
        let body = DaprSubscription.subscribeResponseBody(Handler.subscriptions)
        var router = get("/dapr/subscribe") { _ in
            { _, _ in HTTPResponse(headers: ["Content-Type": "application/json"], body: body) }
        }
        var seen: Set<String> = []
        for subscription in Handler.subscriptions {
            for path in subscription.paths where seen.insert(path).inserted {
                let bulk = subscription.bulk != nil
                router = router.post(path) { handler in
                    { request, context in
                        bulk
                            ? await CloudEventDelivery.deliverBulk(request, to: handler, context: context)
                            : await CloudEventDelivery.deliver(request, to: handler, context: context)
                    }
                }
            }
        }
        return router
    }
}
