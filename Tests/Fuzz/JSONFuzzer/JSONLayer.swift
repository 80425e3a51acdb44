import JSON

// The JSON layer under test, and the only file that names it: the one JSON layer (`Shared/JSON`, issue 12).

/// The value `bytes` parse to.
func parseJSON(_ bytes: some Collection<UInt8>) throws -> JSONValue { try JSONValue.parse(bytes) }

/// The compact rendering of `value`.
func renderJSON(_ value: JSONValue) -> [UInt8] { value.bytes() }

/// Whether two parsed values are equal.
func sameJSON(_ first: JSONValue, _ second: JSONValue) -> Bool { first == second }
