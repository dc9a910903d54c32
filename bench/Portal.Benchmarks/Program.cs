using BenchmarkDotNet.Running;

// All benchmarks of this assembly; BenchmarkDotNet's command line applies, e.g.
//   dotnet run -c Release --project bench/Portal.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Portal.Benchmarks.SampleData).Assembly).Run(args);
