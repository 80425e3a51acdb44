import EmbeddedRuntime

// The JSON layer under test, and the only file that names it: today the runtime's parser (`EmbeddedRuntime/JSON`).
// When the one JSON layer lands (`Shared/JSON`, issue 12), re-point the import above (and the target's dependency in
// Package.swift) at it; the three functions below stay as they are if its `JSONValue` keeps `parse(_:)` and `bytes`.

/// The value `bytes` parse to.
func parseJSON(_ bytes: some Collection<UInt8>) throws -> JSONValue { try JSONValue.parse(bytes) }

/// The compact rendering of `value`.
func renderJSON(_ value: JSONValue) -> [UInt8] { value.bytes }

/// Whether two parsed values are equal.
func sameJSON(_ first: JSONValue, _ second: JSONValue) -> Bool { first == second }
