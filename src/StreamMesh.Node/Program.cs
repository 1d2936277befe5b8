Console.Error.WriteLine("streammesh: not built yet");
return 1;
