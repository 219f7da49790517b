// The declaration of libFuzzer's driver lives in include/fuzzer_driver.h; a C target needs one source file.
#include "fuzzer_driver.h"
