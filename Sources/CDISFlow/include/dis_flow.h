#ifndef F2LM_DIS_FLOW_H
#define F2LM_DIS_FLOW_H
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif

/// Dense optical flow from `first` to `second` (8-bit grey, `width` × `height`, rows packed) by OpenCV's DIS
/// (Kroeger et al., "Fast Optical Flow using Dense Inverse Search", 2016) with preset `preset` (0 ultrafast,
/// 1 fast, 2 medium), written to `uv` (width × height × 2 floats, u then v per pixel, in pixels).
/// Returns 0, or -1 when OpenCV throws (its message in `error`, `error_size` bytes).
int f2lm_dis_flow(const uint8_t *first, const uint8_t *second, int width, int height, int preset, float *uv,
                  char *error, int error_size);

#ifdef __cplusplus
}
#endif
#endif
