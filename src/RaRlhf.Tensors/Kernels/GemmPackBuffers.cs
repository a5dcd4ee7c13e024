using System.Runtime.CompilerServices;

namespace RaRlhf.Tensors.Kernels;

/// <summary>
/// Per-thread packing scratch (A block, B panel, one edge tile), 64-byte aligned inside pinned arrays so the
/// micro-kernel's loads never split cache lines. Allocated once per thread and grown only when the block
/// sizes grow: steady-state GEMM calls allocate nothing.
/// </summary>
internal sealed unsafe class GemmPackBuffers
{
    [ThreadStatic] private static GemmPackBuffers? current;

    private float[] storage = [];

    public float* A { get; private set; }
    public float* B { get; private set; }
    public float* Tile { get; private set; }

    public static GemmPackBuffers ForCurrentThread(int mc, int kc, int nc, int mr, int nr)
    {
        var buffers = current ??= new GemmPackBuffers();
        buffers.Ensure(mc, kc, nc, mr, nr);
        return buffers;
    }

    private void Ensure(int mc, int kc, int nc, int mr, int nr)
    {
        const int align = 16; // floats per 64 bytes
        // + align: the transposing packers may write up to 7 junk floats past a panel's end.
        long aLength = GemmBlocking.RoundUp(mc * kc + align, align);
        long bLength = GemmBlocking.RoundUp(kc * nc + align, align);
        long tileLength = GemmBlocking.RoundUp(mr * nr, align);
        var needed = aLength + bLength + tileLength + align;
        if (storage.Length < needed)
        {
            storage = GC.AllocateUninitializedArray<float>(checked((int)needed), pinned: true);
        }

        var basePtr = (float*)(((nint)Unsafe.AsPointer(ref storage[0]) + 63) & ~(nint)63);
        A = basePtr;
        B = basePtr + aLength;
        Tile = B + bLength;
    }
}
