using System;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Tether.Benchmarks;

// `--quick` trades precision for time (the whole suite in a few minutes); `--memory` only measures the
// memory per live handle, `--notice-latency` the time from a collection to its notice, `--gc-pause` the pause of a
// full collection with a million weak handles. Anything else goes to BenchmarkDotNet (for example `--filter *Lookup*`).
bool quick = args.Contains("--quick");
if (args.Contains("--memory-one"))
{
    MemoryPerHandle.MeasureOne(args.SkipWhile(a => a != "--memory-one").Skip(1).First());
    return;
}

if (args.Contains("--notice-latency-one"))
{
    var rest1 = args.SkipWhile(a => a != "--notice-latency-one").Skip(1).ToArray();
    NoticeLatency.MeasureOne(int.Parse(rest1[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(rest1[1], System.Globalization.CultureInfo.InvariantCulture));
    return;
}

if (args.Contains("--notice-latency"))
{
    NoticeLatency.Report(args.SkipWhile(a => a != "--notice-latency").Skip(1).FirstOrDefault() ?? "bench/results");
    return;
}

if (args.Contains("--gc-pause-one"))
{
    GcPause.MeasureOne(args.SkipWhile(a => a != "--gc-pause-one").Skip(1).First());
    return;
}

if (args.Contains("--gc-pause"))
{
    GcPause.Report(args.SkipWhile(a => a != "--gc-pause").Skip(1).FirstOrDefault() ?? "bench/results");
    return;
}

if (args.Contains("--memory"))
{
    MemoryPerHandle.Report(args.SkipWhile(a => a != "--memory").Skip(1).FirstOrDefault() ?? "bench/results");
    return;
}

var job = quick
    ? Job.Default.WithWarmupCount(1).WithIterationCount(3).WithLaunchCount(1).WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(100))
    : Job.Default;
var config = ManualConfig.CreateEmpty()
    .AddJob(job)
    .AddColumnProvider(DefaultColumnProviders.Instance)
    .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
    .AddExporter(MarkdownExporter.GitHub)
    .AddExporter(CsvExporter.Default)
    .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
    .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
    .WithOptions(ConfigOptions.DisableLogFile)
    .WithArtifactsPath(System.IO.Path.Combine("bench", "artifacts"));

var rest = args.Where(a => a != "--quick").ToArray();
BenchmarkSwitcher.FromAssembly(typeof(LookupBenchmarks).Assembly).Run(rest.Length == 0 ? ["--filter", "*"] : rest, config);
