import Glibc

/// The steps of a function's `main.swift` that must succeed before it serves: a failure is logged as one
/// critical line naming the step and the process exits with status 1 (the supervisor or Kubernetes restarts it),
/// instead of trapping on an error thrown at top level.
///
/// ```swift
/// let stores = await Startup.required("open the database", logger: logger) {
///     try await FunctionDatabase.open(configuration, logger: logger)
/// }
/// ```
package enum Startup {
    /// Runs `step`, or logs and exits when it throws.
    /// - Parameters:
    ///   - name: what the step does, for the log line.
    ///   - logger: the function's logger.
    ///   - step: the work.
    /// - Returns: the step's result.
    package static func required<Value>(
        _ name: String, logger: Logger, _ step: () async throws -> Value
    ) async -> Value {
        do {
            return try await step()
        } catch {
            logger.critical("Start-up failed", metadata: ["startup.step": .string(name), "error": "\(error)"])
            exit(1)
        }
    }
}
