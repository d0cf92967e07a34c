// Maps a model file's component kind to the code that rebuilds it: explicit registrations and [ModelLoader] methods.
using System.Collections.Concurrent;
using System.Reflection;

namespace MLNet.Gan.Data;

/// <summary>
/// Marks a static method <c>ITransformer Create(ModelLoadContext ctx)</c> as the loader of model-file
/// components of <see cref="Kind"/>. Such methods are found in every loaded assembly that references
/// MLNet.Gan.Data, so transformers in other projects load without manual registration.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ModelLoaderAttribute : Attribute
{
    /// <summary>Marks a loader of <paramref name="kind"/>.</summary>
    public ModelLoaderAttribute(string kind)
    {
        Kind = kind;
    }

    /// <summary>The component kind the method loads.</summary>
    public string Kind { get; }
}

/// <summary>The loaders of model-file components, by kind.</summary>
public static class ModelLoaderRegistry
{
    private static readonly ConcurrentDictionary<string, Func<ModelLoadContext, ITransformer>> Loaders = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<Assembly, bool> Scanned = new();
    private static readonly string ThisAssemblyName = typeof(ModelLoaderRegistry).Assembly.GetName().Name!;

    /// <summary>Registers (or replaces) the loader of <paramref name="kind"/>.</summary>
    public static void Register(string kind, Func<ModelLoadContext, ITransformer> loader)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(loader);
        Loaders[kind] = loader;
    }

    /// <summary>The loader of <paramref name="kind"/>, looking through loaded assemblies (and <paramref name="assemblyHint"/>) when needed.</summary>
    public static bool TryGetLoader(string kind, out Func<ModelLoadContext, ITransformer> loader, string? assemblyHint = null)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (Loaders.TryGetValue(kind, out loader!))
        {
            return true;
        }

        ScanLoadedAssemblies();
        if (Loaders.TryGetValue(kind, out loader!))
        {
            return true;
        }

        if (assemblyHint is not null && TryLoadAssembly(assemblyHint) is Assembly hinted)
        {
            Scan(hinted);
        }

        return Loaders.TryGetValue(kind, out loader!);
    }

    /// <summary>The kinds known now (after scanning the loaded assemblies).</summary>
    public static IReadOnlyList<string> KnownKinds()
    {
        ScanLoadedAssemblies();
        return Loaders.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
    }

    private static void ScanLoadedAssemblies()
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            Scan(assembly);
        }
    }

    private static void Scan(Assembly assembly)
    {
        if (!Scanned.TryAdd(assembly, true) || assembly.IsDynamic)
        {
            return;
        }

        var name = assembly.GetName().Name;
        if (name != ThisAssemblyName && !assembly.GetReferencedAssemblies().Any(r => r.Name == ThisAssemblyName))
        {
            return;
        }

        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types.Where(t => t is not null).ToArray()!;
        }

        const BindingFlags flags = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        foreach (var type in types)
        {
            if (type.ContainsGenericParameters)
            {
                continue;
            }

            foreach (var method in type.GetMethods(flags))
            {
                foreach (var attribute in method.GetCustomAttributes<ModelLoaderAttribute>())
                {
                    var parameters = method.GetParameters();
                    if (parameters.Length != 1 || parameters[0].ParameterType != typeof(ModelLoadContext)
                        || !typeof(ITransformer).IsAssignableFrom(method.ReturnType))
                    {
                        throw new InvalidOperationException(
                            $"[ModelLoader(\"{attribute.Kind}\")] on {type.FullName}.{method.Name} needs the signature " +
                            "static ITransformer Create(ModelLoadContext ctx).");
                    }

                    Loaders.TryAdd(attribute.Kind, ctx => (ITransformer)InvokeUnwrapped(method, ctx));
                }
            }
        }
    }

    private static object InvokeUnwrapped(MethodInfo method, ModelLoadContext ctx)
    {
        try
        {
            return method.Invoke(null, [ctx])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static Assembly? TryLoadAssembly(string name)
    {
        try
        {
            return Assembly.Load(new AssemblyName(name));
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return null;
        }
    }
}
