import CFuzzer
import Glibc

// libFuzzer's own `main` is replaced by SwiftPM's, so hand control to its driver; the callback lives in
// FuzzHTTPRequest.swift because closures in main.swift are @MainActor.
var arguments = CommandLine.argc
var argumentValues: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argumentValues, fuzzHTTPRequest))
