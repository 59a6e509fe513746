namespace Cdc.Schemas.Registry;

/// <summary>
/// A record its stream may not carry: it names another office's subject, a schema registered with other credentials,
/// or a table outside the stream's allow-list. It is never applied; the message says which record and why.
/// </summary>
public sealed class ForbiddenRecordException(string message) : Exception(message);
