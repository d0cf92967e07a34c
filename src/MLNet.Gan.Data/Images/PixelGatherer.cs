// Collects images of one size into one growing NCHW byte buffer, checking each against the first.
using MLNet.Gan.Torch;

namespace MLNet.Gan.Data;

/// <summary>Gathers images (HWC) into one contiguous (N, C, H, W) byte buffer for a single copy into a tensor.</summary>
internal sealed class PixelGatherer
{
    private readonly string _source;
    private byte[] _buffer = [];
    private int _width;
    private int _height;
    private int _channels;
    private long _length;

    public PixelGatherer(string source)
    {
        _source = source;
    }

    public long Count { get; private set; }

    /// <summary>Fixes the expected size before the first image (from a column type).</summary>
    public void ExpectSize(int width, int height)
    {
        _width = width;
        _height = height;
    }

    /// <summary>Appends one image, converted from HWC to CHW. // (H, W, C) -> (C, H, W)</summary>
    public void Add(MLImage image, long row)
    {
        if (_channels == 0)
        {
            if (_width != 0 && (image.Width != _width || image.Height != _height))
            {
                throw Mismatch(row, image);
            }

            _width = image.Width;
            _height = image.Height;
            _channels = image.Channels;
        }
        else if (image.Width != _width || image.Height != _height || image.Channels != _channels)
        {
            throw Mismatch(row, image);
        }

        var plane = _width * _height;
        var size = plane * _channels;
        if (_length + size > _buffer.Length)
        {
            var grown = Math.Max(_length + size, Math.Min(Array.MaxLength, Math.Max(1024L, _buffer.LongLength * 2)));
            if (grown > Array.MaxLength)
            {
                throw new InvalidOperationException($"{_source}: more than {Array.MaxLength} bytes of pixels do not fit in one buffer");
            }

            Array.Resize(ref _buffer, (int)grown);
        }

        var dst = _buffer.AsSpan((int)_length, size);
        var src = image.Pixels;
        if (_channels == 1)
        {
            src.AsSpan(0, size).CopyTo(dst);
        }
        else
        {
            for (var p = 0; p < plane; p++)
            {
                for (var c = 0; c < _channels; c++)
                {
                    dst[(c * plane) + p] = src[(p * _channels) + c];
                }
            }
        }

        _length += size;
        Count++;
    }

    /// <summary>The gathered images as float32 (N, C, H, W) in <paramref name="range"/>.</summary>
    public Tensor ToTensor(PixelRange range) =>
        ImageTensors.ScaleBytes(_buffer.AsSpan(0, (int)_length), [Count, _channels, _height, _width], range);

    private InvalidDataException Mismatch(long row, MLImage image)
    {
        var expected = _channels == 0 ? $"{_width}x{_height}" : $"{_width}x{_height} with {_channels} channels";
        return new InvalidDataException(
            $"{_source} {RowText.Of(row)}: images must share one size to form a tensor; expected {expected}, found {image.Width}x{image.Height} with {image.Channels} channels");
    }
}
