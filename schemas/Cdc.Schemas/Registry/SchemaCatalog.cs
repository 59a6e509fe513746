namespace Cdc.Schemas.Registry;

/// <summary>
/// The registry's in-memory index: each subject's versions in order, per broker user that registered them (so that an
/// entry written with another office's credentials never stands for the office's own), and every version by
/// fingerprint (a fingerprint ignores logical types, so several versions, even of several subjects, can share one).
/// Thread-safe.
/// </summary>
internal sealed class SchemaCatalog
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Publisher, string Subject), List<RegisteredSchema>> _subjects = [];
    private readonly Dictionary<string, string> _firstPublisher = new(StringComparer.Ordinal);
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
                return _firstPublisher.Keys.Order(StringComparer.Ordinal).ToArray();
        }
    }

    /// <summary>The versions <paramref name="publisher"/> registered; without one, those of the subject's first publisher (for display).</summary>
    public IReadOnlyList<RegisteredSchema> Versions(string subject, string? publisher = null)
    {
        lock (_lock)
            return Of(subject, publisher) is { } versions ? versions.ToArray() : [];
    }

    public RegisteredSchema? Latest(string subject, string? publisher = null)
    {
        lock (_lock)
            return Of(subject, publisher) is { } versions ? versions[^1] : null;
    }

    public RegisteredSchema? Find(string subject, int version, string? publisher = null)
    {
        lock (_lock)
            return Of(subject, publisher)?.Find(v => v.Version == version);
    }

    /// <summary>The broker users other than <paramref name="publisher"/> that registered this version (forgeries, seen from <paramref name="publisher"/>).</summary>
    public IReadOnlyList<string> OtherPublishers(string subject, int version, string publisher)
    {
        lock (_lock)
            return _subjects.Where(s => s.Key.Subject == subject && s.Key.Publisher != publisher && s.Value.Exists(v => v.Version == version))
                .Select(s => s.Key.Publisher).Order(StringComparer.Ordinal).ToArray();
    }

    private List<RegisteredSchema>? Of(string subject, string? publisher)
    {
        if (publisher is null && !_firstPublisher.TryGetValue(subject, out publisher))
            return null;
        return _subjects.TryGetValue((publisher, subject), out var versions) ? versions : null;
    }

    public IReadOnlyList<RegisteredSchema> ByFingerprint(ulong fingerprint)
    {
        lock (_lock)
            return _fingerprints.TryGetValue(fingerprint, out var versions) ? versions.ToArray() : [];
    }

    /// <summary>
    /// Adds a version under its publisher. Returns false for one already known (a registration read back from the stream); a version
    /// after a gap is still added, in order; <paramref name="known"/> says how many versions the subject had before.
    /// </summary>
    public bool Add(RegisteredSchema schema, out int known)
    {
        lock (_lock)
        {
            _firstPublisher.TryAdd(schema.Subject, schema.Publisher);
            if (!_subjects.TryGetValue((schema.Publisher, schema.Subject), out var versions))
                _subjects[(schema.Publisher, schema.Subject)] = versions = [];
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
