// stb-backed image decoding and PNG encoding; the only translation unit that compiles stb.
#include "image_io.h"

#include <climits>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

// stb is third-party code: keep its warnings out of our warning-free build.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#define STBI_NO_STDIO
#define STBI_FAILURE_USERMSG
#define STB_IMAGE_IMPLEMENTATION
#include <stb_image.h>

#define STBI_WRITE_NO_STDIO
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>
#pragma GCC diagnostic pop

namespace {

/// stb reads lengths as int: reject what does not fit instead of silently truncating.
int checked_length(const uint8_t* data, int64_t len) {
    if (data == nullptr) throw std::invalid_argument("image data is null");
    if (len <= 0) throw std::invalid_argument("image data is empty");
    if (len > INT_MAX) {
        throw std::invalid_argument("image data of " + std::to_string(len) + " bytes exceeds the 2 GiB codec limit");
    }
    return static_cast<int>(len);
}

std::runtime_error stb_error(const char* what) {
    const char* reason = stbi_failure_reason();
    return std::runtime_error(std::string(what) + ": " + (reason != nullptr ? reason : "unknown reason"));
}

/// stb_image_write callback: appends each chunk it emits to a std::vector.
void append_chunk(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<uint8_t>*>(context);
    auto* bytes = static_cast<const uint8_t*>(data);
    out->insert(out->end(), bytes, bytes + size);
}

}  // namespace

MG_EXPORT int32_t mg_image_info(const uint8_t* data, int64_t len, int32_t* width, int32_t* height,
                                int32_t* channels_in_file) {
    MG_BEGIN
    int n = checked_length(data, len);
    int w = 0, h = 0, c = 0;
    if (stbi_info_from_memory(data, n, &w, &h, &c) == 0) throw stb_error("cannot read image header");
    *width = w;
    *height = h;
    *channels_in_file = c;
    MG_END
}

MG_EXPORT int32_t mg_image_decode(const uint8_t* data, int64_t len, int32_t desired_channels,
                                  int32_t* width, int32_t* height, int32_t* channels_in_file,
                                  int32_t* channels_out, uint8_t** pixels) {
    MG_BEGIN
    *pixels = nullptr;
    int n = checked_length(data, len);
    if (desired_channels < 0 || desired_channels > 4) {
        throw std::invalid_argument("desired channels must be 0 (as in file) or 1..4, got " +
                                    std::to_string(desired_channels));
    }
    int w = 0, h = 0, c = 0;
    stbi_uc* decoded = stbi_load_from_memory(data, n, &w, &h, &c, desired_channels);
    if (decoded == nullptr) throw stb_error("cannot decode image");
    *width = w;
    *height = h;
    *channels_in_file = c;
    *channels_out = desired_channels == 0 ? c : desired_channels;
    *pixels = decoded;
    MG_END
}

MG_EXPORT int32_t mg_image_free(uint8_t* pixels) {
    MG_BEGIN
    stbi_image_free(pixels);
    MG_END
}

MG_EXPORT int32_t mg_image_encode_png(const uint8_t* pixels, int32_t width, int32_t height,
                                      int32_t channels, uint8_t** png, int64_t* png_len) {
    MG_BEGIN
    *png = nullptr;
    *png_len = 0;
    if (pixels == nullptr) throw std::invalid_argument("pixels are null");
    if (width <= 0 || height <= 0) {
        throw std::invalid_argument("image size must be positive, got " + std::to_string(width) + "x" +
                                    std::to_string(height));
    }
    if (channels < 1 || channels > 4) {
        throw std::invalid_argument("PNG needs 1..4 channels, got " + std::to_string(channels));
    }
    if (static_cast<int64_t>(width) * channels > INT_MAX / 2) throw std::invalid_argument("image row too wide for PNG");
    std::vector<uint8_t> file;
    int ok = stbi_write_png_to_func(append_chunk, &file, width, height, channels, pixels, width * channels);
    if (ok == 0 || file.empty()) throw std::runtime_error("PNG encoding failed (out of memory?)");
    auto* out = static_cast<uint8_t*>(std::malloc(file.size()));
    if (out == nullptr) throw std::bad_alloc();
    std::memcpy(out, file.data(), file.size());
    *png = out;
    *png_len = static_cast<int64_t>(file.size());
    MG_END
}

MG_EXPORT int32_t mg_image_free_encoded(uint8_t* png) {
    MG_BEGIN
    std::free(png);
    MG_END
}
