#include "image_shim.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

struct shim_error {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char text[JMSG_LENGTH_MAX];
};

static void shim_error_exit(j_common_ptr info) {
    struct shim_error *error = (struct shim_error *)info->err;
    (*info->err->format_message)(info, error->text);
    longjmp(error->jump, 1);
}

static void shim_silent(j_common_ptr info) { (void)info; }

static void copy_message(char *message, size_t capacity, const char *text) {
    if (message && capacity > 0) {
        strncpy(message, text, capacity - 1);
        message[capacity - 1] = 0;
    }
}

int f2lm_jpeg_decode(const uint8_t *data, size_t size, uint8_t **pixels, int *width, int *height,
                     int *channels, char *message, size_t message_capacity) {
    struct jpeg_decompress_struct info;
    struct shim_error error;
    uint8_t *volatile buffer = NULL;
    *pixels = NULL;
    memset(&info, 0, sizeof info);
    info.err = jpeg_std_error(&error.base);
    error.base.error_exit = shim_error_exit;
    error.base.output_message = shim_silent;
    error.text[0] = 0;
    if (setjmp(error.jump)) {
        copy_message(message, message_capacity, error.text);
        jpeg_destroy_decompress(&info);
        free(buffer);
        return 0;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, (unsigned char *)data, (unsigned long)size);
    jpeg_read_header(&info, TRUE);
    if ((uint64_t)info.image_width * (uint64_t)info.image_height > F2LM_IMAGE_MAX_PIXELS) {
        snprintf(error.text, sizeof error.text, "image of %ux%u pixels is larger than the %d pixels read",
                 (unsigned)info.image_width, (unsigned)info.image_height, F2LM_IMAGE_MAX_PIXELS);
        copy_message(message, message_capacity, error.text);
        jpeg_destroy_decompress(&info);
        return 0;
    }
    if (info.num_components == 1) {
        info.out_color_space = JCS_GRAYSCALE;
    } else {
        info.out_color_space = JCS_RGB;
    }
    jpeg_start_decompress(&info);
    size_t stride = (size_t)info.output_width * (size_t)info.output_components;
    buffer = (uint8_t *)malloc(stride * info.output_height);
    if (!buffer) {
        copy_message(message, message_capacity, "out of memory");
        jpeg_destroy_decompress(&info);
        return 0;
    }
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = buffer + stride * info.output_scanline;
        jpeg_read_scanlines(&info, &row, 1);
    }
    /* A truncated stream makes libjpeg insert a fake EOI and emit warning JWRN_JPEG_EOF; treat as error. */
    if (error.base.num_warnings > 0) {
        (*error.base.format_message)((j_common_ptr)&info, error.text);
        copy_message(message, message_capacity, error.text);
        jpeg_destroy_decompress(&info);
        free(buffer);
        return 0;
    }
    jpeg_finish_decompress(&info);
    *width = (int)info.output_width;
    *height = (int)info.output_height;
    *channels = info.output_components;
    *pixels = buffer;
    jpeg_destroy_decompress(&info);
    return 1;
}

void f2lm_jpeg_free(uint8_t *pixels) { free(pixels); }

int f2lm_jpeg_encode(const uint8_t *pixels, int width, int height, int channels, int quality,
                     uint8_t **output, size_t *output_size, char *message, size_t message_capacity) {
    struct jpeg_compress_struct info;
    struct shim_error error;
    unsigned char *volatile memory = NULL;
    unsigned long memory_size = 0;
    *output = NULL;
    *output_size = 0;
    memset(&info, 0, sizeof info);
    info.err = jpeg_std_error(&error.base);
    error.base.error_exit = shim_error_exit;
    error.base.output_message = shim_silent;
    if (setjmp(error.jump)) {
        copy_message(message, message_capacity, error.text);
        jpeg_destroy_compress(&info);
        free(memory);
        return 0;
    }
    jpeg_create_compress(&info);
    jpeg_mem_dest(&info, (unsigned char **)&memory, &memory_size);
    info.image_width = (JDIMENSION)width;
    info.image_height = (JDIMENSION)height;
    info.input_components = channels;
    info.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);
    jpeg_start_compress(&info, TRUE);
    size_t stride = (size_t)width * (size_t)channels;
    while (info.next_scanline < info.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + stride * info.next_scanline);
        jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    *output = memory;
    *output_size = memory_size;
    return 1;
}
