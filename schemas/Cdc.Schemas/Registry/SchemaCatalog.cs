namespace Cdc.Schemas.Registry;

/// <summary>
/// The registry's in-memory index: each subject's versions in order, and every version by fingerprint (a fingerprint
/// ignores logical types, so several versions, even of several subjects, can share one). Thread-safe.
/// </summary>
internal sealed class SchemaCatalog
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<RegisteredSchema>> _subjects = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, List<RegisteredSchema>> _fingerprints = new();

    public int Count
    {
        get
        {
            lock (_lock)
                return _subjects.Values.Sum(v => v.Count);
        }
    }

    public IReadOnlyList<string> Subjects
    {
        get
        {
            lock (_lock)
                return _subjects.Keys.Order(StringComparer.Ordinal).ToArray();
        }
    }

    public IReadOnlyList<RegisteredSchema> Versions(string subject)
    {
        lock (_lock)
            return _subjects.TryGetValue(subject, out var versions) ? versions.ToArray() : [];
    }

    public RegisteredSchema? Latest(string subject)
    {
        lock (_lock)
            return _subjects.TryGetValue(subject, out var versions) ? versions[^1] : null;
    }

    public RegisteredSchema? Find(string subject, int version)
    {
        lock (_lock)
            return _subjects.TryGetValue(subject, out var versions) ? versions.Find(v => v.Version == version) : null;
    }

    public IReadOnlyList<RegisteredSchema> ByFingerprint(ulong fingerprint)
    {
        lock (_lock)
            return _fingerprints.TryGetValue(fingerprint, out var versions) ? versions.ToArray() : [];
    }

    /// <summary>
    /// Adds a version. Returns false for one already known (a registration read back from the stream); a version
    /// after a gap is still added, in order; <paramref name="known"/> says how many versions the subject had before.
    /// </summary>
    public bool Add(RegisteredSchema schema, out int known)
    {
        lock (_lock)
        {
            if (!_subjects.TryGetValue(schema.Subject, out var versions))
                _subjects[schema.Subject] = versions = [];
            known = versions.Count;
            if (versions.Count >= schema.Version)
                return false;
            versions.Add(schema);
            if (!_fingerprints.TryGetValue(schema.Fingerprint, out var sameFingerprint))
                _fingerprints[schema.Fingerprint] = sameFingerprint = [];
            sameFingerprint.Add(schema);
            return true;
        }
    }
}
