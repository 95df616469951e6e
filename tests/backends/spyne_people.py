"""The people test service on spyne, for the facade's end-to-end tests.

Run: python3 spyne_people.py PORT soap11|soap12
tests/wsdl/people11.wsdl and people12.wsdl describe what it serves.
"""

import logging
import sys
from wsgiref.simple_server import WSGIRequestHandler, make_server

from spyne import (Application, Array, ByteArray, ComplexModel, Decimal, DateTime, Fault, Integer,
                   Long, ServiceBase, Unicode, rpc)
from spyne.protocol.soap import Soap11, Soap12
from spyne.server.wsgi import WsgiApplication

NS = "urn:soapfig:test:people"


class Address(ComplexModel):
    __namespace__ = NS
    street = Unicode(min_occurs=1, nillable=False)
    city = Unicode


class Person(ComplexModel):
    __namespace__ = NS
    name = Unicode(min_occurs=1, nillable=False)
    nickname = Unicode
    id = Long
    age = Integer
    balance = Decimal
    born = DateTime
    photo = ByteArray
    emails = Array(Unicode)
    addresses = Array(Address)


class PeopleService(ServiceBase):
    @rpc(Person, _returns=Person)
    def EchoPerson(ctx, person):
        return person

    @rpc(Long, _returns=Person)
    def GetPerson(ctx, id):
        if id == 404:
            raise Fault("Client.NotFound", "no person has the id 404")
        if id == 500:
            raise Fault("Server", "the people database is down")
        return Person(name="Ada", id=id, emails=[], addresses=[])


def main():
    port = int(sys.argv[1])
    protocol = {"soap11": Soap11, "soap12": Soap12}[sys.argv[2]]
    app = Application([PeopleService], tns=NS, name="People",
                      in_protocol=protocol(validator="lxml"), out_protocol=protocol())
    # Faults are expected in the tests; spyne would log each with a traceback.
    logging.basicConfig(level=logging.CRITICAL)

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server("127.0.0.1", port, WsgiApplication(app), handler_class=Quiet)
    server.serve_forever()


if __name__ == "__main__":
    main()
