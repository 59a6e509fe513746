using Cdc.Cli.Commands;

return await CdcCommandLine.RunAsync(args);
