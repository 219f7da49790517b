// Decoding a video file's first video stream to RGB24 frames with FFmpeg. Every failure of FFmpeg is turned into
// a message; corrupt data is an error (AV_EF_EXPLODE), not concealed.
#include "video_decoder.h"
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libswscale/swscale.h>
#include <libavutil/imgutils.h>
#include <libavutil/mem.h>
#include <stdio.h>
#include <string.h>

struct f2lm_video {
    AVFormatContext *format;
    AVCodecContext *codec;
    struct SwsContext *scaler;
    AVPacket *packet;
    AVFrame *frame;
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

f2lm_video *f2lm_video_open(const char *path, char *error, int error_size) {
    av_log_set_level(AV_LOG_QUIET);
    av_max_alloc(F2LM_VIDEO_MAX_ALLOC);
    f2lm_video *video = av_mallocz(sizeof *video);
    if (!video) { describe(error, error_size, "out of memory", 0); return NULL; }
    int code = avformat_open_input(&video->format, path, NULL, NULL);
    if (code < 0) { describe(error, error_size, "cannot open as a video", code); f2lm_video_close(video); return NULL; }
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
    code = avcodec_open2(video->codec, decoder, NULL);
    if (code < 0) { describe(error, error_size, "cannot open the decoder", code); f2lm_video_close(video); return NULL; }
    video->width = video->codec->width;
    video->height = video->codec->height;
    if (video->width <= 0 || video->height <= 0 || video->width > 16384 || video->height > 16384) {
        describe(error, error_size, "has no valid frame size", 0); f2lm_video_close(video); return NULL;
    }
    video->packet = av_packet_alloc();
    video->frame = av_frame_alloc();
    if (!video->packet || !video->frame) { describe(error, error_size, "out of memory", 0); f2lm_video_close(video); return NULL; }
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
    uint8_t *planes[4] = {rgb, NULL, NULL, NULL};
    int strides[4] = {video->width * 3, 0, 0, 0};
    sws_scale(video->scaler, (const uint8_t *const *)f->data, f->linesize, 0, f->height, planes, strides);
    av_frame_unref(f);
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
