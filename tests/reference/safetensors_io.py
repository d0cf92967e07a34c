"""Reads and writes the safetensors format (8-byte LE header length, JSON header, raw bytes).

Written from the published format description so that the reference scripts need nothing beyond
numpy and torch; used to produce test fixtures and to read files written by MLNet.Gan.
"""
import json
import struct

import numpy as np
import torch

_DTYPES = {
    "F32": (torch.float32, np.float32),
    "F64": (torch.float64, np.float64),
    "F16": (torch.float16, np.float16),
    "I64": (torch.int64, np.int64),
    "I32": (torch.int32, np.int32),
    "U8": (torch.uint8, np.uint8),
    "BOOL": (torch.bool, np.bool_),
}
_NAMES = {v[0]: k for k, v in _DTYPES.items()}


def save(path, tensors, metadata=None):
    """Writes a dict of name -> torch.Tensor."""
    header = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name].detach().cpu().contiguous()
        raw = t.numpy().tobytes()
        header[name] = {"dtype": _NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        blobs.append(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def load(path):
    """Returns (dict of name -> torch.Tensor, metadata dict)."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n].decode("utf-8"))
    body = data[8 + n :]
    metadata = header.pop("__metadata__", {})
    out = {}
    for name, entry in header.items():
        tdtype, ndtype = _DTYPES[entry["dtype"]]
        begin, end = entry["data_offsets"]
        arr = np.frombuffer(body[begin:end], dtype=ndtype).reshape(entry["shape"]).copy()
        out[name] = torch.from_numpy(arr)
    return out, metadata
