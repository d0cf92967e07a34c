#!/usr/bin/python3
"""PyTorch reference for the DCGAN generator of src/MLNet.Gan/Networks/DcganNetworks.cs.

Reads a model file saved by MLNet.Gan (GanTransformer.Save or mlContext.Model.SaveWithGan with one GAN part),
rebuilds its generator in PyTorch with the same module names, loads part-000/generator.safetensors into it strictly
(so every saved name and shape must be PyTorch's), runs it in eval mode on seeded z (and labels 0, 1, 2, ... for a
conditional model) and writes z, labels, the images and the PyTorch state_dict's names and shapes to a safetensors
file, which tests/MLNet.Gan.Tests/Gan/PyTorchParityTests.cs compares with TorchSharp.

    /usr/bin/python3 tests/reference/generator_parity.py MODEL.zip OUT.safetensors [--count 6] [--seed 1]

Needs PyTorch (Debian: python3-torch); safetensors files are read and written here directly: an 8-byte little-endian
header length, a JSON header of {name: {dtype, shape, data_offsets}} (plus "__metadata__"), then the raw data.
"""
import argparse
import json
import struct
import zipfile

import torch
from torch import nn

DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "I32": torch.int32, "U8": torch.uint8}
NAMES = {v: k for k, v in DTYPES.items()}


def read_safetensors(data: bytes) -> dict:
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    body = data[8 + length:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        flat = torch.frombuffer(bytearray(body[start:end]), dtype=DTYPES[entry["dtype"]])
        tensors[name] = flat.reshape(entry["shape"]).clone()
    return tensors


def write_safetensors(path: str, tensors: dict, metadata: dict) -> None:
    header = {"__metadata__": metadata}
    chunks = []
    offset = 0
    for name, tensor in tensors.items():
        raw = tensor.contiguous().numpy().tobytes()
        header[name] = {"dtype": NAMES[tensor.dtype], "shape": list(tensor.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in chunks:
            f.write(raw)


class DcganGenerator(nn.Module):
    """z (B, latent) [+ embedding(labels)] -> Linear -> BatchNorm1d -> ReLU -> (B, ch, s, s) -> up-convolutions -> tanh."""

    def __init__(self, channels: int, size: int, latent: int, num_classes: int, width: int):
        super().__init__()
        ups = {28: 2, 32: 3, 64: 4}[size]
        base = size >> ups
        ch = width << (ups - 1)
        embed = min(50, max(8, latent // 2)) if num_classes > 0 else 0
        self.embedding = nn.Embedding(num_classes, embed) if num_classes > 0 else None
        projected = ch * base * base
        self.project = nn.Sequential(
            nn.Linear(latent + embed, projected, bias=False),
            nn.BatchNorm1d(projected),
            nn.ReLU(),
            nn.Unflatten(1, (ch, base, base)))
        layers = []
        for _ in range(ups - 1):
            # (B, ch, s, s) -> (B, ch/2, 2s, 2s)
            layers += [nn.ConvTranspose2d(ch, ch // 2, 4, stride=2, padding=1, bias=False), nn.BatchNorm2d(ch // 2), nn.ReLU()]
            ch //= 2
        # (B, width, H/2, W/2) -> (B, C, H, W)
        layers += [nn.ConvTranspose2d(ch, channels, 4, stride=2, padding=1), nn.Tanh()]
        self.body = nn.Sequential(*layers)

    def forward(self, z, labels=None):
        h = z if self.embedding is None else torch.cat([z, self.embedding(labels)], 1)
        return self.body(self.project(h))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with zipfile.ZipFile(args.model) as z:
        info = json.loads(z.read("part-000/gan.json"))
        state = read_safetensors(z.read("part-000/generator.safetensors"))
    if info["Architecture"] != "Dcgan" or info.get("CustomGenerator"):
        raise SystemExit(f"{args.model}: not a built-in DCGAN generator ({info['Architecture']})")
    if info["Height"] != info["ImageWidth"]:
        raise SystemExit(f"{args.model}: DCGAN images are square, found {info['ImageWidth']}x{info['Height']}")

    classes = len(info["ClassNames"])
    generator = DcganGenerator(info["Channels"], info["Height"], info["LatentSize"], classes, info["Width"])
    generator.load_state_dict(state, strict=True)
    generator.eval()

    z = torch.randn(args.count, info["LatentSize"], generator=torch.Generator().manual_seed(args.seed))
    labels = torch.arange(args.count, dtype=torch.int64) % classes if classes > 0 else None
    with torch.no_grad():
        images = generator(z, labels)

    tensors = {"z": z, "images": images}
    if labels is not None:
        tensors["labels"] = labels
    names = ";".join(f"{k}:{','.join(str(d) for d in v.shape)}" for k, v in generator.state_dict().items())
    write_safetensors(args.out, tensors, {"state_dict": names, "torch": torch.__version__})
    print(f"{args.out}: images {list(images.shape)} from {args.model} (torch {torch.__version__})")


if __name__ == "__main__":
    main()
