import CFuzzer
import Glibc

// libFuzzer's driver instead of SwiftPM's main; the callback lives in FuzzCallback.swift, because a closure at
// the top level of main.swift would be @MainActor and libFuzzer calls it on its own terms.
var arguments = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argv, fuzzJSON))
