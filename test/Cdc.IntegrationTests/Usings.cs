global using Cdc.IntegrationTests.Harness;
