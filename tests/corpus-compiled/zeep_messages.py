"""Builds zeep's request for each case of a JSON-lines file and compares its SOAP Body with the
envelope soapfig wrote. Prints one JSON line per case: {"id", "result", "detail"}, where result
is "equal", "different" (detail: the first difference) or "zeep-error" (zeep could not load the
WSDL or build the message).

Canonical form of an element, for the comparison: its Clark name; its attributes by Clark name
(namespace declarations are not attributes in lxml); its text; its children in
order. Text or an attribute value that reads "prefix:local" with a prefix in scope is taken as a
QName (xsi:type, xs:QName values) and compared as a Clark name, since each side chooses its own
prefixes. Whitespace-only text between child
elements is formatting and ignored.

Run by tests/zeep_differential.rs; never fetches from the network.
"""

import decimal
import json
import re
import sys

from lxml import etree
from zeep import Client, Settings
from zeep.proxy import ServiceProxy
from zeep.transports import Transport
from zeep.xsd.const import Nil

XSI = "http://www.w3.org/2001/XMLSchema-instance"
ENVELOPES = {
    "http://schemas.xmlsoap.org/soap/envelope/",
    "http://www.w3.org/2003/05/soap-envelope",
}
QNAME = re.compile(r"^([A-Za-z_][\w.-]*):([A-Za-z_][\w.-]*)$")


class Offline(Transport):
    """A transport that only reads local files: the corpus WSDLs import nothing remote."""

    def load(self, url):
        if url.startswith(("http://", "https://")):
            raise IOError("offline: refusing to fetch " + url)
        return super().load(url)


def python_value(v):
    if isinstance(v, dict):
        if set(v) == {"$nil"}:
            return Nil
        if set(v) == {"$decimal"}:
            return decimal.Decimal(v["$decimal"])
        if set(v) == {"$qname"}:
            return etree.QName(v["$qname"])
        if set(v) == {"$tuple"}:
            return tuple(v["$tuple"])
        return {k: python_value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [python_value(x) for x in v]
    return v


def clark(el, text):
    m = QNAME.match(text)
    if m and m.group(1) in el.nsmap:
        return "{%s}%s" % (el.nsmap[m.group(1)], m.group(2))
    return text


def canon(el):
    attrs = []
    for k, v in el.attrib.items():
        attrs.append((k, clark(el, v)))
    children = [c for c in el if isinstance(c.tag, str)]
    text = el.text or ""
    if children and not text.strip():
        text = ""
    return (el.tag, tuple(sorted(attrs)), clark(el, text), tuple(canon(c) for c in children))


def body_children(envelope):
    for child in envelope:
        if etree.QName(child).localname == "Body" and etree.QName(child).namespace in ENVELOPES:
            return [c for c in child if isinstance(c.tag, str)]
    raise ValueError("no soap Body")


def first_difference(ours, theirs, path="Body"):
    if len(ours) != len(theirs):
        return "%s: %d children here, %d in zeep's: ours %s, zeep's %s" % (
            path,
            len(ours),
            len(theirs),
            [c[0] for c in ours],
            [c[0] for c in theirs],
        )
    for i, (a, b) in enumerate(zip(ours, theirs)):
        here = "%s/%s[%d]" % (path, a[0], i)
        if a[0] != b[0]:
            return "%s: element %s here, %s in zeep's" % (path, a[0], b[0])
        if a[1] != b[1]:
            return "%s: attributes %s here, %s in zeep's" % (here, dict(a[1]), dict(b[1]))
        if a[2] != b[2]:
            return "%s: text %r here, %r in zeep's" % (here, a[2], b[2])
        d = first_difference(a[3], b[3], here)
        if d:
            return d
    return None


def bound_service(client, case):
    """A zeep service proxy on the binding of the case's port, wherever the WSDL (or one it
    imports) defines it; for a WSDL without services, on the binding soapfig named the service
    after. Bound by binding, so a port's address (missing, or not a soap:address) plays no part."""
    documents = list(client.wsdl._definitions.values())
    binding = None
    for document in documents:
        for service in document.services.values():
            port = service.ports.get(case["port"])
            if port is not None and service.name == case["service"]:
                binding = port.binding
    for document in documents:
        for qname, b in document.bindings.items():
            if binding is None and etree.QName(qname).localname == case["service"]:
                binding = b
    if binding is None:
        raise LookupError("no port %s and no binding %s" % (case["port"], case["service"]))
    proxy = ServiceProxy(client, binding, address="http://127.0.0.1:9/")
    # create_message reads the binding options of the client's default service, which a WSDL
    # without services does not have.
    client._default_service = proxy
    return proxy


def rename_part_kwargs(service, operation, kwargs):
    """zeep keys the parts of a document message of several parts by part name; soapfig by
    element name (json-mapping.md)."""
    op = service._binding._operations[operation]
    body = getattr(op.input, "body", None)
    elements = getattr(getattr(body, "type", None), "elements", None)
    if body is None or elements is None or len(op.input.abstract.parts) < 2:
        return kwargs
    renamed = dict(kwargs)
    for attr_name, element in elements:
        local = etree.QName(element.qname).localname if element.qname else attr_name
        if local != attr_name and local in renamed:
            renamed[attr_name] = renamed.pop(local)
    return renamed


def main(path):
    clients = {}
    with open(path) as f:
        cases = [json.loads(line) for line in f]
    for case in cases:
        result = {"id": case["id"]}
        try:
            wsdl = case["wsdl"]
            if wsdl not in clients:
                try:
                    clients[wsdl] = Client(
                        wsdl, transport=Offline(), settings=Settings(strict=False)
                    )
                except Exception as e:  # recorded per case, the run goes on
                    clients[wsdl] = e
            client = clients[wsdl]
            if isinstance(client, Exception):
                raise client
            service = bound_service(client, case)
            kwargs = rename_part_kwargs(
                service, case["operation"], python_value(case["kwargs"])
            )
            args = python_value(case["args"])
            theirs = client.create_message(service, case["operation"], *args, **kwargs)
        except Exception as e:
            result.update(result="zeep-error", detail="%s: %s" % (type(e).__name__, e))
            print(json.dumps(result), flush=True)
            continue
        ours = etree.fromstring(case["envelope"].encode())
        d = first_difference(
            [canon(c) for c in body_children(ours)],
            [canon(c) for c in body_children(theirs)],
        )
        if d is None:
            result.update(result="equal", detail="")
        else:
            result.update(result="different", detail=d)
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
