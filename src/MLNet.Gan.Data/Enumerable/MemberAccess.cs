// Compiled getters and setters for the fields and properties of row classes.
using System.Linq.Expressions;
using System.Reflection;

namespace MLNet.Gan.Data;

/// <summary>Builds fast typed accessors for a member of a row class.</summary>
internal static class MemberAccess
{
    public static MemberInfo Find(Type rowType, string memberName) =>
        (MemberInfo?)rowType.GetField(memberName, BindingFlags.Public | BindingFlags.Instance)
        ?? rowType.GetProperty(memberName, BindingFlags.Public | BindingFlags.Instance)
        ?? throw new InvalidOperationException($"{rowType.Name} has no public field or property '{memberName}'.");

    public static Func<TRow, TMember> Getter<TRow, TMember>(string memberName)
    {
        var row = Expression.Parameter(typeof(TRow), "row");
        var body = Expression.PropertyOrField(row, memberName);
        return Expression.Lambda<Func<TRow, TMember>>(body, row).Compile();
    }

    public static Action<TRow, TMember> Setter<TRow, TMember>(string memberName)
    {
        var row = Expression.Parameter(typeof(TRow), "row");
        var value = Expression.Parameter(typeof(TMember), "value");
        var body = Expression.Assign(Expression.PropertyOrField(row, memberName), value);
        return Expression.Lambda<Action<TRow, TMember>>(body, row, value).Compile();
    }

    /// <summary>Calls a generic static method of <paramref name="owner"/> with the given type arguments, unwrapping exceptions.</summary>
    public static object? InvokeGeneric(Type owner, string method, Type[] typeArgs, params object?[] args)
    {
        var m = owner.GetMethod(method, BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static)!
            .MakeGenericMethod(typeArgs);
        try
        {
            return m.Invoke(null, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}
