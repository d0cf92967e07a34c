// Raw declarations of optim.cpp: whole-list optimizer steps.
using System.Runtime.InteropServices;

namespace MLNet.Gan.Torch.Native;

internal static partial class NativeMethods
{
    [LibraryImport(Lib)]
    internal static unsafe partial int mg_optim_adam_step(IntPtr[] parameters, IntPtr[] expAvgs, IntPtr[] expAvgSqs, long* steps, int count, double lr, double beta1, double beta2, double eps, double weightDecay);

    [LibraryImport(Lib)]
    internal static unsafe partial int mg_optim_sgd_step(IntPtr[] parameters, IntPtr[] momentumBuffers, long* steps, int count, double lr, double momentum, double weightDecay, double dampening, int nesterov);
}
