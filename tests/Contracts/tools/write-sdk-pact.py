#!/usr/bin/env python3
"""Writes the SDK's pact, tests/Contracts/sdk/portal-client-sdk-portal-api.json (Pact specification 3.0.0).

Consumer `portal-client-sdk` (Portal.Client), provider `portal-api`: the calls of an integration's typical
session (token, search, price calculation, order with the SDK's Idempotency-Key, the order read back, a page
of the order list). scripts/contracts.sh sdk-mock creates a Pact mock server from this file and runs
tests/Contracts/SdkConsumer (the real SDK) against it; `pact mock verify` fails unless every interaction
arrived as written here. The pact the mock server writes is then verified against the API (sdk-verify).
Edit the expectations here, re-run this script, commit the JSON.
"""
import json, os

from pact_matchers import JSON, UUID, TYPE, NUMBER, INTEGER, CURRENCY, ORDER_NUMBER, TIMESTAMP, SOURCE, STATUS, each_like, state, inject

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "sdk")

JSON_TYPE = {"matchers": [{"match": "regex", "regex": "application/json(;.*)?"}]}
# The SDK sends the token it got from /connect/token (the verifier replaces it with a real one).
BEARER = {"matchers": [{"match": "regex", "regex": "^Bearer \\S+$"}]}
# The SDK's own Idempotency-Key on changing requests: a GUID without dashes (PortalRetryHandler).
IDEMPOTENCY_KEY = {"matchers": [{"match": "regex", "regex": "^[0-9a-f]{32}$"}]}

TOKEN = "sdk-pact-access-token"
AUTH = {"Authorization": "Bearer " + TOKEN}
AUTH_RULES = {"Authorization": BEARER}
ORDER_ID = "01a22e79-2fca-7303-b9ef-974d152b8e44"

def response(status, body, rules, headers=None, header_rules=None):
    return {"status": status, "headers": {"Content-Type": "application/json; charset=utf-8", **(headers or {})}, "body": body,
            "matchingRules": {"header": {"Content-Type": JSON_TYPE, **(header_rules or {})}, "body": rules}}

# Exactly what Portal.Client serializes: unset optional properties are sent as null.
ORDER_BODY = {"cartId": None, "lines": [{"sku": "FAS-1001", "quantity": 10, "costCenterId": None, "note": None, "deliveryDate": None}],
              "customerReference": "SDK-PO-0001", "deliveryAddressId": None, "note": None}

interactions = [
    {
        # No provider state: scripts/contracts.sh verifies this one without the bearer token it adds to the others.
        "description": "a client-credentials token request (client_secret_basic)",
        "request": {"method": "POST", "path": "/connect/token",
                    "headers": {"Content-Type": "application/x-www-form-urlencoded",
                                "Authorization": "Basic YWNtZS1idXllcjphY21lLWJ1eWVyLXNlY3JldA=="},  # acme-buyer:acme-buyer-secret
                    "body": "grant_type=client_credentials",
                    "matchingRules": {"header": {"Content-Type": {"matchers": [{"match": "regex", "regex": "application/x-www-form-urlencoded(;.*)?"}]}}}},
        "response": response(200, {"access_token": TOKEN, "token_type": "Bearer", "expires_in": 3600},
                             {"$.access_token": TYPE, "$.token_type": {"matchers": [{"match": "regex", "regex": "^(?i:bearer)$"}]}, "$.expires_in": INTEGER}),
    },
    {
        "description": "the SDK searches the catalog",
        "providerStates": state("the catalog has products"),
        "request": {"method": "GET", "path": "/api/v1/products", "query": {"q": ["screw"], "limit": ["5"]},
                    "headers": AUTH, "matchingRules": {"header": AUTH_RULES}},
        "response": response(200, {"items": [{"sku": "FAS-1002", "name": "Wood screw M4x20", "category": "fasteners", "gtin": "04061230000204",
                                             "unit": "BX", "stockQuantity": 1181.0, "leadTimeDays": 2}], "nextCursor": "MTpGQVMtMTAwMg"},
                             {"$.items": each_like(), "$.items[*].sku": TYPE, "$.items[*].name": TYPE, "$.items[*].category": TYPE,
                              "$.items[*].gtin": TYPE, "$.items[*].unit": TYPE, "$.items[*].stockQuantity": NUMBER,
                              "$.items[*].leadTimeDays": INTEGER, "$.nextCursor": TYPE}),
    },
    {
        "description": "the SDK calculates prices",
        "providerStates": state("the catalog has products"),
        "request": {"method": "POST", "path": "/api/v1/price-calculations",
                    "headers": {**JSON, **AUTH}, "matchingRules": {"header": {"Content-Type": JSON_TYPE, **AUTH_RULES}},
                    "body": {"currency": "EUR", "date": None, "lines": [{"sku": "FAS-1001", "quantity": 10}]}},
        "response": response(200, {"currency": "EUR", "lines": [{"sku": "FAS-1001", "quantity": 10, "unitPrice": 159.28, "listPrice": 167.66,
                                                                 "lineTotal": 1592.8, "source": "tier", "error": None}],
                                   "total": 1592.8, "saving": 83.8},
                             {"$.currency": CURRENCY, "$.total": NUMBER, "$.saving": NUMBER, "$.lines": each_like(),
                              "$.lines[*].quantity": NUMBER, "$.lines[*].unitPrice": NUMBER, "$.lines[*].listPrice": NUMBER,
                              "$.lines[*].lineTotal": NUMBER, "$.lines[*].source": SOURCE}),
    },
    {
        "description": "the SDK places an order with its Idempotency-Key",
        "providerStates": state("the catalog has products"),
        "request": {"method": "POST", "path": "/api/v1/orders",
                    "headers": {**JSON, **AUTH, "Idempotency-Key": "5b1d6f0e8c2a4e7f9a3b2c1d0e9f8a7b"},
                    "matchingRules": {"header": {"Content-Type": JSON_TYPE, **AUTH_RULES, "Idempotency-Key": IDEMPOTENCY_KEY}},
                    "body": ORDER_BODY},
        "response": response(201, {"id": ORDER_ID, "number": "SO-2026-0000001", "status": "submitted", "customerReference": "SDK-PO-0001",
                                   "currency": "EUR", "total": 1592.8,
                                   "lines": [{"position": 1, "sku": "FAS-1001", "quantity": 10.0, "unitPrice": 159.28, "lineTotal": 1592.8}],
                                   "createdAt": "2026-11-30T22:00:23.7478+00:00"},
                             {"$.id": UUID, "$.number": ORDER_NUMBER, "$.status": STATUS, "$.currency": CURRENCY, "$.total": NUMBER,
                              "$.lines": each_like(), "$.lines[*].position": INTEGER, "$.lines[*].quantity": NUMBER,
                              "$.lines[*].unitPrice": NUMBER, "$.lines[*].lineTotal": NUMBER, "$.createdAt": TIMESTAMP},
                             headers={"Location": "http://localhost/api/v1/orders/" + ORDER_ID},
                             header_rules={"Location": {"matchers": [{"match": "regex", "regex": ".*/api/v1/orders/[0-9a-f-]{36}$"}]}}),
    },
    {
        "description": "the SDK reads the order back",
        "providerStates": state("customer C-10001 has an order"),
        "request": {"method": "GET", "path": "/api/v1/orders/" + ORDER_ID, "headers": AUTH,
                    "matchingRules": {"header": AUTH_RULES},
                    "generators": {"path": inject("/api/v1/orders/${orderId}")}},
        "response": response(200, {"id": ORDER_ID, "number": "SO-2026-0000001", "status": "submitted", "currency": "EUR", "total": 318.56,
                                   "lines": [{"sku": "FAS-1001", "quantity": 2.0, "unitPrice": 159.28, "lineTotal": 318.56}],
                                   "history": [{"to": "submitted", "at": "2026-11-30T22:00:23.7478+00:00"}]},
                             {"$.id": UUID, "$.number": ORDER_NUMBER, "$.status": STATUS, "$.currency": CURRENCY, "$.total": NUMBER,
                              "$.lines": each_like(), "$.lines[*].sku": TYPE, "$.lines[*].quantity": NUMBER, "$.lines[*].unitPrice": NUMBER,
                              "$.lines[*].lineTotal": NUMBER, "$.history": each_like(), "$.history[*].to": STATUS, "$.history[*].at": TIMESTAMP}),
    },
    {
        "description": "the SDK lists a page of orders",
        "providerStates": state("customer C-10001 has an order"),
        "request": {"method": "GET", "path": "/api/v1/orders", "query": {"limit": ["10"]}, "headers": AUTH, "matchingRules": {"header": AUTH_RULES}},
        "response": response(200, {"items": [{"id": ORDER_ID, "number": "SO-2026-0000001", "status": "submitted", "customerReference": "SDK-PO-0001",
                                              "currency": "EUR", "total": 318.56, "lineCount": 1, "createdAt": "2026-11-30T22:00:23.7478+00:00"}]},
                             {"$.items": each_like(), "$.items[*].id": UUID, "$.items[*].number": ORDER_NUMBER, "$.items[*].status": STATUS,
                              "$.items[*].customerReference": TYPE, "$.items[*].currency": CURRENCY, "$.items[*].total": NUMBER,
                              "$.items[*].lineCount": INTEGER, "$.items[*].createdAt": TIMESTAMP}),
    },
]

pact = {
    "consumer": {"name": "portal-client-sdk"},
    "provider": {"name": "portal-api"},
    "interactions": interactions,
    "metadata": {
        "pactSpecification": {"version": "3.0.0"},
        # Read by scripts/contracts.sh: the demo OAuth client whose bearer token the verifier sends.
        "portal": {"demoClient": "acme-buyer"},
    },
}

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "portal-client-sdk-portal-api.json"), "w") as f:
    json.dump(pact, f, indent=2)
    f.write("\n")
print("wrote", os.path.join(OUT, "portal-client-sdk-portal-api.json"))
