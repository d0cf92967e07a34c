// Raw declarations of image_io.cpp: decode images from memory and encode PNG (stb).
using System.Runtime.InteropServices;

namespace MLNet.Gan.Torch.Native;

internal static partial class NativeMethods
{
    [LibraryImport(Lib)]
    internal static unsafe partial int mg_image_info(byte* data, long length, out int width, out int height, out int channelsInFile);

    [LibraryImport(Lib)]
    internal static unsafe partial int mg_image_decode(
        byte* data, long length, int desiredChannels, out int width, out int height, out int channelsInFile, out int channelsOut, out IntPtr pixels);

    [LibraryImport(Lib)]
    internal static partial int mg_image_free(IntPtr pixels);

    [LibraryImport(Lib)]
    internal static unsafe partial int mg_image_encode_png(byte* pixels, int width, int height, int channels, out IntPtr png, out long pngLength);

    [LibraryImport(Lib)]
    internal static partial int mg_image_free_encoded(IntPtr png);
}
