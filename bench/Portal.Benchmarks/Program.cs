using BenchmarkDotNet.Running;

// All benchmarks of this assembly; BenchmarkDotNet's command line applies, e.g.
//   dotnet run -c Release --project bench/Portal.Benchmarks -- --filter '*' --job short
// (The cXML intake commands of bench/run.sh live in bench/Cxml.)
BenchmarkSwitcher.FromAssembly(typeof(Portal.Benchmarks.SampleData).Assembly).Run(args);
return 0;
