using BenchmarkDotNet.Running;

// All benchmarks of this assembly; BenchmarkDotNet's command line applies, e.g.
//   dotnet run -c Release --project bench/Portal.Benchmarks -- --filter '*' --job short
// Two plain timed commands for bench/run.sh (see CxmlIntake): cxml-parse and cxml-orders.
if (args.Length > 0 && args[0] is "cxml-parse" or "cxml-orders")
{
    return await Portal.Benchmarks.CxmlIntake.RunAsync(args);
}
BenchmarkSwitcher.FromAssembly(typeof(Portal.Benchmarks.SampleData).Assembly).Run(args);
return 0;
