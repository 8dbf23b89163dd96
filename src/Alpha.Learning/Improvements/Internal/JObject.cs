namespace Alpha.Learning.Improvements.Internal;

/// <summary>An object: its members in file order (built on first use when the object was parsed folded).</summary>
internal sealed class JObject : JContainer
{
    private readonly List<JMember> _members = [];
    private Dictionary<string, JMember>? _index;

    public List<JMember> Members
    {
        get
        {
            Unfold();
            return _members;
        }
    }

    /// <summary>Finds a member by name, ignoring case as <c>IConfiguration</c> does.</summary>
    public JMember? Find(string name)
    {
        Unfold();
        return FindBuilt(name);
    }

    /// <summary>Finds a member among those built so far (while the object is being built).</summary>
    public JMember? FindBuilt(string name)
    {
        if (_index is not null)
        {
            return _index.GetValueOrDefault(name);
        }

        foreach (var member in _members)
        {
            if (string.Equals(member.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return member;
            }
        }

        return null;
    }

    /// <summary>Adds a member while the object is being built, keeping a name index once the object is wide, so a wide object costs linear time.</summary>
    public void AddBuilt(JMember member)
    {
        _members.Add(member);
        if (_index is not null)
        {
            _index[member.Name] = member;
        }
        else if (_members.Count > 8)
        {
            _index = new Dictionary<string, JMember>(StringComparer.OrdinalIgnoreCase);
            foreach (var each in _members)
            {
                _index[each.Name] = each;
            }
        }
    }
}
