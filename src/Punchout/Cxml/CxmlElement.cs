using System.Text;
using System.Xml;

namespace Portal.Punchout.Cxml;

/// <summary>
/// The element tree <see cref="CxmlReader"/> maps from: what an <c>XDocument</c> would hold for the reader's purposes
/// (element and attribute names with their namespaces, attribute values, text, CDATA and whitespace nodes in document
/// order) without the rest of LINQ to XML (XName atomization, change notification, node objects for every text).
/// Built from a reader made by <see cref="Xml.SafeXml"/>, so every security limit stays the reader's.
/// </summary>
internal sealed class CxmlElement
{
    public const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";

    private object[]? attributes; // local name, namespace, value: three slots per attribute
    private int attributeSlots;
    private object[]? content; // string (text) or CxmlElement, in document order
    private int contentCount;

    private CxmlElement(string localName, string namespaceUri, CxmlElement? parent)
    {
        LocalName = localName;
        NamespaceUri = namespaceUri;
        Parent = parent;
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
        for (var i = 0; i < attributeSlots; i += 3)
        {
            if ((string)attributes![i] == localName && (string)attributes[i + 1] == namespaceUri)
            {
                return (string)attributes[i + 2];
            }
        }
        return null;
    }

    /// <summary>The first child element named <paramref name="localName"/> (any namespace).</summary>
    public CxmlElement? Child(string localName)
    {
        for (var i = 0; i < contentCount; i++)
        {
            if (content![i] is CxmlElement e && e.LocalName == localName)
            {
                return e;
            }
        }
        return null;
    }

    /// <summary>The child elements named <paramref name="localName"/> (any namespace), in document order.</summary>
    public IEnumerable<CxmlElement> Children(string localName)
    {
        for (var i = 0; i < contentCount; i++)
        {
            if (content![i] is CxmlElement e && e.LocalName == localName)
            {
                yield return e;
            }
        }
    }

    /// <summary>All child elements in document order.</summary>
    public IEnumerable<CxmlElement> Elements()
    {
        for (var i = 0; i < contentCount; i++)
        {
            if (content![i] is CxmlElement e)
            {
                yield return e;
            }
        }
    }

    /// <summary>The element's own text nodes (text, CDATA, whitespace), in document order.</summary>
    public IEnumerable<string> Texts()
    {
        for (var i = 0; i < contentCount; i++)
        {
            if (content![i] is string s)
            {
                yield return s;
            }
        }
    }

    /// <summary>The element's own text nodes joined (XElement.Nodes().OfType&lt;XText&gt;() concatenated).</summary>
    public string DirectText()
    {
        string? single = null;
        StringBuilder? many = null;
        for (var i = 0; i < contentCount; i++)
        {
            if (content![i] is string s)
            {
                if (single is null)
                {
                    single = s;
                }
                else
                {
                    (many ??= new StringBuilder(single)).Append(s);
                }
            }
        }
        return many?.ToString() ?? single ?? string.Empty;
    }

    /// <summary>All text inside the element, descendants included, in document order (as XElement.Value).</summary>
    public string Value
    {
        get
        {
            if (contentCount == 0)
            {
                return string.Empty;
            }
            if (contentCount == 1 && content![0] is string only)
            {
                return only;
            }
            var text = new StringBuilder();
            AppendText(text);
            return text.ToString();
        }
    }

    private void AppendText(StringBuilder text)
    {
        for (var i = 0; i < contentCount; i++)
        {
            if (content![i] is string s)
            {
                text.Append(s);
            }
            else
            {
                ((CxmlElement)content[i]).AppendText(text);
            }
        }
    }

    /// <summary>Reads the whole document from <paramref name="reader"/>; null when it has no root element.</summary>
    public static CxmlElement? Load(XmlReader reader)
    {
        CxmlElement? root = null;
        CxmlElement? current = null;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    var element = new CxmlElement(reader.LocalName, reader.NamespaceURI, current);
                    if (reader.MoveToFirstAttribute())
                    {
                        do
                        {
                            element.AddAttribute(reader.LocalName, reader.NamespaceURI, reader.Value);
                        }
                        while (reader.MoveToNextAttribute());
                        reader.MoveToElement();
                    }
                    if (current is null)
                    {
                        root ??= element;
                    }
                    else
                    {
                        current.Add(element);
                    }
                    if (!reader.IsEmptyElement)
                    {
                        current = element;
                    }
                    break;
                case XmlNodeType.EndElement:
                    current = current?.Parent;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    current?.Add(reader.Value);
                    break;
            }
        }
        return root;
    }

    private void AddAttribute(string localName, string namespaceUri, string value)
    {
        if (attributes is null)
        {
            attributes = new object[6];
        }
        else if (attributeSlots == attributes.Length)
        {
            Array.Resize(ref attributes, attributes.Length * 2);
        }
        attributes[attributeSlots++] = localName;
        attributes[attributeSlots++] = namespaceUri;
        attributes[attributeSlots++] = value;
    }

    private void Add(object node)
    {
        if (content is null)
        {
            content = new object[4];
        }
        else if (contentCount == content.Length)
        {
            Array.Resize(ref content, content.Length * 2);
        }
        content[contentCount++] = node;
    }
}
