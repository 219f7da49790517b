// Decoding a video file's first video stream to RGB24 frames with FFmpeg. Every failure of FFmpeg is turned into
// a message; corrupt data is an error (AV_EF_EXPLODE), not concealed.
#include "video_decoder.h"
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libswscale/swscale.h>
#include <libavutil/imgutils.h>
#include <libavutil/avstring.h>
#include <libavutil/mem.h>
#include <stdio.h>
#include <string.h>

struct f2lm_video {
    AVFormatContext *format;
    AVCodecContext *codec;
    struct SwsContext *scaler;
    AVPacket *packet;
    AVFrame *frame;
    uint8_t *scratch;   // the scaler's output: rows padded to F2LM_VIDEO_ROW_ALIGN, F2LM_VIDEO_TAIL spare bytes
    int scratch_stride;
    int stream;
    int width, height;
    int draining;   // the demuxer reached its end: the decoder is being flushed
    int finished;   // the decoder returned its last frame
};

static void describe(char *error, int size, const char *what, int code) {
    if (!error || size <= 0) return;
    char reason[AV_ERROR_MAX_STRING_SIZE] = {0};
    if (code != 0) av_strerror(code, reason, sizeof reason);
    snprintf(error, (size_t)size, code != 0 ? "%s: %s" : "%s", what, reason);
}

void f2lm_video_close(f2lm_video *video) {
    if (!video) return;
    sws_freeContext(video->scaler);
    av_free(video->scratch);
    av_frame_free(&video->frame);
    av_packet_free(&video->packet);
    avcodec_free_context(&video->codec);
    avformat_close_input(&video->format);
    av_free(video);
}

// The largest single allocation FFmpeg may make (av_max_alloc): a frame of the published datasets is about 1.2 MB,
// while a corrupt header can make the demuxer's probe ask for gigabytes (fuzz-video found a 1.6 GB request), which
// then fails as "cannot open as a video" instead of exhausting memory.
#define F2LM_VIDEO_MAX_ALLOC ((size_t)256 << 20)
// The largest frame read, in pixels (4096 × 4096 holds 4K and DCI 4K; the published datasets are at most 856 × 480):
// a corrupt header declaring 16384 × 16384 would otherwise cost an 805 MB RGB buffer before any frame decodes.
#define F2LM_VIDEO_MAX_PIXELS ((int64_t)4096 * 4096)
// The containers and codecs FFmpeg may use (FFmpeg's own whitelists): the containers of the file extensions the
// dataset layouts accept (.avi; .mp4/.m4v/.mov; .mkv/.webm; .mpg/.mpeg) and the codecs such videos carry. Every
// other demuxer and decoder of FFmpeg (hundreds, most of them for game and legacy formats) stays out of reach of
// a corrupt or mislabelled file.
#define F2LM_VIDEO_FORMATS "avi,mov,matroska,mpeg,mpegvideo,m4v"
#define F2LM_VIDEO_CODECS "mpeg4,h264,hevc,mjpeg,ffv1,rawvideo,mpeg1video,mpeg2video,msmpeg4v1,msmpeg4v2,msmpeg4," \
    "h263,h263p,vp8,vp9,huffyuv,ffvhuff,wmv1,wmv2,wmv3,vc1,theora,utvideo,magicyuv,png"
// The scaler writes whole SIMD vectors: its destination rows are aligned and the buffer has spare bytes after the
// last row; the frame is then copied row by row into the caller's packed buffer.
#define F2LM_VIDEO_ROW_ALIGN 64
#define F2LM_VIDEO_TAIL 256

/// FFmpeg options restricting a file to the whitelisted containers, codecs and the local file protocol.
static AVDictionary *whitelists(void) {
    AVDictionary *options = NULL;
    av_dict_set(&options, "format_whitelist", F2LM_VIDEO_FORMATS, 0);
    av_dict_set(&options, "codec_whitelist", F2LM_VIDEO_CODECS, 0);
    av_dict_set(&options, "protocol_whitelist", "file", 0);
    return options;
}

f2lm_video *f2lm_video_open(const char *path, char *error, int error_size) {
    av_log_set_level(AV_LOG_QUIET);
    av_max_alloc(F2LM_VIDEO_MAX_ALLOC);
    f2lm_video *video = av_mallocz(sizeof *video);
    if (!video) { describe(error, error_size, "out of memory", 0); return NULL; }
    AVDictionary *options = whitelists();
    int code = avformat_open_input(&video->format, path, NULL, &options);
    av_dict_free(&options);
    if (code < 0) {
        describe(error, error_size, "cannot open as a video (containers read: " F2LM_VIDEO_FORMATS ")", code);
        f2lm_video_close(video); return NULL;
    }
    code = avformat_find_stream_info(video->format, NULL);
    if (code < 0) { describe(error, error_size, "cannot read the stream information", code); f2lm_video_close(video); return NULL; }
    const AVCodec *decoder = NULL;
    video->stream = av_find_best_stream(video->format, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
    if (video->stream < 0 || !decoder) {
        describe(error, error_size, "has no video stream with a decoder", video->stream < 0 ? video->stream : 0);
        f2lm_video_close(video); return NULL;
    }
    AVStream *stream = video->format->streams[video->stream];
    video->codec = avcodec_alloc_context3(decoder);
    if (!video->codec) { describe(error, error_size, "out of memory", 0); f2lm_video_close(video); return NULL; }
    code = avcodec_parameters_to_context(video->codec, stream->codecpar);
    if (code < 0) { describe(error, error_size, "bad codec parameters", code); f2lm_video_close(video); return NULL; }
    video->codec->err_recognition |= AV_EF_EXPLODE | AV_EF_CRCCHECK | AV_EF_BITSTREAM;
    video->codec->thread_count = 1;
    if (av_match_list(decoder->name, F2LM_VIDEO_CODECS, ',') <= 0) {
        char what[512];
        snprintf(what, sizeof what, "is coded as %s, not one of the codecs read (" F2LM_VIDEO_CODECS ")", decoder->name);
        describe(error, error_size, what, 0); f2lm_video_close(video); return NULL;
    }
    options = whitelists();
    code = avcodec_open2(video->codec, decoder, &options);
    av_dict_free(&options);
    if (code < 0) {
        char what[96];
        snprintf(what, sizeof what, "cannot open the decoder of codec %s", decoder->name);
        describe(error, error_size, what, code); f2lm_video_close(video); return NULL;
    }
    video->width = video->codec->width;
    video->height = video->codec->height;
    if (video->width <= 0 || video->height <= 0 || video->width > 16384 || video->height > 16384) {
        describe(error, error_size, "has no valid frame size", 0); f2lm_video_close(video); return NULL;
    }
    if ((int64_t)video->width * video->height > F2LM_VIDEO_MAX_PIXELS) {
        char what[96];
        snprintf(what, sizeof what, "frame size %dx%d is larger than the 4096x4096 pixels read", video->width, video->height);
        describe(error, error_size, what, 0); f2lm_video_close(video); return NULL;
    }
    video->scratch_stride = FFALIGN(video->width * 3, F2LM_VIDEO_ROW_ALIGN);
    video->scratch = av_malloc((size_t)video->scratch_stride * video->height + F2LM_VIDEO_TAIL);
    video->packet = av_packet_alloc();
    video->frame = av_frame_alloc();
    if (!video->packet || !video->frame || !video->scratch) { describe(error, error_size, "out of memory", 0); f2lm_video_close(video); return NULL; }
    return video;
}

int f2lm_video_width(const f2lm_video *video) { return video->width; }
int f2lm_video_height(const f2lm_video *video) { return video->height; }
int64_t f2lm_video_declared_frames(const f2lm_video *video) {
    int64_t n = video->format->streams[video->stream]->nb_frames;
    return n > 0 ? n : 0;
}

/// Converts the decoded frame to packed RGB24 at the stream's size.
static int convert(f2lm_video *video, uint8_t *rgb, char *error, int error_size) {
    AVFrame *f = video->frame;
    if (f->width != video->width || f->height != video->height) {
        char what[160];
        snprintf(what, sizeof what, "frame size changes from %dx%d to %dx%d", video->width, video->height, f->width, f->height);
        describe(error, error_size, what, 0);
        return -1;
    }
    video->scaler = sws_getCachedContext(video->scaler, f->width, f->height, (enum AVPixelFormat)f->format,
                                         video->width, video->height, AV_PIX_FMT_RGB24, SWS_BILINEAR, NULL, NULL, NULL);
    if (!video->scaler) { describe(error, error_size, "unsupported pixel format", 0); return -1; }
    uint8_t *planes[4] = {video->scratch, NULL, NULL, NULL};
    int strides[4] = {video->scratch_stride, 0, 0, 0};
    int rows = sws_scale(video->scaler, (const uint8_t *const *)f->data, f->linesize, 0, f->height, planes, strides);
    av_frame_unref(f);
    if (rows != video->height) { describe(error, error_size, "cannot convert a frame to RGB", rows < 0 ? rows : 0); return -1; }
    size_t row = (size_t)video->width * 3;
    for (int y = 0; y < video->height; y++) memcpy(rgb + (size_t)y * row, video->scratch + (size_t)y * video->scratch_stride, row);
    return 1;
}

int f2lm_video_next_frame(f2lm_video *video, uint8_t *rgb, char *error, int error_size) {
    while (!video->finished) {
        int code = avcodec_receive_frame(video->codec, video->frame);
        if (code == 0) return convert(video, rgb, error, error_size);
        if (code == AVERROR_EOF) { video->finished = 1; break; }
        if (code != AVERROR(EAGAIN)) { describe(error, error_size, "cannot decode a frame", code); return -1; }
        if (video->draining) { video->finished = 1; break; }
        // The decoder wants input: the next packet of the video stream, or the end of the stream.
        for (;;) {
            code = av_read_frame(video->format, video->packet);
            if (code == AVERROR_EOF) {
                if (video->format->pb && video->format->pb->error < 0) {
                    describe(error, error_size, "read error", video->format->pb->error); return -1;
                }
                video->draining = 1;
                code = avcodec_send_packet(video->codec, NULL);
                if (code < 0 && code != AVERROR_EOF) { describe(error, error_size, "cannot flush the decoder", code); return -1; }
                break;
            }
            if (code < 0) { describe(error, error_size, "cannot read a packet (truncated or corrupt file?)", code); return -1; }
            if (video->packet->stream_index != video->stream) { av_packet_unref(video->packet); continue; }
            code = avcodec_send_packet(video->codec, video->packet);
            av_packet_unref(video->packet);
            if (code < 0) { describe(error, error_size, "corrupt video data", code); return -1; }
            break;
        }
    }
    return 0;
}
