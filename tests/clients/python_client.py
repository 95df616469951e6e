"""Uses the client openapi-python-client generated from the demo's OpenAPI document against the
running facade (crates/soapfig/tests/clients.rs runs it): the exact decimal, the 64-bit id, the
zoned date and the typed 404 fault detail must arrive as the legacy service sent them.

Usage: python_client.py BASE_URL DIRECTORY_HOLDING_THE_GENERATED_PACKAGE
"""

import sys

base, generated = sys.argv[1], sys.argv[2]
sys.path.insert(0, generated)

from soapfig_demo_client import Client  # noqa: E402
from soapfig_demo_client.api.customers import (  # noqa: E402
    customer_service_create_customer as create_customer,
    customer_service_find_customers as find_customers,
    customer_service_get_customer as get_customer,
)
from soapfig_demo_client.models import (  # noqa: E402
    CreateCustomer,
    Customer,
    CustomerNotFoundProblem,
    Phone,
    PhoneKind,
    Status,
)


def check(what, got, want):
    if got != want:
        sys.exit(f"{what}: got {got!r}, want {want!r}")


client = Client(base_url=base, raise_on_unexpected_status=True)

grace = get_customer.sync(client=client, id="3")
check("GET /customers/3 answers a Customer", type(grace).__name__, "Customer")
check("the exact decimal", grace.balance, "12345678901234567890.123456789")
check("the 64-bit id", grace.id, "3")
check("the zoned date", grace.since, "1952-05-01+01:00")
check("the name", grace.name, "Grace Hopper & Co <COBOL>")
check("the phones", [(p.kind, p.value) for p in grace.phone], [
    (PhoneKind.WORK, "555-0100"), (PhoneKind.HOME, "555-0199")])

missing = get_customer.sync_detailed(client=client, id="99")
check("GET /customers/99's status", missing.status_code, 404)
problem = missing.parsed
check("the 404's type", type(problem).__name__, CustomerNotFoundProblem.__name__)
check("the problem type", problem.type_, "urn:soapfig:demo:no-such-customer")
check("the fault's name", problem.fault.name.value, "CustomerNotFound")
check("the fault's code", problem.fault.code, "{http://schemas.xmlsoap.org/soap/envelope/}Client")
check("the fault's typed detail", problem.fault.detail.id, "99")

suspended = find_customers.sync(client=client, status=Status.SUSPENDED)
check("GET /customers?status=suspended", [c.name for c in suspended.customer], ["Charles Babbage"])

created = create_customer.sync_detailed(client=client, body=CreateCustomer(
    name="Mary Jackson", phone=[Phone(kind=PhoneKind.WORK, value="555-0123")]))
check("POST /customers's status", created.status_code, 201)
check("the created customer", isinstance(created.parsed, Customer), True)
check("the Location", created.headers["location"], f"/customers/{created.parsed.id}")
again = get_customer.sync(client=client, id=created.parsed.id)
check("the created customer, read back", again.name, "Mary Jackson")
print("the generated Python client got every value exact")
