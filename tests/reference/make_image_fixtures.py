"""Writes the tiny, tricky image and IDX files of tests/MLNet.Gan.Data.Tests/Fixtures/images.

Run with /usr/bin/python3 (PIL, numpy, torch). Beside each file goes its expected decoded pixels,
gathered in expected.safetensors as uint8 (H, W, C) tensors named after the file; the metadata
holds each file's channel count as stored ("<name>.channels_in_file"). Expected values come from
PIL or from the arrays the files were made from, never from MLNet.Gan. PNG variants PIL cannot
write (16-bit RGB, Adam7 interlaced) are assembled by hand here from the PNG specification.
"""
import gzip
import os
import struct
import sys
import zlib

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "MLNet.Gan.Data.Tests", "Fixtures", "images")


def pattern(h, w, c, seed):
    """A deterministic pattern with distinct neighbouring values."""
    y, x = np.mgrid[0:h, 0:w]
    planes = [((x * (37 + 13 * k) + y * (11 + 7 * k) + seed * 29 + k * 71) % 256) for k in range(c)]
    return np.stack(planes, axis=-1).astype(np.uint8)


def png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png_file(width, height, bit_depth, color_type, interlace, raw):
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, interlace)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(raw, 9))
            + png_chunk(b"IEND", b""))


def scanlines(rows):
    """Filter type 0 (none) before each row of bytes."""
    return b"".join(b"\x00" + row.tobytes() for row in rows)


def write_png16_rgb(path, values):
    """values: (H, W, 3) uint16, stored big-endian as the PNG specification requires."""
    h, w, _ = values.shape
    big = values.astype(">u2").reshape(h, w * 3)
    with open(path, "wb") as f:
        f.write(png_file(w, h, 16, 2, 0, scanlines(list(big.view(np.uint8).reshape(h, w * 6)))))


def write_png_adam7(path, rgb):
    """8-bit RGB with Adam7 interlacing: seven passes, each its own run of filtered scanlines."""
    h, w, _ = rgb.shape
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    raw = b""
    for x0, y0, dx, dy in passes:
        sub = rgb[y0::dy, x0::dx]
        if sub.shape[0] == 0 or sub.shape[1] == 0:
            continue
        raw += scanlines([sub[r].reshape(-1) for r in range(sub.shape[0])])
    with open(path, "wb") as f:
        f.write(png_file(w, h, 8, 2, 1, raw))


def write_idx(path, dims, payload, dtype_code=0x08, gz=False):
    header = struct.pack(">BBBB", 0, 0, dtype_code, len(dims)) + b"".join(struct.pack(">I", d) for d in dims)
    data = header + payload
    if gz:
        # mtime=0 keeps the file identical from run to run.
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
            f.write(data)
    else:
        with open(path, "wb") as f:
            f.write(data)


def area_average(src, out_h, out_w):
    """Exact area averaging: each output pixel is the mean of the source over its footprint,
    integrating the piecewise-constant source (partly covered pixels weigh by their covered fraction)."""
    def axis_matrix(n_in, n_out):
        m = np.zeros((n_out, n_in))
        step = n_in / n_out
        for o in range(n_out):
            a, b = o * step, (o + 1) * step
            for i in range(n_in):
                m[o, i] = max(0.0, min(b, i + 1) - max(a, i)) / step
        return m
    rows, cols = axis_matrix(src.shape[0], out_h), axis_matrix(src.shape[1], out_w)
    return np.einsum("oh,hwc,pw->opc", rows, src.astype(np.float64), cols)


def write_resize_references(rgb):
    """Float references for MLImage.Resize: area averaging when shrinking (numpy, exact integration) and
    bilinear when enlarging (torch.nn.functional.interpolate, align_corners=False: half-pixel centres)."""
    x = torch.from_numpy(rgb.astype(np.float32)).permute(2, 0, 1)[None]
    up = torch.nn.functional.interpolate(x, size=(23, 29), mode="bilinear", align_corners=False)[0].permute(1, 2, 0)
    refs = {
        "source": torch.from_numpy(rgb.copy()),
        "area_4x5": torch.from_numpy(area_average(rgb, 4, 5).astype(np.float32)),
        "area_11x3": torch.from_numpy(area_average(rgb, 11, 3).astype(np.float32)),
        "bilinear_23x29": up.contiguous(),
    }
    # Integer factors: area averaging equals torch's adaptive average pooling there (a cross-check of area_average).
    even = rgb[:10, :12]
    pooled = torch.nn.functional.adaptive_avg_pool2d(torch.from_numpy(even.astype(np.float32)).permute(2, 0, 1)[None], (5, 4))
    assert np.allclose(pooled[0].permute(1, 2, 0).numpy(), area_average(even, 5, 4), atol=1e-4)
    safetensors_io.save(os.path.join(OUT, "resize_expected.safetensors"), refs, {"source": "interlaced.png pixels (11x13 RGB)"})


def main():
    os.makedirs(OUT, exist_ok=True)
    expected, meta = {}, {}

    def keep(name, pixels, channels_in_file):
        arr = np.asarray(pixels, dtype=np.uint8)
        if arr.ndim == 2:
            arr = arr[:, :, None]
        expected[name] = torch.from_numpy(arr.copy())
        meta[name + ".channels_in_file"] = channels_in_file

    rgb = pattern(5, 7, 3, 1)
    Image.fromarray(rgb, "RGB").save(os.path.join(OUT, "rgb.png"))
    keep("rgb.png", rgb, 3)

    rgba = pattern(6, 4, 4, 2)
    rgba[0, 0, 3], rgba[1, 2, 3], rgba[5, 3, 3] = 0, 128, 255
    Image.fromarray(rgba, "RGBA").save(os.path.join(OUT, "rgba.png"))
    keep("rgba.png", rgba, 4)

    # Palette PNGs: one plain (decodes to RGB), one with a transparent entry (tRNS -> RGBA).
    index = (pattern(6, 5, 1, 3)[:, :, 0] % 6).astype(np.uint8)
    palette = [255, 0, 0, 0, 255, 0, 0, 0, 255, 250, 250, 10, 17, 34, 51, 200, 100, 0]
    pal = Image.fromarray(index, "P")
    pal.putpalette(palette)
    pal.save(os.path.join(OUT, "palette.png"))
    keep("palette.png", np.asarray(pal.convert("RGB")), 3)
    pal.save(os.path.join(OUT, "palette_trns.png"), transparency=4)
    keep("palette_trns.png", np.asarray(Image.open(os.path.join(OUT, "palette_trns.png")).convert("RGBA")), 4)

    la = pattern(4, 6, 2, 4)
    Image.fromarray(la, "LA").save(os.path.join(OUT, "gray_alpha.png"))
    keep("gray_alpha.png", la, 2)

    gray = pattern(5, 5, 1, 5)[:, :, 0]
    Image.fromarray(gray, "L").save(os.path.join(OUT, "gray.png"))
    keep("gray.png", gray, 1)

    # 16-bit: stb keeps the high byte of each sample.
    g16 = (pattern(4, 5, 1, 6)[:, :, 0].astype(np.uint16) * 257 + np.arange(20, dtype=np.uint16).reshape(4, 5) * 3)
    Image.fromarray(g16.astype(np.uint16), "I;16").save(os.path.join(OUT, "gray16.png"))
    keep("gray16.png", (g16 >> 8).astype(np.uint8), 1)
    rgb16 = pattern(3, 4, 3, 7).astype(np.uint16) * 256 + 255
    write_png16_rgb(os.path.join(OUT, "rgb16.png"), rgb16)
    keep("rgb16.png", (rgb16 >> 8).astype(np.uint8), 3)

    inter = pattern(11, 13, 3, 8)
    write_png_adam7(os.path.join(OUT, "interlaced.png"), inter)
    assert np.array_equal(np.asarray(Image.open(os.path.join(OUT, "interlaced.png")).convert("RGB")), inter)
    keep("interlaced.png", inter, 3)

    # JPEG: a smooth image so that decoders agree closely; expected is libjpeg's (PIL's) decoding.
    y, x = np.mgrid[0:16, 0:24]
    smooth = np.stack([x * 10, y * 15, 128 + (x - y) * 3], axis=-1).clip(0, 255).astype(np.uint8)
    Image.fromarray(smooth, "RGB").save(os.path.join(OUT, "progressive.jpg"), quality=95, progressive=True, subsampling=0)
    keep("progressive.jpg", np.asarray(Image.open(os.path.join(OUT, "progressive.jpg")).convert("RGB")), 3)
    Image.fromarray(smooth[:, :, 0], "L").save(os.path.join(OUT, "gray.jpg"), quality=95)
    keep("gray.jpg", np.asarray(Image.open(os.path.join(OUT, "gray.jpg")).convert("L")), 1)

    bmp = pattern(5, 6, 3, 9)
    Image.fromarray(bmp, "RGB").save(os.path.join(OUT, "image.bmp"))
    keep("image.bmp", bmp, 3)

    # GIF with two frames: the first is expected (stb decodes GIF as RGBA).
    f0 = Image.fromarray(index, "P")
    f0.putpalette(palette)
    f1 = Image.fromarray(((index + 1) % 6).astype(np.uint8), "P")
    f1.putpalette(palette)
    f0.save(os.path.join(OUT, "animated.gif"), save_all=True, append_images=[f1], duration=100, loop=0)
    keep("animated.gif", np.asarray(f0.convert("RGBA")), 4)

    tga = pattern(4, 7, 3, 10)
    Image.fromarray(tga, "RGB").save(os.path.join(OUT, "image.tga"), compression="tga_rle")
    keep("image.tga", tga, 3)

    # Corrupt PNG: a valid signature and header, then garbage where the compressed data should be.
    with open(os.path.join(OUT, "rgb.png"), "rb") as f:
        good = f.read()
    idat = good.index(b"IDAT")
    bad = bytearray(good)
    for i in range(idat + 4, min(idat + 40, len(bad) - 12)):
        bad[i] = (bad[i] * 7 + 91) & 0xFF
    with open(os.path.join(OUT, "corrupt.png"), "wb") as f:
        f.write(bytes(bad))
    with open(os.path.join(OUT, "not_an_image.png"), "wb") as f:
        f.write(b"this is plain text, not a picture\n")

    # IDX: 3 images of 4 rows x 5 columns, pixel (i, r, c) = 40*i + 5*r + c; labels 7, 0, 3.
    imgs = np.array([[[40 * i + 5 * r + c for c in range(5)] for r in range(4)] for i in range(3)], dtype=np.uint8)
    labels = np.array([7, 0, 3], dtype=np.uint8)
    write_idx(os.path.join(OUT, "tiny-images-idx3-ubyte"), [3, 4, 5], imgs.tobytes())
    write_idx(os.path.join(OUT, "tiny-labels-idx1-ubyte"), [3], labels.tobytes())
    write_idx(os.path.join(OUT, "tiny-images-idx3-ubyte.gz"), [3, 4, 5], imgs.tobytes(), gz=True)
    write_idx(os.path.join(OUT, "tiny-labels-idx1-ubyte.gz"), [3], labels.tobytes(), gz=True)
    write_idx(os.path.join(OUT, "truncated-images-idx3-ubyte"), [3, 4, 5], imgs.tobytes()[:47])
    write_idx(os.path.join(OUT, "two-labels-idx1-ubyte"), [2], labels[:2].tobytes())
    write_idx(os.path.join(OUT, "float-images-idx3"), [1, 2, 2], np.zeros(4, ">f4").tobytes(), dtype_code=0x0D)
    with open(os.path.join(OUT, "bad-magic-idx3-ubyte"), "wb") as f:
        f.write(b"\x01\x02\x08\x03" + struct.pack(">III", 1, 2, 2) + bytes(4))

    safetensors_io.save(os.path.join(OUT, "expected.safetensors"), expected, meta)
    write_resize_references(inter)
    print("wrote", len(expected), "expected images to", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
