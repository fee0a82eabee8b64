using Esm.Cli;

return await EsmCommandLine.Create().Parse(args).InvokeAsync();
