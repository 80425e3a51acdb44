#pragma once
#include <stddef.h>
#include <stdint.h>
/// libFuzzer's driver: SwiftPM's own `main` replaces libFuzzer's, so `main.swift` calls this instead.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));
