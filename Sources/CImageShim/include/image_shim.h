#ifndef F2LM_IMAGE_SHIM_H
#define F2LM_IMAGE_SHIM_H
#include <stddef.h>
#include <stdint.h>

/// The largest image decoded, in pixels (width × height, 2²⁵ ≈ 33.5 M: an 8K UHD frame fits). A header claiming
/// more is an error before anything is allocated (ImageCodec.maximumPixelCount is this value).
#define F2LM_IMAGE_MAX_PIXELS 33554432

/// Decodes a baseline or progressive JPEG held in memory into 8-bit interleaved pixels (grey or RGB).
/// libjpeg reports fatal errors by calling `error_exit`, which must not return; the shim installs an
/// `error_exit` that `longjmp`s back into this C function (never through Swift frames) and returns 0.
/// On success returns 1 and `*pixels` holds width*height*channels bytes allocated with malloc (free with
/// `f2lm_jpeg_free`). On failure returns 0 and `message` (capacity `message_capacity`) says why.
int f2lm_jpeg_decode(const uint8_t *data, size_t size, uint8_t **pixels, int *width, int *height,
                     int *channels, char *message, size_t message_capacity);

/// Frees pixels returned by `f2lm_jpeg_decode`.
void f2lm_jpeg_free(uint8_t *pixels);

/// Encodes 8-bit interleaved grey (channels 1) or RGB (channels 3) pixels as a JPEG of the given quality.
/// Returns 1 and a malloc'd buffer in `*output` / `*output_size` on success, 0 and a message on failure.
int f2lm_jpeg_encode(const uint8_t *pixels, int width, int height, int channels, int quality,
                     uint8_t **output, size_t *output_size, char *message, size_t message_capacity);

/// Reads the first directory of a TIFF file as 8-bit grey (1 channel, when the file has one sample per pixel)
/// or RGB (3 channels) through libtiff's RGBA interface. libtiff's error and warning handlers are replaced by
/// ones that record the message (libtiff does not longjmp). Returns 1 and malloc'd pixels on success, 0 and a
/// message on failure. (Here because TIFFGetField/TIFFSetField are variadic and cannot be called from Swift.)
int f2lm_tiff_read(const char *path, uint8_t **pixels, int *width, int *height, int *channels,
                   char *message, size_t message_capacity);

/// Writes 8-bit grey or RGB pixels as an uncompressed single-strip TIFF. Returns 1 on success.
int f2lm_tiff_write(const char *path, const uint8_t *pixels, int width, int height, int channels,
                    char *message, size_t message_capacity);

/// Frees pixels returned by `f2lm_tiff_read`.
void f2lm_tiff_free(uint8_t *pixels);
#endif
