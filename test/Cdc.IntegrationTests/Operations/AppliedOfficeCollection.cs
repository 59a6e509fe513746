namespace Cdc.IntegrationTests.Operations;

/// <summary>The tests that share one applied office (<see cref="AppliedOffice"/>): they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class AppliedOfficeCollection : ICollectionFixture<AppliedOffice>
{
    public const string Name = "applied office";
}
