Console.Error.WriteLine("benchmarks: being ported"); return 1;
