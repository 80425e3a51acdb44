import DaprResources
import EmbeddedSeams
import FoundationEssentials
import HTTPTypes
import JSON
import Schedules

/// A `bindings.cron` component as an embedded trigger: at each tick `POST /<route or name>` with an empty body
/// and the `Timezone` / `Readtimeutc` headers to every app in the component's scopes (all apps when unscoped),
/// through the app channel. The app's answer is ignored (no retry), as daprd's cron binding does.
///
/// daprd probes `OPTIONS /<route>` first unless `direction` contains `input`; the embedded runtime skips the
/// probe (it would start every function at boot) and treats every cron binding as an input binding.
struct CronTrigger: Sendable {
    let component: Component
    let schedule: CronSchedule
    let appIDs: [String]
    let channel: AppChannel
    let logger: RuntimeLogger

    /// Parses the component's `schedule` (robfig grammar with optional seconds).
    /// - Throws: `ScheduleError` for a bad schedule (daprd fails the component's init).
    init(component: Component, apps: [String], channel: @escaping AppChannel, logger: RuntimeLogger) throws {
        self.component = component
        schedule = try CronSchedule(component.value("schedule") ?? "", syntax: .cronBinding)
        appIDs = apps.filter { component.isVisible(to: $0) }
        self.channel = channel
        self.logger = logger
    }

    /// Fires at every tick until cancelled.
    func run() async {
        let route = component.value("route").map { $0.hasPrefix("/") ? $0 : "/" + $0 } ?? "/" + component.name
        while !Task.isCancelled {
            let now = Date()
            guard let next = schedule.next(after: now) else { return }
            let delay = max(0, next.timeIntervalSince(now))
            do { try await Task.sleep(for: .milliseconds(Int64(delay * 1000))) } catch { return }
            let headers: HTTPHeaders = [
                "Timezone": component.value("timeZone") ?? "", "Readtimeutc": RFC3339.format(Date(), milliseconds: false),
            ]
            for appID in appIDs {
                let request = HTTPRequest(method: .post, target: route, headers: headers)
                do {
                    _ = try await channel(appID, request)
                } catch {
                    logger.warning("bindings: cron \(component.name) could not reach \(appID): \(error)")
                }
            }
        }
    }
}
