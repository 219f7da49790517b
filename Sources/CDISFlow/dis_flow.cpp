// OpenCV's DIS optical flow behind a C function: C++ exceptions never cross into Swift.
#include "dis_flow.h"
#include <opencv2/core.hpp>
#include <opencv2/video/tracking.hpp>
#include <cstdio>
#include <cstring>

extern "C" int f2lm_dis_flow(const uint8_t *first, const uint8_t *second, int width, int height, int preset, float *uv,
                             char *error, int error_size) {
    try {
        cv::Mat a(height, width, CV_8UC1, const_cast<uint8_t *>(first));
        cv::Mat b(height, width, CV_8UC1, const_cast<uint8_t *>(second));
        cv::Ptr<cv::DISOpticalFlow> dis = cv::DISOpticalFlow::create(preset);
        cv::Mat flow;
        dis->calc(a, b, flow);
        if (flow.type() != CV_32FC2 || flow.rows != height || flow.cols != width) {
            std::snprintf(error, (size_t)error_size, "unexpected DIS output");
            return -1;
        }
        for (int y = 0; y < height; y++) std::memcpy(uv + (size_t)y * width * 2, flow.ptr<float>(y), sizeof(float) * 2 * width);
        return 0;
    } catch (const std::exception &e) {
        std::snprintf(error, (size_t)error_size, "%s", e.what());
        return -1;
    }
}
