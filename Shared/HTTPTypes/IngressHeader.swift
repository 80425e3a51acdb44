/// The header the embedded ingress sets on every request it forwards to a function, after removing any copy the
/// client sent: a function knows a request came from outside, and refuses a Dapr-facing route reached that way
/// even if it carries a token.
package enum IngressHeader {
    /// `todofn-ingress`.
    package static let name = "todofn-ingress"
    /// The value the ingress sets.
    package static let value = "1"
}
