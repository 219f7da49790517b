#ifndef F2LM_FUZZER_DRIVER_H
#define F2LM_FUZZER_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (in compiler-rt's libclang_rt.fuzzer, linked by `-sanitize=fuzzer`): parses libFuzzer's
/// flags from argc/argv and runs `callback` on each input. Lets a Swift executable keep its own `main`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
#endif
