"""Training steps in PyTorch eager for the 'compare' benchmark: MLNet.Gan's default conditional DCGAN and the
TensorFlow tutorial's DCGAN (G: dense to 7x7x256, 5x5 transposed convs to 128, 64, 1; D: 5x5 convs 64, 128, dense).

Same networks (28 px, 1 channel, 10 classes, width 32, latent 64), same step: one discriminator step
on a real batch and a detached fake batch (BCE with logits), one generator step with D frozen
(non-saturating loss), then an EMA update of a generator copy. Prints "cgan_batch<B> <ms per step>" and "tutorial_batch256 <ms per step>".
"""
import argparse
import copy
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Generator(nn.Module):
    def __init__(self, latent=64, classes=10, width=32):
        super().__init__()
        ch = width * 2
        emb = min(50, max(8, latent // 2))
        self.embedding = nn.Embedding(classes, emb)
        self.project = nn.Sequential(nn.Linear(latent + emb, ch * 49, bias=False), nn.BatchNorm1d(ch * 49), nn.ReLU(), nn.Unflatten(1, (ch, 7, 7)))
        self.body = nn.Sequential(
            nn.ConvTranspose2d(ch, ch // 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ch // 2), nn.ReLU(),
            nn.ConvTranspose2d(ch // 2, 1, 4, 2, 1), nn.Tanh())

    def forward(self, z, y):
        return self.body(self.project(torch.cat([z, self.embedding(y)], 1)))


class Discriminator(nn.Module):
    def __init__(self, classes=10, width=32):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, width, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(width, width * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(width * 2), nn.LeakyReLU(0.2), nn.Flatten())
        features = width * 2 * 49
        self.head = nn.Linear(features, 1)
        self.projection = nn.Embedding(classes, features)

    def forward(self, x, y):
        h = self.body(x)
        return self.head(h).squeeze(1) + (self.projection(y) * h).sum(1)


def measure(batch, steps, warmup=5):
    torch.manual_seed(1)
    g, d = Generator(), Discriminator()
    ema = copy.deepcopy(g).eval()
    opt_g = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999))
    data = torch.rand(batch * 8, 1, 28, 28) * 2 - 1
    labels = torch.arange(batch * 8) % 10

    def step(i):
        idx = torch.randperm(data.shape[0])[:batch]
        real, y = data[idx], labels[idx]
        for p in d.parameters():
            p.requires_grad_(True)
        with torch.no_grad():
            fake = g(torch.randn(batch, 64), y)
        loss_d = F.binary_cross_entropy_with_logits(d(real, y), torch.ones(batch)) + \
            F.binary_cross_entropy_with_logits(d(fake, y), torch.zeros(batch))
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        for p in d.parameters():
            p.requires_grad_(False)
        loss_g = F.binary_cross_entropy_with_logits(d(g(torch.randn(batch, 64), y), y), torch.ones(batch))
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        decay = min(0.999, (1 + i) / (10 + i))
        with torch.no_grad():
            for pe, p in zip(ema.parameters(), g.parameters()):
                pe.mul_(decay).add_(p, alpha=1 - decay)
            for be, b in zip(ema.buffers(), g.buffers()):
                be.copy_(b)
        return loss_d.item(), loss_g.item()

    for i in range(warmup):
        step(i)
    start = time.perf_counter()
    for i in range(steps):
        step(warmup + i)
    return (time.perf_counter() - start) * 1000 / steps


class TutorialGenerator(nn.Module):
    def __init__(self, latent=100):
        super().__init__()
        self.body = nn.Sequential(
            nn.Linear(latent, 7 * 7 * 256, bias=False), nn.BatchNorm1d(7 * 7 * 256), nn.LeakyReLU(0.3), nn.Unflatten(1, (256, 7, 7)),
            nn.ConvTranspose2d(256, 128, 5, 1, 2, bias=False), nn.BatchNorm2d(128), nn.LeakyReLU(0.3),
            nn.ConvTranspose2d(128, 64, 5, 2, 2, output_padding=1, bias=False), nn.BatchNorm2d(64), nn.LeakyReLU(0.3),
            nn.ConvTranspose2d(64, 1, 5, 2, 2, output_padding=1, bias=False), nn.Tanh())

    def forward(self, z):
        return self.body(z)


class TutorialDiscriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, 64, 5, 2, 2), nn.LeakyReLU(0.3), nn.Dropout(0.3),
            nn.Conv2d(64, 128, 5, 2, 2), nn.LeakyReLU(0.3), nn.Dropout(0.3), nn.Flatten(), nn.Linear(128 * 49, 1))

    def forward(self, x):
        return self.body(x)


def measure_tutorial(batch, steps, warmup=3):
    torch.manual_seed(1)
    g, d = TutorialGenerator(), TutorialDiscriminator()
    opt_g = torch.optim.Adam(g.parameters(), 1e-4)
    opt_d = torch.optim.Adam(d.parameters(), 1e-4)
    data = torch.rand(batch * 4, 1, 28, 28) * 2 - 1

    def step():
        real = data[torch.randperm(data.shape[0])[:batch]]
        fake = g(torch.randn(batch, 100))
        loss_d = F.binary_cross_entropy_with_logits(d(real), torch.ones(batch, 1)) + \
            F.binary_cross_entropy_with_logits(d(fake.detach()), torch.zeros(batch, 1))
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        loss_g = F.binary_cross_entropy_with_logits(d(fake), torch.ones(batch, 1))
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        return loss_d.item(), loss_g.item()

    for _ in range(warmup):
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    return (time.perf_counter() - start) * 1000 / steps


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--batches", default="64,256")
    parser.add_argument("--tutorial-steps", type=int, default=10)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    for b in (int(x) for x in args.batches.split(",")):
        print(f"cgan_batch{b} {measure(b, args.steps):.3f}", flush=True)
    print(f"tutorial_batch256 {measure_tutorial(256, args.tutorial_steps):.3f}", flush=True)


if __name__ == "__main__":
    main()
