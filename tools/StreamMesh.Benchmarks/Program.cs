using BenchmarkDotNet.Running;

// Run one suite with: dotnet run -c Release --project tools/StreamMesh.Benchmarks -- --filter '*Srtp*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
