Console.Error.WriteLine("mlnet-gan: being ported"); return 1;
