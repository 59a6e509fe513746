namespace Cdc.Appliers;

/// <summary>What an applier does with a target column whose source column was dropped.</summary>
public enum DroppedColumnPolicy
{
    /// <summary>Keep it (made nullable, so new rows can leave it out): nothing already applied is lost.</summary>
    Keep,

    /// <summary>Drop it from the target too.</summary>
    Drop,
}
