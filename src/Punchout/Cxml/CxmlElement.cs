using System.Text;
using System.Xml;

namespace Portal.Punchout.Cxml;

/// <summary>
/// The element tree <see cref="CxmlReader"/> maps from: what an <c>XDocument</c> would hold for the reader's purposes
/// (element and attribute names with their namespaces, attribute values, text, CDATA and whitespace nodes in document
/// order) without the rest of LINQ to XML (XName atomization, change notification, node objects for every text).
/// Built from a reader made by <see cref="Xml.SafeXml"/>, so every security limit stays the reader's. The nodes of a
/// document live in two arrays shared by all its elements (content in document order, attributes), so an element costs
/// one small object instead of its own growing arrays: an element's content is the range after its own slot up to
/// <c>end</c>, and its next sibling starts where a child element's range ends.
/// </summary>
internal sealed class CxmlElement
{
    public const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";

    private readonly Nodes nodes;
    private readonly int start; // the first content slot (the slot after the element's own)
    private int end; // one past the last content slot, descendants included
    private readonly int attributeStart; // local name, namespace, value: three slots per attribute
    private int attributeEnd;

    private CxmlElement(string localName, string namespaceUri, CxmlElement? parent, Nodes nodes)
    {
        LocalName = localName;
        NamespaceUri = namespaceUri;
        Parent = parent;
        this.nodes = nodes;
        start = nodes.ContentCount + 1;
        end = start;
        attributeStart = attributeEnd = nodes.AttributeSlots;
    }

    public string LocalName { get; }

    public string NamespaceUri { get; }

    public CxmlElement? Parent { get; }

    /// <summary>The document's root element.</summary>
    public CxmlElement Root
    {
        get
        {
            var e = this;
            while (e.Parent is not null)
            {
                e = e.Parent;
            }
            return e;
        }
    }

    /// <summary>The attribute's value, or null: <paramref name="localName"/> in <paramref name="namespaceUri"/> ("" for none).</summary>
    public string? Attribute(string localName, string namespaceUri = "")
    {
        var attributes = nodes.Attributes;
        for (var i = attributeStart; i < attributeEnd; i += 3)
        {
            if ((string)attributes[i] == localName && (string)attributes[i + 1] == namespaceUri)
            {
                return (string)attributes[i + 2];
            }
        }
        return null;
    }

    /// <summary>The first child element named <paramref name="localName"/> (any namespace).</summary>
    public CxmlElement? Child(string localName) => FirstNamed(localName, start, end);

    /// <summary>The child elements named <paramref name="localName"/> (any namespace), in document order.</summary>
    public IEnumerable<CxmlElement> Children(string localName)
    {
        for (var e = Child(localName); e is not null; e = e.NextSibling(localName))
        {
            yield return e;
        }
    }

    /// <summary>The next element after this one under the same parent named <paramref name="localName"/> (any namespace), or null.</summary>
    public CxmlElement? NextSibling(string localName) => Parent is null ? null : FirstNamed(localName, end, Parent.end);

    /// <summary>The first element named <paramref name="localName"/> among the siblings in content positions [from, to).</summary>
    private CxmlElement? FirstNamed(string localName, int from, int to)
    {
        var content = nodes.Content;
        for (var i = from; i < to;)
        {
            if (content[i] is CxmlElement e)
            {
                if (e.LocalName == localName)
                {
                    return e;
                }
                i = e.end;
            }
            else
            {
                i++;
            }
        }
        return null;
    }

    /// <summary>All child elements in document order.</summary>
    public IEnumerable<CxmlElement> Elements()
    {
        for (var i = start; i < end;)
        {
            if (nodes.Content[i] is CxmlElement e)
            {
                yield return e;
                i = e.end;
            }
            else
            {
                i++;
            }
        }
    }

    /// <summary>Whether any of the element's own text nodes (text, CDATA, whitespace) is not all white space.</summary>
    public bool HasNonWhiteSpaceText()
    {
        var content = nodes.Content;
        for (var i = start; i < end;)
        {
            if (content[i] is string s)
            {
                if (!string.IsNullOrWhiteSpace(s))
                {
                    return true;
                }
                i++;
            }
            else
            {
                i = ((CxmlElement)content[i]).end;
            }
        }
        return false;
    }

    /// <summary>
    /// Whether the document was loaded with its whitespace nodes; without them <see cref="Value"/> can lack leading or
    /// trailing whitespace (see <see cref="Load"/>).
    /// </summary>
    public bool WhitespaceRead => nodes.WhitespaceRead;

    /// <summary>
    /// The element's own text nodes (text, CDATA, whitespace) joined and trimmed: the trimmed
    /// XElement.Nodes().OfType&lt;XText&gt;() concatenation.
    /// </summary>
    /// <exception cref="WhitespaceNeededException">Whitespace nodes were not read and one could fall between kept text.</exception>
    public string TrimmedDirectText() => Join(ownOnly: true, trim: true);

    /// <summary>All text inside the element, descendants included, in document order, trimmed (XElement.Value.Trim()).</summary>
    /// <exception cref="WhitespaceNeededException">Whitespace nodes were not read and one could fall between kept text.</exception>
    public string TrimmedValue => Join(ownOnly: false, trim: true);

    /// <summary>
    /// All text inside the element, descendants included, in document order (as XElement.Value). Without
    /// <see cref="WhitespaceRead"/> a whitespace node before or after the text is missing.
    /// </summary>
    /// <exception cref="WhitespaceNeededException">Whitespace nodes were not read and the element has more than one text node.</exception>
    public string Value => Join(ownOnly: false, trim: false);

    private string Join(bool ownOnly, bool trim)
    {
        var content = nodes.Content;
        string? single = null;
        StringBuilder? many = null;
        var kept = 0; // text nodes that trimming keeps (all text nodes when not trimming)
        for (var i = start; i < end;)
        {
            var node = content[i];
            if (node is string s)
            {
                if (!trim || !string.IsNullOrWhiteSpace(s))
                {
                    // An unread whitespace node may lie between any two text nodes (and it would stay in the middle).
                    if (++kept > 1 && !nodes.WhitespaceRead)
                    {
                        throw new WhitespaceNeededException();
                    }
                }
                if (single is null)
                {
                    single = s;
                }
                else
                {
                    (many ??= new StringBuilder(single)).Append(s);
                }
                i++;
            }
            else
            {
                i = ownOnly ? ((CxmlElement)node).end : i + 1;
            }
        }
        var text = many?.ToString() ?? single ?? string.Empty;
        return trim ? text.Trim() : text;
    }

    /// <summary>
    /// Reads the whole document from <paramref name="reader"/>; null when it has no root element. Tell whether the
    /// reader reports whitespace nodes (<see cref="XmlReaderSettings.IgnoreWhitespace"/> off) with
    /// <paramref name="whitespaceRead"/>: without them, text lookups that one could change (white space between two
    /// text nodes, or around an untrimmed <see cref="Value"/>) throw <see cref="WhitespaceNeededException"/> or say so
    /// (<see cref="WhitespaceRead"/>), and the caller loads the document again with whitespace. The node arrays start at
    /// the size a document of <paramref name="documentSize"/> bytes or characters usually needs (real buyer documents
    /// hold a node per 24 characters or more), not grown from small.
    /// </summary>
    public static CxmlElement? Load(XmlReader reader, bool whitespaceRead, int documentSize = 0)
    {
        var capacity = Math.Clamp(documentSize / (whitespaceRead ? 16 : 24), 64, 64 * 1024);
        var nodes = new Nodes(capacity) { WhitespaceRead = whitespaceRead };
        CxmlElement? root = null;
        CxmlElement? current = null;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    if (current is null && root is not null)
                    {
                        break; // not reached: a reader reports one root element
                    }
                    var element = new CxmlElement(reader.LocalName, reader.NamespaceURI, current, nodes);
                    nodes.Add(element);
                    if (reader.MoveToFirstAttribute())
                    {
                        do
                        {
                            nodes.AddAttribute(reader.LocalName, reader.NamespaceURI, reader.Value);
                        }
                        while (reader.MoveToNextAttribute());
                        reader.MoveToElement();
                        element.attributeEnd = nodes.AttributeSlots;
                    }
                    root ??= element;
                    if (!reader.IsEmptyElement)
                    {
                        current = element;
                    }
                    break;
                case XmlNodeType.EndElement:
                    if (current is not null)
                    {
                        current.end = nodes.ContentCount;
                        current = current.Parent;
                    }
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    if (current is not null)
                    {
                        nodes.Add(reader.Value);
                    }
                    break;
            }
        }
        return root;
    }

    /// <summary>A document's content (strings and elements in document order) and attribute slots, both arrays started at <paramref name="capacity"/>.</summary>
    private sealed class Nodes(int capacity)
    {
        public object[] Content = new object[capacity];
        public int ContentCount;
        public object[] Attributes = new object[capacity];
        public int AttributeSlots;
        public bool WhitespaceRead;

        public void Add(object node)
        {
            if (ContentCount == Content.Length)
            {
                Array.Resize(ref Content, Content.Length * 2);
            }
            Content[ContentCount++] = node;
        }

        public void AddAttribute(string localName, string namespaceUri, string value)
        {
            if (AttributeSlots + 3 > Attributes.Length)
            {
                Array.Resize(ref Attributes, Attributes.Length * 2);
            }
            Attributes[AttributeSlots++] = localName;
            Attributes[AttributeSlots++] = namespaceUri;
            Attributes[AttributeSlots++] = value;
        }
    }
}

/// <summary>A text lookup met an unread whitespace node that changes its result: load the document with whitespace read.</summary>
internal sealed class WhitespaceNeededException() : Exception("The document's whitespace nodes are needed.");
