/// Where the ingress listens and what it serves.
package struct IngressConfiguration: Sendable {
    /// The address to bind; loopback by default (the stack is for one machine).
    package var host: String = "127.0.0.1"
    /// The port; 0 picks a free one (tests).
    package var port: Int = 8080
    /// The web client's directory, served for paths no route claims; nil answers 404 there.
    package var staticRoot: String?
    /// The development sign-in (`POST /dev/token`), answered only when set and the ingress binds a loopback address;
    /// `todofn up` sets it, nothing in the cluster does.
    package var developmentLogin: DevelopmentLogin?
    /// The route table.
    package var routes: IngressRoutes = .standard
    /// Event-loop threads.
    package var workerCount: Int = 2

    /// The default configuration.
    package init() {}
}
