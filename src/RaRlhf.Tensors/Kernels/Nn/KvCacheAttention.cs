using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using RaRlhf.Tensors.Kernels.Threading;

namespace RaRlhf.Tensors.Kernels.Nn;

/// <summary>
/// Attention of Tn new queries over a KV cache (decoding). Keys/values are (B, NH, capacity, hs); queries come from
/// the chunk's qkv (B, Tn, 3C). New query ti (absolute position t0 + ti) sees cached positions j ≤ t0 + ti whose
/// mask (B, capacity) is non-zero; a query that sees none outputs 0. (b, head) rows are spread over the kernel
/// worker pool; dot products and the weighted sum of values are AVX-512 FMA loops (scalar tails for odd head sizes),
/// normalised once at the end. Reference: <see cref="KvCacheAttentionReference"/>.
/// </summary>
public static unsafe class KvCacheAttention
{
    /// <summary>Writes the chunk's keys and values (from qkv (B, Tn, 3C)) at positions [t0, t0 + Tn) of the cache.</summary>
    public static void Append(Span<float> keys, Span<float> values, ReadOnlySpan<float> qkv, int b, int tn, int t0, int cap, int c, int nh)
    {
        var hs = c / nh;
        for (var bi = 0; bi < b; bi++)
        for (var ti = 0; ti < tn; ti++)
        for (var hi = 0; hi < nh; hi++)
        {
            var src = (bi * tn + ti) * 3 * c + hi * hs;
            var dst = ((bi * nh + hi) * cap + t0 + ti) * hs;
            qkv.Slice(src + c, hs).CopyTo(keys.Slice(dst, hs));
            qkv.Slice(src + 2 * c, hs).CopyTo(values.Slice(dst, hs));
        }
    }

    /// <summary>y (B, Tn, C) = softmax(q·kᵀ/√hs over visible cached positions)·v, per head.</summary>
    public static void Forward(Span<float> y, ReadOnlySpan<float> qkv, ReadOnlySpan<float> keys, ReadOnlySpan<float> values,
        ReadOnlySpan<float> mask, int b, int tn, int t0, int cap, int c, int nh)
    {
        var hs = c / nh;
        if (t0 + tn > cap || y.Length < b * tn * c || qkv.Length < b * tn * 3 * c || keys.Length < b * nh * cap * hs
            || values.Length < b * nh * cap * hs || mask.Length < b * cap)
        {
            throw new ArgumentException($"KV attention: buffers too small for B {b}, Tn {tn}, t0 {t0}, capacity {cap}, C {c}");
        }

        fixed (float* py = y, pq = qkv, pk = keys, pv = values, pm = mask)
        {
            var job = Job.For(py, pq, pk, pv, pm, b, tn, t0, cap, c, nh);
            var rows = b * nh;
            var work = (long)rows * tn * (t0 + tn) * hs;
            var threads = Math.Min(Gemm.Threads, rows);
            // Several parts per thread so a thread slowed by other load takes fewer (parts are claimed, not assigned).
            var parts = work < 1 << 16 || threads <= 1 ? 1 : Math.Min(rows, 4 * threads);
            job.Parts = parts;
            if (parts == 1) job.Execute(0);
            else WorkerPool.Shared.Run(job, parts, threads);
        }
    }

    private sealed class Job : IParallelWork
    {
        [ThreadStatic] private static Job? current;
        [ThreadStatic] private static float[]? scratch;

        private float* y, qkv, keys, values, mask;
        private int b, tn, t0, cap, c, nh;

        public int Parts { get; set; }

        public static Job For(float* y, float* qkv, float* keys, float* values, float* mask, int b, int tn, int t0, int cap, int c, int nh)
        {
            var job = current ??= new Job();
            job.y = y;
            job.qkv = qkv;
            job.keys = keys;
            job.values = values;
            job.mask = mask;
            (job.b, job.tn, job.t0, job.cap, job.c, job.nh) = (b, tn, t0, cap, c, nh);
            return job;
        }

        public void Execute(int part)
        {
            var rows = b * nh;
            Rows((int)((long)rows * part / Parts), (int)((long)rows * (part + 1) / Parts));
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Rows(int start, int end)
        {
            var hs = c / nh;
            var scale = 1f / MathF.Sqrt(hs);
            var w = scratch is { } s && s.Length >= t0 + tn ? s : scratch = new float[Math.Max(t0 + tn, 256)];
            for (var row = start; row < end; row++)
            {
                int bi = row / nh, hi = row % nh;
                var kv = (long)(bi * nh + hi) * cap * hs;
                var m = mask + (long)bi * cap;
                for (var ti = 0; ti < tn; ti++)
                {
                    var q = qkv + (long)(bi * tn + ti) * 3 * c + hi * hs;
                    var o = y + (long)(bi * tn + ti) * c + hi * hs;
                    var visible = t0 + ti + 1;
                    var max = float.NegativeInfinity;
                    for (var j = 0; j < visible; j++)
                    {
                        w[j] = m[j] != 0f ? Dot(q, keys + kv + (long)j * hs, hs) * scale : float.NegativeInfinity;
                        max = MathF.Max(max, w[j]);
                    }

                    new Span<float>(o, hs).Clear();
                    if (float.IsNegativeInfinity(max)) continue;
                    var sum = 0f;
                    for (var j = 0; j < visible; j++)
                    {
                        if (float.IsNegativeInfinity(w[j])) continue;
                        var e = MathF.Exp(w[j] - max);
                        sum += e;
                        Axpy(e, values + kv + (long)j * hs, o, hs);
                    }

                    Scale(o, 1f / sum, hs);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(float* a, float* b, int n)
    {
        var i = 0;
        var acc = Vector512<float>.Zero;
        for (; i + 16 <= n; i += 16) acc = Vector512.FusedMultiplyAdd(Vector512.Load(a + i), Vector512.Load(b + i), acc);
        var sum = Vector512.Sum(acc);
        for (; i < n; i++) sum = MathF.FusedMultiplyAdd(a[i], b[i], sum);
        return sum;
    }

    /// <summary>o += alpha·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Axpy(float alpha, float* x, float* o, int n)
    {
        var i = 0;
        var va = Vector512.Create(alpha);
        for (; i + 16 <= n; i += 16) Vector512.Store(Vector512.FusedMultiplyAdd(va, Vector512.Load(x + i), Vector512.Load(o + i)), o + i);
        for (; i < n; i++) o[i] = MathF.FusedMultiplyAdd(alpha, x[i], o[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scale(float* o, float alpha, int n)
    {
        var i = 0;
        for (; i + 16 <= n; i += 16) Vector512.Store(Vector512.Load(o + i) * alpha, o + i);
        for (; i < n; i++) o[i] *= alpha;
    }
}
