// Image codec of the shim: decode PNG/JPEG/BMP/GIF/TGA from memory and encode PNG, via stb.
//
// Buffers returned through out-pointers are owned by .NET until it hands them back:
// decoded pixels to mg_image_free, encoded files to mg_image_free_encoded.
#pragma once
#include "mg_common.h"

/// Reads width, height and channel count from a file's header without decoding its pixels.
MG_EXPORT int32_t mg_image_info(const uint8_t* data, int64_t len, int32_t* width, int32_t* height,
                                int32_t* channels_in_file);

/// Decodes an image held in memory to 8-bit interleaved pixels (HWC, row-major).
/// desired_channels: 0 keeps the file's channel count; 1..4 converts (gray, gray+alpha, RGB, RGBA).
/// 16-bit files are reduced to 8 bits; a GIF gives its first frame.
MG_EXPORT int32_t mg_image_decode(const uint8_t* data, int64_t len, int32_t desired_channels,
                                  int32_t* width, int32_t* height, int32_t* channels_in_file,
                                  int32_t* channels_out, uint8_t** pixels);

/// Frees pixels returned by mg_image_decode (null is allowed).
MG_EXPORT int32_t mg_image_free(uint8_t* pixels);

/// Encodes 8-bit interleaved pixels (HWC, 1..4 channels) as a PNG file held in memory.
MG_EXPORT int32_t mg_image_encode_png(const uint8_t* pixels, int32_t width, int32_t height,
                                      int32_t channels, uint8_t** png, int64_t* png_len);

/// Frees a buffer returned by mg_image_encode_png (null is allowed).
MG_EXPORT int32_t mg_image_free_encoded(uint8_t* png);
