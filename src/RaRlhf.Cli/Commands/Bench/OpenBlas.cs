using System.Runtime.InteropServices;

namespace RaRlhf.Cli.Commands.Bench;

/// <summary>
/// OpenBLAS's <c>cblas_sgemm</c>, bound at run time so the CLI still works where the library is missing.
/// </summary>
internal sealed unsafe class OpenBlas
{
    public const string DebianPath = "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0";
    public const string InstallHint = "OpenBLAS not found at " + DebianPath + ": install libopenblas0-pthread (apt-get install libopenblas0-pthread) to compare against it.";

    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    private readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> sgemm;
    private readonly delegate* unmanaged<int, void> setThreads;

    private OpenBlas(nint library)
    {
        sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)
            NativeLibrary.GetExport(library, "cblas_sgemm");
        setThreads = (delegate* unmanaged<int, void>)NativeLibrary.GetExport(library, "openblas_set_num_threads");
    }

    /// <summary>The Debian pthread build, else whatever <c>libopenblas.so.0</c> the loader finds; null when neither.</summary>
    public static OpenBlas? TryLoad()
    {
        if (NativeLibrary.TryLoad(DebianPath, out var library) || NativeLibrary.TryLoad("libopenblas.so.0", out library))
        {
            return new OpenBlas(library);
        }

        return null;
    }

    public void SetThreads(int threads) => setThreads(threads);

    /// <summary>Row-major C = alpha · op(A) · op(B) + beta · C, the same contract as our Gemm.Sgemm.</summary>
    public void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc) =>
        sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
