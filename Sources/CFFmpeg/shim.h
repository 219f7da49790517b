// FFmpeg's demuxers, decoders and scaler (Debian: libavformat-dev, libavcodec-dev, libswscale-dev, libavutil-dev).
#include <libavformat/avformat.h>
#include <libavcodec/avcodec.h>
#include <libswscale/swscale.h>
#include <libavutil/imgutils.h>
