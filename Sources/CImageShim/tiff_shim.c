#include "image_shim.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>

static _Thread_local char last_tiff_message[512];

static void record_handler(const char *module, const char *format, va_list args) {
    (void)module;
    vsnprintf(last_tiff_message, sizeof last_tiff_message, format, args);
}

static void silent_handler(const char *module, const char *format, va_list args) {
    (void)module; (void)format; (void)args;
}

static void set_message(char *message, size_t capacity, const char *prefix) {
    if (message && capacity > 0) {
        snprintf(message, capacity, "%s%s%s", prefix, last_tiff_message[0] ? ": " : "", last_tiff_message);
    }
}

int f2lm_tiff_read(const char *path, uint8_t **pixels, int *width, int *height, int *channels,
                   char *message, size_t message_capacity) {
    *pixels = NULL;
    last_tiff_message[0] = 0;
    TIFFSetErrorHandler(record_handler);
    TIFFSetWarningHandler(silent_handler);
    TIFF *tif = TIFFOpen(path, "r");
    if (!tif) { set_message(message, message_capacity, "cannot open TIFF"); return 0; }
    uint32_t w = 0, h = 0;
    uint16_t samples = 1;
    if (!TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &w) || !TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &h) || w == 0 || h == 0) {
        set_message(message, message_capacity, "TIFF has no image size");
        TIFFClose(tif);
        return 0;
    }
    if ((uint64_t)w * (uint64_t)h > F2LM_IMAGE_MAX_PIXELS) {
        snprintf(last_tiff_message, sizeof last_tiff_message, "%ux%u pixels is larger than the %d pixels read",
                 (unsigned)w, (unsigned)h, F2LM_IMAGE_MAX_PIXELS);
        set_message(message, message_capacity, "TIFF too large");
        TIFFClose(tif);
        return 0;
    }
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &samples);
    uint32_t *raster = (uint32_t *)_TIFFmalloc((tmsize_t)w * h * sizeof(uint32_t));
    if (!raster) { set_message(message, message_capacity, "out of memory"); TIFFClose(tif); return 0; }
    if (!TIFFReadRGBAImageOriented(tif, w, h, raster, ORIENTATION_TOPLEFT, 0)) {
        set_message(message, message_capacity, "cannot decode TIFF");
        _TIFFfree(raster);
        TIFFClose(tif);
        return 0;
    }
    int c = samples == 1 ? 1 : 3;
    uint8_t *out = (uint8_t *)malloc((size_t)w * h * c);
    if (!out) { _TIFFfree(raster); TIFFClose(tif); set_message(message, message_capacity, "out of memory"); return 0; }
    for (size_t i = 0; i < (size_t)w * h; i++) {
        uint32_t p = raster[i];
        if (c == 1) {
            out[i] = (uint8_t)TIFFGetR(p);
        } else {
            out[3 * i] = (uint8_t)TIFFGetR(p);
            out[3 * i + 1] = (uint8_t)TIFFGetG(p);
            out[3 * i + 2] = (uint8_t)TIFFGetB(p);
        }
    }
    _TIFFfree(raster);
    TIFFClose(tif);
    *pixels = out;
    *width = (int)w;
    *height = (int)h;
    *channels = c;
    return 1;
}

int f2lm_tiff_write(const char *path, const uint8_t *pixels, int width, int height, int channels,
                    char *message, size_t message_capacity) {
    last_tiff_message[0] = 0;
    TIFFSetErrorHandler(record_handler);
    TIFFSetWarningHandler(silent_handler);
    TIFF *tif = TIFFOpen(path, "w");
    if (!tif) { set_message(message, message_capacity, "cannot create TIFF"); return 0; }
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, (uint32_t)width);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, (uint32_t)height);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, (uint16_t)channels);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, (uint16_t)8);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, channels == 1 ? PHOTOMETRIC_MINISBLACK : PHOTOMETRIC_RGB);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_NONE);
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, (uint32_t)height);
    size_t stride = (size_t)width * (size_t)channels;
    for (int y = 0; y < height; y++) {
        if (TIFFWriteScanline(tif, (void *)(pixels + stride * (size_t)y), (uint32_t)y, 0) < 0) {
            set_message(message, message_capacity, "cannot write TIFF scanline");
            TIFFClose(tif);
            return 0;
        }
    }
    TIFFClose(tif);
    return 1;
}

void f2lm_tiff_free(uint8_t *pixels) { free(pixels); }
