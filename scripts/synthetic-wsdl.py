#!/usr/bin/env python3
"""Writes a WSDL shaped like the large administrative SOAP APIs that migration teams front
(Cisco AXL's: about 1,000 operations over a few hundred entity types, several MB of XSD), for
measuring start-up (scripts/bench-startup.sh). Nothing in it is copied from any real WSDL: the
entities, fields and operations are made up, only the proportions are those of such APIs.

    scripts/synthetic-wsdl.py OUT.wsdl [ENTITIES] [FIELDS]

Each entity gets a complex type of FIELDS elements (strings with patterns, enumerations,
integers with ranges, dates, booleans, references to other entities, repeated members, an
optional sequence and a choice), a `List…Criteria` type, and four operations: add, get,
update and list, each with its request and response wrappers and a declared fault.
"""

import sys

NS = "urn:soapfig:synthetic:admin"


def entity_type(i, entities, fields):
    name = f"Entity{i:03d}"
    out = [f'  <xs:complexType name="{name}">',
           f'    <xs:annotation><xs:documentation>Entity number {i}, with {fields} fields.</xs:documentation></xs:annotation>',
           '    <xs:sequence>']
    for f in range(fields):
        kind = f % 8
        field = f"field{f:02d}"
        if kind == 0:
            out.append(f'      <xs:element name="{field}" type="tns:Name" minOccurs="0"/>')
        elif kind == 1:
            out.append(f'      <xs:element name="{field}" type="tns:Status" minOccurs="0"/>')
        elif kind == 2:
            out.append(f'      <xs:element name="{field}" type="tns:Count" minOccurs="0"/>')
        elif kind == 3:
            out.append(f'      <xs:element name="{field}" type="xs:dateTime" minOccurs="0" nillable="true"/>')
        elif kind == 4:
            out.append(f'      <xs:element name="{field}" type="xs:boolean" minOccurs="0"/>')
        elif kind == 5:
            other = (i * 7 + f) % entities
            out.append(f'      <xs:element name="{field}" type="tns:Ref{other:03d}" minOccurs="0"/>')
        elif kind == 6:
            out.append(f'      <xs:element name="{field}" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>')
        else:
            out.append(f'      <xs:element name="{field}" type="xs:decimal" minOccurs="0"/>')
    out += ['      <xs:sequence minOccurs="0">',
            '        <xs:element name="validFrom" type="xs:date"/>',
            '        <xs:element name="validTo" type="xs:date" minOccurs="0"/>',
            '      </xs:sequence>',
            '      <xs:choice minOccurs="0">',
            '        <xs:element name="byName" type="tns:Name"/>',
            '        <xs:element name="byId" type="tns:Uuid"/>',
            '      </xs:choice>',
            '    </xs:sequence>',
            '    <xs:attribute name="uuid" type="tns:Uuid"/>',
            '  </xs:complexType>']
    out += [f'  <xs:complexType name="Ref{i:03d}">',
            '    <xs:simpleContent>',
            '      <xs:extension base="tns:Name">',
            '        <xs:attribute name="uuid" type="tns:Uuid"/>',
            '      </xs:extension>',
            '    </xs:simpleContent>',
            '  </xs:complexType>',
            f'  <xs:complexType name="List{name}Criteria">',
            '    <xs:sequence>',
            '      <xs:element name="name" type="xs:string" minOccurs="0"/>',
            '      <xs:element name="status" type="tns:Status" minOccurs="0"/>',
            '      <xs:element name="first" type="xs:unsignedInt" minOccurs="0"/>',
            '      <xs:element name="skip" type="xs:unsignedInt" minOccurs="0"/>',
            '    </xs:sequence>',
            '  </xs:complexType>']
    return out


def wrappers(i):
    name = f"Entity{i:03d}"
    out = []
    for verb, request, response in [
        ("add", f'<xs:element name="entity" type="tns:{name}"/>', '<xs:element name="return" type="tns:Uuid"/>'),
        ("get", '<xs:element name="uuid" type="tns:Uuid"/>', f'<xs:element name="return" type="tns:{name}"/>'),
        ("update", f'<xs:element name="uuid" type="tns:Uuid"/><xs:element name="entity" type="tns:{name}"/>', '<xs:element name="return" type="xs:boolean"/>'),
        ("list", f'<xs:element name="criteria" type="tns:List{name}Criteria"/>', f'<xs:element name="return" type="tns:{name}" minOccurs="0" maxOccurs="unbounded"/>'),
    ]:
        op = f"{verb}{name}"
        out += [f'  <xs:element name="{op}"><xs:complexType><xs:sequence>{request}</xs:sequence></xs:complexType></xs:element>',
                f'  <xs:element name="{op}Response"><xs:complexType><xs:sequence>{response}</xs:sequence></xs:complexType></xs:element>']
    return out


def main():
    out_path = sys.argv[1]
    entities = int(sys.argv[2]) if len(sys.argv) > 2 else 250
    fields = int(sys.argv[3]) if len(sys.argv) > 3 else 60
    ops = [f"{verb}Entity{i:03d}" for i in range(entities) for verb in ("add", "get", "update", "list")]
    xsd = [f'<xs:schema targetNamespace="{NS}" xmlns:tns="{NS}" elementFormDefault="qualified">',
           '  <xs:simpleType name="Name"><xs:restriction base="xs:string"><xs:minLength value="1"/><xs:maxLength value="128"/></xs:restriction></xs:simpleType>',
           '  <xs:simpleType name="Uuid"><xs:restriction base="xs:string"><xs:pattern value="\\{?[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}\\}?"/></xs:restriction></xs:simpleType>',
           '  <xs:simpleType name="Status"><xs:restriction base="xs:string"><xs:enumeration value="active"/><xs:enumeration value="inactive"/><xs:enumeration value="pending"/></xs:restriction></xs:simpleType>',
           '  <xs:simpleType name="Count"><xs:restriction base="xs:int"><xs:minInclusive value="0"/><xs:maxInclusive value="100000"/></xs:restriction></xs:simpleType>',
           '  <xs:element name="AdminFault"><xs:complexType><xs:sequence><xs:element name="code" type="xs:int"/><xs:element name="message" type="xs:string"/></xs:sequence></xs:complexType></xs:element>']
    for i in range(entities):
        xsd += entity_type(i, entities, fields)
        xsd += wrappers(i)
    xsd.append('</xs:schema>')
    w = ['<?xml version="1.0" encoding="UTF-8"?>',
         f'<wsdl:definitions name="Admin" targetNamespace="{NS}" xmlns:tns="{NS}"',
         '    xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"',
         '    xmlns:xs="http://www.w3.org/2001/XMLSchema">',
         '<wsdl:types>'] + xsd + ['</wsdl:types>',
         '<wsdl:message name="AdminFault"><wsdl:part name="fault" element="tns:AdminFault"/></wsdl:message>']
    for op in ops:
        w += [f'<wsdl:message name="{op}In"><wsdl:part name="parameters" element="tns:{op}"/></wsdl:message>',
              f'<wsdl:message name="{op}Out"><wsdl:part name="parameters" element="tns:{op}Response"/></wsdl:message>']
    w.append('<wsdl:portType name="AdminPort">')
    for op in ops:
        w.append(f'  <wsdl:operation name="{op}"><wsdl:input message="tns:{op}In"/><wsdl:output message="tns:{op}Out"/><wsdl:fault name="AdminFault" message="tns:AdminFault"/></wsdl:operation>')
    w.append('</wsdl:portType>')
    w.append('<wsdl:binding name="AdminBinding" type="tns:AdminPort"><soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>')
    for op in ops:
        w.append(f'  <wsdl:operation name="{op}"><soap:operation soapAction="{NS}#{op}"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output><wsdl:fault name="AdminFault"><soap:fault name="AdminFault" use="literal"/></wsdl:fault></wsdl:operation>')
    w.append('</wsdl:binding>')
    w.append('<wsdl:service name="AdminService"><wsdl:port name="AdminPort" binding="tns:AdminBinding"><soap:address location="http://127.0.0.1:1/admin"/></wsdl:port></wsdl:service>')
    w.append('</wsdl:definitions>')
    with open(out_path, "w") as f:
        f.write("\n".join(w) + "\n")
    print(f"{out_path}: {len(ops)} operations, {entities} entities of {fields} fields, "
          f"{sum(len(l) + 1 for l in xsd)} bytes of XSD")


if __name__ == "__main__":
    main()
