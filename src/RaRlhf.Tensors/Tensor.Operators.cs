using RaRlhf.Tensors.Ops;

namespace RaRlhf.Tensors;

/// <summary>Arithmetic operators, shorthands for the broadcasting ops in <see cref="BinaryOps"/> and <see cref="UnaryOps"/>.</summary>
public sealed partial class Tensor
{
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);

    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);

    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);

    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);

    public static Tensor operator -(Tensor a) => a.Neg();

    public static Tensor operator +(Tensor a, float s) => a.AddScalar(s);

    public static Tensor operator +(float s, Tensor a) => a.AddScalar(s);

    public static Tensor operator -(Tensor a, float s) => a.AddScalar(-s);

    public static Tensor operator -(float s, Tensor a) => a.Neg().AddScalar(s);

    public static Tensor operator *(Tensor a, float s) => a.Scale(s);

    public static Tensor operator *(float s, Tensor a) => a.Scale(s);

    public static Tensor operator /(Tensor a, float s) => a.Scale(1f / s);
}
