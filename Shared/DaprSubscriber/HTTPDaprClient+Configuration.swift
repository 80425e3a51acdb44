package import Dapr
package import FunctionRuntime
package import HTTPClient

extension HTTPDaprClient {
    /// Creates a client from the function's configuration: `daprHTTPEndpoint` (from `DAPR_HTTP_ENDPOINT`, else
    /// `DAPR_HOST`/`DAPR_HTTP_PORT`) and `daprAPIToken` (`DAPR_API_TOKEN`).
    package init(
        configuration: Configuration, httpClient: HTTPClient = HTTPClient(), retryPolicy: DaprRetryPolicy = .default
    ) {
        self.init(
            endpoint: configuration.daprHTTPEndpoint, apiToken: configuration.daprAPIToken, httpClient: httpClient,
            retryPolicy: retryPolicy)
    }
}
