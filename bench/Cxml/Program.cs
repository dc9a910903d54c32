// Two plain timed commands for bench/run.sh (see CxmlIntake): cxml-parse and cxml-orders.
//   dotnet bench/Cxml/bin/Release/net10.0/Portal.Bench.Cxml.dll cxml-parse --docs 10000 --rounds 3
if (args.Length > 0 && args[0] is "cxml-parse" or "cxml-orders")
{
    return await Portal.Bench.Cxml.CxmlIntake.RunAsync(args);
}
Console.Error.WriteLine("usage: Portal.Bench.Cxml cxml-parse [--docs N] [--rounds N] [--lines N] | cxml-orders --url URL --identity ID --secret S [--skus FILE] [--lines N] [--count N] [--parallel N]");
return 2;
