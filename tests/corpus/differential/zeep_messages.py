"""Builds zeep's request for each case of a JSON-lines file and compares its SOAP Body with the
envelope soapfig wrote (canonical.py says how). Prints one JSON line per case: {"id", "result",
"detail"}, where result is "equal", "different" (detail: the first difference) or "zeep-error"
(zeep could not load the WSDL or build the message).

Run by tests/corpus/differential.rs; never fetches from the network.
"""

import decimal
import json
import sys

from lxml import etree
from zeep import Client, Settings
from zeep.proxy import ServiceProxy
from zeep.transports import Transport
from zeep.xsd import AnyObject
from zeep.xsd.const import Nil

from canonical import difference


class Offline(Transport):
    """A transport that only reads local files: the corpus WSDLs import nothing remote."""

    def load(self, url):
        if url.startswith(("http://", "https://")):
            raise IOError("offline: refusing to fetch " + url)
        return super().load(url)


def python_value(v, client):
    """A sample's client form (tests/corpus-compiled/src/sample.rs) as zeep takes it."""
    if isinstance(v, dict):
        if "$type" in v:
            return client.get_type(v["$type"])(**python_value(v["fields"], client))
        if "$anytype" in v:
            return AnyObject(client.get_type(v["$anytype"]), v["value"])
        tags = {
            "$nil": lambda: Nil,
            "$decimal": lambda: decimal.Decimal(v["$decimal"]),
            "$qname": lambda: etree.QName(v["$qname"]),
            "$gregorian": lambda: tuple(v["tuple"]),
            "$base64": lambda: v["$base64"],
            "$hex": lambda: v["$hex"],
        }
        for tag, value in tags.items():
            if tag in v:
                return value()
        return {k: python_value(x, client) for k, x in v.items()}
    if isinstance(v, list):
        return [python_value(x, client) for x in v]
    return v


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
                service, case["operation"], python_value(case["kwargs"], client)
            )
            args = python_value(case["args"], client)
            theirs = client.create_message(service, case["operation"], *args, **kwargs)
        except Exception as e:
            result.update(result="zeep-error", detail="%s: %s" % (type(e).__name__, e))
            print(json.dumps(result), flush=True)
            continue
        d = difference(etree.fromstring(case["envelope"].encode()), theirs)
        if d is None:
            result.update(result="equal", detail="")
        else:
            result.update(result="different", detail=d)
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
