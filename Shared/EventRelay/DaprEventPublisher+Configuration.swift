package import Dapr
package import FunctionRuntime

extension DaprEventPublisher {
    /// The environment variable that picks the publish mode: `bulk` (the default) or `single`.
    package static let modeVariable = "OUTBOX_PUBLISH_MODE"

    /// Makes the publisher a function's configuration asks for: ``modeVariable`` chooses bulk or single publishes.
    /// - Parameters:
    ///   - dapr: the Dapr client.
    ///   - configuration: the function's configuration (its environment).
    /// - Throws: ``ConfigurationError`` `.invalidValue` when the variable names no mode.
    package init(dapr: any DaprClient, configuration: Configuration) throws {
        var mode = Mode.bulk
        if let text = configuration.environment[Self.modeVariable], !text.isEmpty {
            guard let chosen = Mode(text) else {
                throw ConfigurationError(
                    .invalidValue, problems: ["\(Self.modeVariable): '\(text)' is neither 'bulk' nor 'single'"])
            }
            mode = chosen
        }
        self.init(dapr: dapr, mode: mode)
    }
}
