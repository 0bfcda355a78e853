using CpqSync.Cli;

return await CpqSyncCommandLine.RunAsync(args, TimeProvider.System);
