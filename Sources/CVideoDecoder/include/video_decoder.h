#ifndef F2LM_VIDEO_DECODER_H
#define F2LM_VIDEO_DECODER_H
#include <stdint.h>

/// A video file opened for decoding its first video stream frame by frame into packed RGB24 (FFmpeg's
/// libavformat/libavcodec/libswscale). Errors are reported as a return value and a message, never by aborting:
/// a truncated or corrupt file is an ordinary error.
typedef struct f2lm_video f2lm_video;

/// Opens `path`; NULL on failure with the reason in `error` (`error_size` bytes, NUL-terminated).
f2lm_video *f2lm_video_open(const char *path, char *error, int error_size);
/// Frame width in pixels.
int f2lm_video_width(const f2lm_video *video);
/// Frame height in pixels.
int f2lm_video_height(const f2lm_video *video);
/// The frame count the container declares for the stream (0 when it declares none).
int64_t f2lm_video_declared_frames(const f2lm_video *video);
/// Decodes the next frame into `rgb` (width × height × 3 bytes, rows top to bottom). Returns 1 for a frame,
/// 0 at the end of the stream, -1 on an error (reason in `error`).
int f2lm_video_next_frame(f2lm_video *video, uint8_t *rgb, char *error, int error_size);
/// Closes the file and frees everything (NULL is allowed).
void f2lm_video_close(f2lm_video *video);

#endif
