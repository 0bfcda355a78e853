using System.CommandLine;

var root = new RootCommand("CpqSync: syncs Salesforce CPQ into Stripe Billing.");
return await root.Parse(args).InvokeAsync();
