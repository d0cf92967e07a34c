// The packages as users take them: packed once into a local feed, then a fresh console app that references MLNet.Gan
// and TorchSharp-cpu fits a GAN and writes images, and `dotnet tool install` of mlnet-gan runs. (The real notebook host on
// the packages is tests/MLNet.Gan.Notebooks.Tests.) Slow by nature (one Release pack, one app build); the rest reads the packages.
using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Versioning;
using System.Xml.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Build;
using MLNet.Gan.Tests.Cli;

namespace MLNet.Gan.Tests.Build;

// The loader fix, the tool's platform package and its checks are for Linux; elsewhere MSTest reports these as not run.
[OSCondition(OperatingSystems.Linux)]
[TestClass]
[SupportedOSPlatform("linux")]
public sealed class PackageTests
{
    /// <summary>NuGet.org's limit on the size of one package.</summary>
    private const long NuGetOrgPackageLimit = 250L * 1024 * 1024;

    private static readonly string[] DebianFixFiles = ["TorchSharp.Debian.targets", "ElfVersionNeeds.cs", "ElfReader.cs", "ElfVersionNeeds.Task.cs"];

    private static LocalFeed? feed;

    private static LocalFeed Feed => feed ?? throw new InvalidOperationException("the packages were not packed");

    [ClassInitialize]
    public static void PackOnce(TestContext context) => feed = LocalFeed.Pack();

    [ClassCleanup]
    public static void DeleteFeed() => feed?.Dispose();

    [TestMethod]
    public void LibraryPackageCarriesMetadataDocsItsDependenciesAndTheDebianFix()
    {
        XNamespace ns = Feed.Nuspec("MLNet.Gan").Name.Namespace;
        XElement metadata = Feed.Nuspec("MLNet.Gan").Element(ns + "metadata")!;
        Assert.AreEqual("MIT", metadata.Element(ns + "license")?.Value);
        Assert.AreEqual("PACKAGE.md", metadata.Element(ns + "readme")?.Value);
        Assert.IsFalse(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value), "the package has no description");
        CollectionAssert.IsSubsetOf(new[] { "ML.NET", "GAN", "TorchSharp" }, metadata.Element(ns + "tags")!.Value.Split(' '));

        // Exactly the library's references, at the versions the repository pins; no TorchSharp backend.
        var pinned = XDocument.Load(Path.Combine(DotnetCommand.RepoRoot(), "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(p => p.Attribute("Include")!.Value, p => p.Attribute("Version")!.Value);
        var dependencies = metadata.Descendants(ns + "dependency")
            .ToDictionary(d => d.Attribute("id")!.Value, d => d.Attribute("version")!.Value);
        foreach (var id in new[] { "Microsoft.ML", "Microsoft.ML.ImageAnalytics", "TorchSharp", "TorchSharp.PyBridge", "ScottPlot" })
        {
            Assert.IsTrue(dependencies.TryGetValue(id, out var version), $"MLNet.Gan does not depend on {id}: {string.Join(", ", dependencies.Keys)}");
            Assert.AreEqual(pinned[id], version, $"the dependency on {id}");
        }

        Assert.IsFalse(dependencies.Keys.Any(id => id.StartsWith("TorchSharp-", StringComparison.Ordinal) || id.StartsWith("libtorch", StringComparison.Ordinal)),
            $"the library must leave the TorchSharp backend to the application: {string.Join(", ", dependencies.Keys)}");

        using var zip = ZipFile.OpenRead(Feed.PackageFile("MLNet.Gan"));
        Assert.IsNotNull(zip.GetEntry("lib/net10.0/MLNet.Gan.dll"), "no lib/net10.0/MLNet.Gan.dll");
        Assert.Contains("M:MLNet.Gan.GanTransformer.Generate(", ReadText(zip, "lib/net10.0/MLNet.Gan.xml"), "the XML docs lack GanTransformer.Generate");
        Assert.Contains("# MLNet.Gan", ReadText(zip, "PACKAGE.md"));
        Assert.Contains("TorchSharp.Debian.targets", ReadText(zip, "buildTransitive/MLNet.Gan.targets"));
        Assert.IsFalse(zip.Entries.Any(e => e.FullName.Contains("skiasharp3", StringComparison.OrdinalIgnoreCase)),
            "the package still carries a skiasharp3/ folder: ScottPlot is an ordinary dependency on ML.NET 6");
        foreach (var file in DebianFixFiles)
        {
            // One source of truth: the package carries the repository's own files, byte for byte.
            CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(DotnetCommand.RepoRoot(), "eng", file)), ReadBytes(zip, "buildTransitive/" + file),
                $"buildTransitive/{file} differs from eng/{file}");
        }
    }

    [TestMethod]
    public void InteractivePackageIsAKernelExtensionThatBringsTheLibrary()
    {
        XNamespace ns = Feed.Nuspec("MLNet.Gan.Interactive").Name.Namespace;
        XElement metadata = Feed.Nuspec("MLNet.Gan.Interactive").Element(ns + "metadata")!;
        Assert.AreEqual("PACKAGE.md", metadata.Element(ns + "readme")?.Value);
        CollectionAssert.IsSubsetOf(new[] { "dotnet-interactive", "polyglot-notebooks" }, metadata.Element(ns + "tags")!.Value.Split(' '));

        // The library at the same version, and nothing of .NET Interactive: the notebook host brings its own.
        var dependencies = metadata.Descendants(ns + "dependency").ToDictionary(d => d.Attribute("id")!.Value, d => d.Attribute("version")!.Value);
        Assert.AreEqual(Feed.Version, dependencies.GetValueOrDefault("MLNet.Gan"), $"dependencies: {string.Join(", ", dependencies)}");
        Assert.IsFalse(dependencies.Keys.Any(id => id.StartsWith("Microsoft.DotNet.Interactive", StringComparison.Ordinal) || id == "ScottPlot"),
            $"the extension must leave .NET Interactive to the host and ScottPlot to MLNet.Gan: {string.Join(", ", dependencies.Keys)}");

        // Where the host looks after `#r "nuget: ..."`: <package>/interactive-extensions/dotnet/*.dll, each public IKernelExtension.
        using var zip = ZipFile.OpenRead(Feed.PackageFile("MLNet.Gan.Interactive"));
        var extension = ReadBytes(zip, "interactive-extensions/dotnet/MLNet.Gan.Interactive.dll");
        CollectionAssert.AreEqual(ReadBytes(zip, "lib/net10.0/MLNet.Gan.Interactive.dll"), extension, "the extension and the lib/ assembly differ");
        CollectionAssert.AreEqual(new[] { "MLNet.Gan.Interactive.GanKernelExtension" }, KernelExtensionTypes(extension), "the packed assembly's kernel extensions");
    }

    [TestMethod]
    public void ToolPackagesAreSplitByPlatformAndCarryTheWeakMarkedTorchSharpLibrary()
    {
        using (var pointer = ZipFile.OpenRead(Feed.PackageFile("mlnet-gan")))
        {
            var settings = XDocument.Load(new MemoryStream(ReadBytes(pointer, "tools/any/any/DotnetToolSettings.xml"))).Root!;
            Assert.AreEqual("mlnet-gan", settings.Descendants("Command").Single().Attribute("Name")!.Value);
            var platform = settings.Descendants("RuntimeIdentifierPackage").Single(p => p.Attribute("RuntimeIdentifier")!.Value == LocalFeed.Rid);
            Assert.AreEqual($"mlnet-gan.{LocalFeed.Rid}", platform.Attribute("Id")!.Value);
        }

        var platformPackage = Feed.PackageFile($"mlnet-gan.{LocalFeed.Rid}");
        var size = new FileInfo(platformPackage).Length;
        Assert.IsLessThan(NuGetOrgPackageLimit, size, $"{Path.GetFileName(platformPackage)} is {size:N0} bytes, over NuGet.org's limit");

        using var zip = ZipFile.OpenRead(platformPackage);
        var tools = $"tools/net10.0/{LocalFeed.Rid}/";
        Assert.IsNotNull(zip.GetEntry(tools + "mlnet-gan.dll"), $"no {tools}mlnet-gan.dll");
        Assert.IsNotNull(zip.GetEntry(tools + "libtorch_cpu.so"), $"no {tools}libtorch_cpu.so: the tool needs TorchSharp-cpu's natives");
        foreach (var file in new[] { "ScottPlot.dll", "SkiaSharp.dll", "libSkiaSharp.so" })
        {
            Assert.IsNotNull(zip.GetEntry(tools + file), $"no {tools}{file}: the tool's images and loss curves need it");
        }

        using var folder = new TempFolder();
        var packed = folder.File(NativeLibraries.LibTorchSharp);
        zip.GetEntry(tools + NativeLibraries.LibTorchSharp)!.ExtractToFile(packed);

        // Packed for other machines: weak whatever this machine's libstdc++ has.
        Assert.IsTrue(NativeLibraries.Need(packed, NativeLibraries.Glibcxx332).IsWeak,
            $"the tool package's {NativeLibraries.LibTorchSharp} still needs {NativeLibraries.Glibcxx332} strongly: it would not load on Debian 12");
        Assert.IsFalse(NativeLibraries.Need(NativeLibraries.PackageCacheCopy(), NativeLibraries.Glibcxx332).IsWeak, "the package cache's copy was modified");
    }

    [TestMethod]
    public void ConsoleAppOnThePackagesFitsAGanInAPipelineAndWritesAnImage()
    {
        var app = Feed.NewConsumerFolder("app");
        var source = Path.Combine(DotnetCommand.RepoRoot(), "tests", "MLNet.Gan.Tests", "Build", "PackageConsumer");
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
        }

        DotnetCommand.DotnetOk(["build", "-v:m", "-nodeReuse:false", $"-p:MLNetGanVersion={Feed.Version}"], TimeSpan.FromMinutes(5), app);

        // MLNet.Gan came from the local feed into this folder's own package cache, with its build files.
        var restored = Path.Combine(app, ".nuget-packages", "mlnet.gan", Feed.Version);
        Assert.IsTrue(File.Exists(Path.Combine(restored, "buildTransitive", "MLNet.Gan.targets")), $"MLNet.Gan {Feed.Version} was not restored into {restored}");

        // The package's build files patched the app's copy of TorchSharp's library, exactly as the repository's build does.
        var output = Path.Combine(app, "bin", "Debug", "net10.0");
        NativeLibraries.AssertWeakExactlyWhenTheSystemLacksGlibcxx332(Path.Combine(output, "runtimes", LocalFeed.Rid, "native", NativeLibraries.LibTorchSharp));

        var results = Path.Combine(app, "results");
        var run = DotnetCommand.Dotnet(["exec", Path.Combine(output, "PackageConsumer.dll"), results], TimeSpan.FromMinutes(2), app);
        Assert.AreEqual(0, run.ExitCode, run.Describe());
        var lines = run.Output.Split('\n', StringSplitOptions.TrimEntries);
        CollectionAssert.Contains(lines, "trained steps: 10", run.Describe());
        CollectionAssert.Contains(lines, "classes: left,right", run.Describe());
        // Every public type of the library loads in the app: no assembly it names is missing or of the wrong version.
        Assert.IsTrue(lines.Any(l => l.StartsWith("exported types: ", StringComparison.Ordinal) && int.Parse(l["exported types: ".Length..], System.Globalization.CultureInfo.InvariantCulture) > 50),
            run.Describe());
        // ML.NET's images and ScottPlot share one SkiaSharp 3 in the default load context.
        CollectionAssert.Contains(lines, "SkiaSharp: 3 Default", run.Describe());

        var png = Path.Combine(results, "generated.png");
        using (var image = MLImage.CreateFromFile(png))
        {
            Assert.AreEqual((8, 8), (image.Width, image.Height), $"{png} has the wrong size");
        }

        Assert.IsFalse(Directory.Exists(Path.Combine(output, "skiasharp3")), $"{output} has a skiasharp3/ folder");
        var published = Path.Combine(app, "published");
        DotnetCommand.DotnetOk(["publish", "--no-build", "-c", "Debug", "-v:m", "-nodeReuse:false", $"-p:MLNetGanVersion={Feed.Version}", "-o", published], TimeSpan.FromMinutes(2), app);
        foreach (var file in new[] { "ScottPlot.dll", "SkiaSharp.dll", Path.Combine("runtimes", LocalFeed.Rid, "native", "libSkiaSharp.so") })
        {
            Assert.IsTrue(File.Exists(Path.Combine(published, file)), $"the published app lacks {file}");
        }

        var curves = Path.Combine(results, "loss_curve.png");
        using (var image = MLImage.CreateFromFile(curves))
        {
            Assert.AreEqual((400, 300), (image.Width, image.Height), $"{curves} has the wrong size");
        }

        // The model the app saved loads in this process, with the library under test.
        var mlContext = new MLContext(seed: 1);
        var model = mlContext.Model.LoadWithGan(Path.Combine(results, "model.zip"), out var inputSchema);
        Assert.IsNotNull(inputSchema.GetColumnOrNull("Label"), "the saved input schema lost its Label column");
        (model as IDisposable)?.Dispose();
    }

    [TestMethod]
    public void InstalledToolPrintsItsHelpGeneratesImagesAndDrawsLossCurves()
    {
        var folder = Feed.NewConsumerFolder("tool");
        var toolPath = Path.Combine(folder, "tools");
        DotnetCommand.DotnetOk(
            ["tool", "install", "--add-source", Feed.Packages, "--tool-path", toolPath, "mlnet-gan", "--version", Feed.Version],
            TimeSpan.FromMinutes(3), folder);

        // `dotnet tool install` picked this platform's package; its copy of TorchSharp's library is the weak-marked one.
        var installed = Path.Combine(toolPath, ".store", "mlnet-gan", Feed.Version, $"mlnet-gan.{LocalFeed.Rid}", Feed.Version, "tools", "net10.0", LocalFeed.Rid);
        Assert.IsTrue(NativeLibraries.Need(Path.Combine(installed, NativeLibraries.LibTorchSharp), NativeLibraries.Glibcxx332).IsWeak,
            $"the installed tool's {NativeLibraries.LibTorchSharp} in {installed} needs {NativeLibraries.Glibcxx332} strongly");

        var tool = Path.Combine(toolPath, "mlnet-gan");
        var help = DotnetCommand.Run(tool, ["--help"], TimeSpan.FromMinutes(1), folder);
        Assert.AreEqual(0, help.ExitCode, help.Describe());
        Assert.Contains("mlnet-gan [command] [options]", help.Output, help.Describe());
        foreach (var command in new[] { "train", "generate", "info", "evaluate" })
        {
            Assert.IsTrue(help.Output.Split('\n').Any(l => l.TrimStart().StartsWith(command + " ", StringComparison.Ordinal)),
                $"--help lists no '{command}' command:\n{help.Describe()}");
        }

        // Generating loads TorchSharp's native library: the installed tool runs on this machine.
        var model = Path.Combine(AppContext.BaseDirectory, "Gan", "Fixtures", "dcgan28-conditional.zip");
        var images = Path.Combine(folder, "generated");
        var generate = DotnetCommand.Run(tool, ["generate", "--model", model, "--count", "4", "--format", "png", "--out", images], TimeSpan.FromMinutes(1), folder);
        Assert.AreEqual(0, generate.ExitCode, generate.Describe());
        using (var grid = MLImage.CreateFromFile(Path.Combine(images, "grid.png")))
        {
            Assert.IsGreaterThanOrEqualTo(28, grid.Width, $"the generated grid is {grid.Width}x{grid.Height}");
        }

        // Training writes its loss curves with ScottPlot, which the tool package carries as an ordinary dependency.
        var data = CliHarness.WriteImageFolder(folder, perClass: 8);
        var trained = Path.Combine(folder, "trained");
        var train = DotnetCommand.Run(tool, ["train", "--data", data, "--image-size", "8", "--steps", "2", "--batch-size", "8", "--device", "cpu", "--out", trained],
            TimeSpan.FromMinutes(2), folder);
        Assert.AreEqual(0, train.ExitCode, train.Describe());
        using var curves = MLImage.CreateFromFile(Path.Combine(trained, "loss_curve.png"));
        Assert.IsGreaterThanOrEqualTo(300, curves.Width, $"the installed tool's loss curves are {curves.Width}x{curves.Height}");
    }

    // The public, instantiable classes of an assembly that implement .NET Interactive's IKernelExtension, read from its
    // metadata (the host's own test: exported, not abstract, assignable to IKernelExtension) without loading it.
    private static List<string> KernelExtensionTypes(byte[] assembly)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        var reader = pe.GetMetadataReader();
        var found = new List<string>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            if ((type.Attributes & TypeAttributes.VisibilityMask) != TypeAttributes.Public || (type.Attributes & (TypeAttributes.Abstract | TypeAttributes.Interface)) != 0)
            {
                continue;
            }

            foreach (var implementation in type.GetInterfaceImplementations())
            {
                var iface = reader.GetInterfaceImplementation(implementation).Interface;
                if (iface.Kind == HandleKind.TypeReference && reader.GetTypeReference((TypeReferenceHandle)iface) is var reference
                    && reader.GetString(reference.Namespace) == "Microsoft.DotNet.Interactive" && reader.GetString(reference.Name) == "IKernelExtension")
                {
                    found.Add($"{reader.GetString(type.Namespace)}.{reader.GetString(type.Name)}");
                }
            }
        }

        return found;
    }

    private static byte[] ReadBytes(ZipArchive zip, string entryName)
    {
        var entry = zip.GetEntry(entryName);
        Assert.IsNotNull(entry, $"the package has no {entryName}");
        using var stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static string ReadText(ZipArchive zip, string entryName) => System.Text.Encoding.UTF8.GetString(ReadBytes(zip, entryName));
}
