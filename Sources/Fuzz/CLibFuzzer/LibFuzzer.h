// libFuzzer's driver, for fuzz targets that start it from their own `main` (SwiftPM names
// an executable's Swift entry point itself, so libFuzzer's `main` cannot be used). The
// symbol comes from the fuzzer runtime `-sanitize=fuzzer` links; nothing else calls it.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));
