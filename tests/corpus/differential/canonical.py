"""Namespace-aware comparison of two SOAP Bodies, shared by the differential tests.

Canonical form of an element: its Clark name; its attributes by Clark name (namespace
declarations are not attributes in lxml); its text; its children in order. Text or an attribute
value that reads "prefix:local" (or a SOAP-ENC arrayType, "prefix:local[n]") with a prefix in
scope is a QName (xsi:type, xs:QName values, arrayType) and is compared as a Clark name, since
each side chooses its own prefixes. Whitespace-only text between child elements is formatting
and ignored. soapenv:encodingStyle is compared as the style in force (canon says why).
"""

import re

from lxml import etree

ENVELOPES = {
    "http://schemas.xmlsoap.org/soap/envelope/",
    "http://www.w3.org/2003/05/soap-envelope",
}
QNAME = re.compile(r"^([A-Za-z_][\w.-]*):([A-Za-z_][\w.-]*)(\[[\d,]*\])?$")


def clark(el, text):
    m = QNAME.match(text)
    if m and m.group(1) in el.nsmap:
        return "{%s}%s%s" % (el.nsmap[m.group(1)], m.group(2), m.group(3) or "")
    return text


def encoding_style(el):
    """The encodingStyle in force at `el`: its own, or the nearest ancestor's."""
    for e in [el, *el.iterancestors()]:
        for ns in ENVELOPES:
            style = e.get("{%s}encodingStyle" % ns)
            if style is not None:
                return style
    return None


def canon(el, inherited=None):
    """`el` in canonical form. soapenv:encodingStyle applies to the element and everything in it,
    wherever it is written (PHP writes it on the Envelope, soapfig on the operation element): it
    is compared as the style in force, shown where it changes."""
    style = encoding_style(el)
    attrs = []
    for k, v in el.attrib.items():
        if etree.QName(k).localname == "encodingStyle" and etree.QName(k).namespace in ENVELOPES:
            continue
        attrs.append((k, clark(el, v)))
    if style != inherited:
        attrs.append(("(encodingStyle in force)", style or "none"))
    children = [c for c in el if isinstance(c.tag, str)]
    text = el.text or ""
    if children and not text.strip():
        text = ""
    return (
        el.tag,
        tuple(sorted(attrs)),
        clark(el, text),
        tuple(canon(c, style) for c in children),
    )


def body_children(envelope):
    for child in envelope:
        if etree.QName(child).localname == "Body" and etree.QName(child).namespace in ENVELOPES:
            return [c for c in child if isinstance(c.tag, str)]
    raise ValueError("no soap Body")


def first_difference(ours, theirs, path="Body"):
    if len(ours) != len(theirs):
        return "%s: %d children in ours, %d in theirs: ours %s, theirs %s" % (
            path,
            len(ours),
            len(theirs),
            [c[0] for c in ours],
            [c[0] for c in theirs],
        )
    for i, (a, b) in enumerate(zip(ours, theirs)):
        here = "%s/%s[%d]" % (path, a[0], i)
        if a[0] != b[0]:
            return "%s: element %s in ours, %s in theirs" % (path, a[0], b[0])
        if a[1] != b[1]:
            return "%s: attributes %s in ours, %s in theirs" % (here, dict(a[1]), dict(b[1]))
        if a[2] != b[2]:
            return "%s: text %r in ours, %r in theirs" % (here, a[2], b[2])
        d = first_difference(a[3], b[3], here)
        if d:
            return d
    return None


def difference(ours, theirs):
    """The first difference between the Bodies of two envelopes (lxml elements), or None."""
    return first_difference(
        [canon(c) for c in body_children(ours)],
        [canon(c) for c in body_children(theirs)],
    )
