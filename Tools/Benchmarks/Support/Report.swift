/// One printed row: what was measured, our figure, the target and the reference beside it.
struct BenchmarkRow {
    var name: String
    var value: String
    var target: String
    var reference: String
}

/// The table `make bench` prints: rows are printed as they complete, so a failing row does not hide the others.
final class Report {
    private var rows: [BenchmarkRow] = []
    private let widths = (name: 58, value: 18, target: 14)

    func header() {
        print(pad("benchmark", widths.name) + pad("measured", widths.value) + pad("target", widths.target) + "reference")
        print(String(repeating: "-", count: widths.name + widths.value + widths.target + 40))
    }

    func add(_ row: BenchmarkRow) {
        rows.append(row)
        print(pad(row.name, widths.name) + pad(row.value, widths.value) + pad(row.target, widths.target) + row.reference)
    }

    func failed(_ name: String, _ error: any Error) {
        add(BenchmarkRow(name: name, value: "FAILED", target: "", reference: "\(error)"))
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}

/// Formats `value` with `digits` decimals without Foundation's `String(format:)`.
func fixed(_ value: Double, _ digits: Int = 1) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = "\(rounded)"
    if let dot = text.firstIndex(of: ".") {
        let decimals = text.distance(from: dot, to: text.endIndex) - 1
        if digits == 0 {
            text = String(text[..<dot])
        } else if decimals < digits {
            text += String(repeating: "0", count: digits - decimals)
        }
    }
    return text
}

/// Formats a count with thousands separators.
func grouped(_ value: Double) -> String {
    let digits = Array(String(Int(value.rounded())))
    var out = ""
    for (index, digit) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
        out.append(digit)
    }
    return out
}
