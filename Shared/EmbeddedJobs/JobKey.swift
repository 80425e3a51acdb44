/// A job's identity: jobs are namespaced per app, as the Scheduler keys them by app ID and name.
package struct JobKey: Hashable, Sendable, CustomStringConvertible {
    /// The app that scheduled the job and receives its triggers.
    package var appID: String
    /// The job name.
    package var name: String

    /// Creates a key.
    package init(appID: String, name: String) {
        self.appID = appID
        self.name = name
    }

    /// `appID||name`.
    package var description: String { "\(appID)||\(name)" }
}
