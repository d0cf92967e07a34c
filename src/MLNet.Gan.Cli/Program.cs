// mlnet-gan: the command line of MLNet.Gan (train, generate, info).
Console.Error.WriteLine("mlnet-gan: the command line is not built yet.");
return 1;
