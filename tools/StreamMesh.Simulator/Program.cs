Console.Error.WriteLine("simulator: not built yet");
return 1;
