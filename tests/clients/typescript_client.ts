// Uses the types openapi-typescript generated from the demo's OpenAPI document, through
// openapi-fetch, against the running facade (crates/soapfig/tests/clients.rs compiles this with
// tsc, which also checks the types, and runs it): the exact decimal, the 64-bit id, the zoned
// date and the typed 404 fault detail must arrive as the legacy service sent them.
//
// Usage: node typescript_client.js BASE_URL

import createClient from "openapi-fetch";
import type { components, paths } from "./schema.js";

type Customer = components["schemas"]["Customer"];

function check(what: string, got: unknown, want: unknown): void {
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    throw new Error(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  }
}

async function main(base: string): Promise<void> {
  const client = createClient<paths>({ baseUrl: base });

  const grace = await client.GET("/customers/{id}", { params: { path: { id: "3" } } });
  check("GET /customers/3's status", grace.response.status, 200);
  const customer: Customer = grace.data!;
  // Typed as strings, so no JSON.parse into a double can round them.
  const balance: string = customer.balance;
  const id: string = customer.id;
  check("the exact decimal", balance, "12345678901234567890.123456789");
  check("the 64-bit id", id, "3");
  check("the zoned date", customer.since, "1952-05-01+01:00");

  const missing = await client.GET("/customers/{id}", { params: { path: { id: "99" } } });
  check("GET /customers/99's status", missing.response.status, 404);
  const problem = missing.error!;
  if (!("fault" in problem) || problem.fault === undefined || !("name" in problem.fault)) {
    throw new Error(`not a fault problem: ${JSON.stringify(problem)}`);
  }
  check("the problem type", problem.type, "urn:soapfig:demo:no-such-customer");
  check("the fault's name", problem.fault.name, "CustomerNotFound");
  check("the fault's typed detail", problem.fault.detail, { id: "99" });

  const found = await client.GET("/customers", { params: { query: { status: "suspended" } } });
  check("GET /customers?status=suspended", found.data?.customer?.map((c: Customer) => c.name), [
    "Charles Babbage",
  ]);

  const created = await client.POST("/customers", {
    body: { name: "Dorothy Vaughan", phone: [{ kind: "home", value: "555-0188" }] },
  });
  check("POST /customers's status", created.response.status, 201);
  check("the Location", created.response.headers.get("location"), `/customers/${created.data!.id}`);
  console.log("the generated TypeScript client got every value exact");
}

main(process.argv[2]).catch((e) => {
  console.error(e);
  process.exit(1);
});
