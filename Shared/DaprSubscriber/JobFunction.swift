package import FunctionRuntime

/// A Dapr job callback: daprd's Scheduler calls `POST /job/<name>` when a job fires.
///
/// The adapter (`Router.jobs()`) answers 200 when `handle` returns and 500 when it throws, which makes the Scheduler
/// retry per the job's failure policy (default 3 times, 1 s apart, daprd 1.15+). To give up on a trigger without a
/// retry, return normally (daprd also takes a 404 as success).
///
/// ```swift
/// struct ReminderFireHandler: RoutedFunction, JobFunction {
///     static let routes = Router<Self>().jobs()
///     func handle(_ job: DaprJobTrigger, context: FunctionContext) async throws {
///         guard let id = job.name.stripping(prefix: "reminder-") else { return }
///         try await fire(reminderID: id, payload: job.decode(as: ReminderPayload.self))
///     }
/// }
/// ```
package protocol JobFunction: Sendable {
    /// Handles one trigger.
    /// - Throws: any error; the Scheduler retries.
    func handle(_ job: DaprJobTrigger, context: FunctionContext) async throws
}

extension RoutedFunction where Self: JobFunction {
    /// A pure job handler's routes: `POST /job/{name}`.
    package static var routes: Router<Self> { Router<Self>().jobs() }
}
