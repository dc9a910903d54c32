#!/usr/bin/env python3
"""Writes the partner pacts in tests/Contracts/pacts (Pact specification 3.0.0).

The partners' connector teams own these expectations; this script only keeps the JSON tidy and
consistent. Run it after changing an expectation here, then commit the pact files. A partner that
produces its own pact with a Pact library adds its file to pacts/ directly (see tests/Contracts/README.md).
"""
import json, os

from pact_matchers import JSON, UUID, TYPE, NUMBER, INTEGER, CURRENCY, ORDER_NUMBER, TIMESTAMP, SOURCE, STATUS, each_like, state, inject

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "pacts")

JSON_RESPONSE = {"header": {"Content-Type": {"matchers": [{"match": "regex", "regex": "application/json(;.*)?"}]}}}
PROBLEM_RESPONSE = {"header": {"Content-Type": {"matchers": [{"match": "regex", "regex": "application/problem\\+json(;.*)?"}]}}}

def response(status, body, rules=None, problem=False):
    r = {"status": status, "headers": {"Content-Type": "application/problem+json" if problem else "application/json; charset=utf-8"}, "body": body}
    m = dict(PROBLEM_RESPONSE if problem else JSON_RESPONSE)
    if rules: m["body"] = rules
    r["matchingRules"] = m
    return r

def pact(consumer, demo_client, interactions, customer_header=False):
    return {
        "consumer": {"name": consumer},
        "provider": {"name": "portal-api"},
        "interactions": interactions,
        "metadata": {
            "pactSpecification": {"version": "3.0.0"},
            # Read by scripts/contracts.sh: the demo OAuth client whose bearer token the verifier sends.
            "portal": {"demoClient": demo_client},
        },
    }

PRODUCT = {"sku": "FAS-1002", "name": "Wood screw M4x20", "category": "fasteners", "gtin": "04061230000204", "unit": "BX", "stockQuantity": 1181.0, "leadTimeDays": 2}
PRODUCT_RULES = {"$.items": each_like(), "$.items[*].sku": TYPE, "$.items[*].name": TYPE, "$.items[*].category": TYPE, "$.items[*].gtin": TYPE,
                 "$.items[*].unit": TYPE, "$.items[*].stockQuantity": NUMBER, "$.items[*].leadTimeDays": INTEGER, "$.nextCursor": TYPE}

def price_interaction(description, lines, expected_lines, currency="EUR"):
    return {
        "description": description,
        "providerStates": state("the catalog has products"),
        "request": {"method": "POST", "path": "/api/v1/price-calculations", "headers": JSON, "body": {"currency": currency, "lines": lines}},
        "response": response(200, {"currency": currency, "lines": expected_lines, "total": 1592.8, "saving": 83.8}, {
            "$.currency": CURRENCY, "$.total": NUMBER, "$.saving": NUMBER,
            "$.lines[*].unitPrice": NUMBER, "$.lines[*].listPrice": NUMBER, "$.lines[*].lineTotal": NUMBER, "$.lines[*].quantity": NUMBER,
            "$.lines[*].source": SOURCE}),
    }

def order_interaction(description, key, body):
    return {
        "description": description,
        "providerStates": state("the catalog has products"),
        "request": {"method": "POST", "path": "/api/v1/orders", "headers": {**JSON, "Idempotency-Key": key}, "body": body},
        "response": {
            "status": 201,
            "headers": {"Content-Type": "application/json; charset=utf-8", "Location": "http://localhost/api/v1/orders/01a22e79-2fca-7303-b9ef-974d152b8e44"},
            "body": {"id": "01a22e79-2fca-7303-b9ef-974d152b8e44", "number": "SO-2026-0000001", "status": "submitted",
                     "customerReference": body["customerReference"], "currency": "EUR", "total": 1592.8,
                     "lines": [{"position": 1, "sku": body["lines"][0]["sku"], "quantity": 10.0, "unitPrice": 159.28, "lineTotal": 1592.8}],
                     "createdAt": "2026-11-30T22:00:23.7478+00:00"},
            "matchingRules": {
                "header": {**JSON_RESPONSE["header"], "Location": {"matchers": [{"match": "regex", "regex": ".*/api/v1/orders/[0-9a-f-]{36}$"}]}},
                "body": {"$.id": UUID, "$.number": ORDER_NUMBER, "$.currency": CURRENCY, "$.total": NUMBER, "$.lines": each_like(),
                         "$.lines[*].position": INTEGER, "$.lines[*].quantity": NUMBER, "$.lines[*].unitPrice": NUMBER, "$.lines[*].lineTotal": NUMBER,
                         "$.createdAt": TIMESTAMP},
            },
        },
    }

def read_order_interaction(description):
    return {
        "description": description,
        "providerStates": state("customer C-10001 has an order"),
        "request": {"method": "GET", "path": "/api/v1/orders/01a22e79-2fca-7303-b9ef-974d152b8e44",
                    "generators": {"path": inject("/api/v1/orders/${orderId}")}},
        "response": response(200, {"id": "01a22e79-2fca-7303-b9ef-974d152b8e44", "number": "SO-2026-0000001", "status": "submitted", "currency": "EUR", "total": 318.56,
                                   "lines": [{"sku": "FAS-1001", "quantity": 2.0, "unitPrice": 159.28, "lineTotal": 318.56}],
                                   "history": [{"to": "submitted", "at": "2026-11-30T22:00:23.7478+00:00"}]}, {
            "$.id": UUID, "$.number": ORDER_NUMBER, "$.status": STATUS, "$.currency": CURRENCY, "$.total": NUMBER, "$.lines": each_like(),
            "$.lines[*].sku": TYPE, "$.lines[*].quantity": NUMBER, "$.lines[*].unitPrice": NUMBER, "$.lines[*].lineTotal": NUMBER,
            "$.history": each_like(), "$.history[*].to": STATUS, "$.history[*].at": TIMESTAMP}),
    }

PRICED_LINE = {"sku": "FAS-1001", "quantity": 10, "unitPrice": 159.28, "listPrice": 167.66, "lineTotal": 1592.8, "source": "tier", "error": None}

coupa = pact("coupa-connector", "acme-buyer", [
    {
        "description": "a catalog search",
        "providerStates": state("the catalog has products"),
        "request": {"method": "GET", "path": "/api/v1/products", "query": {"q": ["screw"], "limit": ["5"]}},
        "response": response(200, {"items": [PRODUCT], "nextCursor": "MTpGQVMtMTAwMg"}, PRODUCT_RULES),
    },
    price_interaction("a price calculation for the requisition", [{"sku": "FAS-1001", "quantity": 10}], [PRICED_LINE]),
    order_interaction("a purchase order sent with an idempotency key", "coupa-pact-po-0001",
                      {"lines": [{"sku": "FAS-1001", "quantity": 10}], "customerReference": "COUPA-PO-0001"}),
    read_order_interaction("reading an order back for its status"),
])

ariba = pact("ariba-connector", "acme-admin", [
    price_interaction("pricing a catalog item for a requisition", [{"sku": "FAS-1001", "quantity": 10}], [PRICED_LINE]),
    order_interaction("a purchase order (OrderRequest) with a note", "ariba-pact-po-0001",
                      {"lines": [{"sku": "FAS-1001", "quantity": 10}], "customerReference": "ARIBA-PO-0001", "note": "Ship to gate 2"}),
    {
        "description": "the order history filtered by reference",
        "providerStates": state("customer C-10001 has an order"),
        "request": {"method": "GET", "path": "/api/v1/orders", "query": {"q": ["PACT-"], "limit": ["10"]}},
        "response": response(200, {"items": [{"id": "01a22e79-2fca-7303-b9ef-974d152b8e44", "number": "SO-2026-0000001", "status": "submitted",
                                              "customerReference": "PACT-1A2B3C4D", "currency": "EUR", "total": 318.56, "lineCount": 1,
                                              "createdAt": "2026-11-30T22:00:23.7478+00:00"}]}, {
            "$.items": each_like(), "$.items[*].id": UUID, "$.items[*].number": ORDER_NUMBER, "$.items[*].status": STATUS,
            "$.items[*].customerReference": {"matchers": [{"match": "regex", "regex": "^PACT-[0-9A-Z]+$"}]}, "$.items[*].currency": CURRENCY,
            "$.items[*].total": NUMBER, "$.items[*].lineCount": INTEGER, "$.items[*].createdAt": TIMESTAMP}),
    },
    {
        "description": "an order that does not exist",
        "providerStates": state("customer C-10001 exists"),
        "request": {"method": "GET", "path": "/api/v1/orders/00000000-0000-0000-0000-000000000000"},
        "response": response(404, {"type": "urn:portal:problem:not-found", "title": "Not Found", "status": 404, "detail": "No order 00000000-0000-0000-0000-000000000000."},
                             {"$.title": TYPE, "$.detail": TYPE}, problem=True),
    },
])

erp = pact("erp-connector", "portal-demo", [
    {
        "description": "a price-condition sync batch",
        "providerStates": state("customer C-10001 exists"),
        "request": {"method": "PUT", "path": "/api/v1/pricing/conditions", "headers": {**JSON, "Idempotency-Key": "erp-pact-sync-0001"},
                    "body": {"conditions": [
                        {"id": "ERP-CUST-C-10001-TOL-1001", "kind": "customer", "sku": "TOL-1001", "customerId": "01a22e79-0cba-7678-838f-afdd52c5b356", "currency": "EUR", "price": 99.5},
                        {"id": "ERP-TIER-FAS-1001-EUR-500", "kind": "tier", "sku": "FAS-1001", "currency": "EUR", "minQuantity": 500, "price": 140.0}]},
                    "generators": {"body": {"$.conditions[0].customerId": inject("${customerId}")}}},
        "response": response(200, {"created": 2, "updated": 0, "unchanged": 0}, {"$.created": INTEGER, "$.updated": INTEGER, "$.unchanged": INTEGER}),
    },
    {
        "description": "reading a synchronised price condition",
        "providerStates": state("a price condition exists"),
        "request": {"method": "GET", "path": "/api/v1/pricing/conditions/PACT-CUST-C-10001-FAS-1001",
                    "generators": {"path": inject("/api/v1/pricing/conditions/${conditionId}")}},
        "response": response(200, {"id": "PACT-CUST-C-10001-FAS-1001", "kind": "customer", "sku": "FAS-1001", "customerId": "01a22e79-0cba-7678-838f-afdd52c5b356",
                                   "currency": "EUR", "price": 1.23}, {"$.id": TYPE, "$.customerId": UUID, "$.price": NUMBER}),
    },
    {
        "description": "the order feed from the beginning",
        "providerStates": state("the order feed has entries"),
        "request": {"method": "GET", "path": "/api/v1/order-feed", "query": {"limit": ["100"]}},
        "response": response(200, {"items": [{"cursor": "MTowOjE", "type": "created", "orderId": "01a22e79-2fca-7303-b9ef-974d152b8e44", "orderNumber": "SO-2026-0000001",
                                              "customerId": "01a22e79-0cba-7678-838f-afdd52c5b356", "status": "submitted", "total": 318.56, "currency": "EUR",
                                              "at": "2026-11-30T22:00:23.7478+00:00"}], "nextCursor": "MTowOjE"}, {
            "$.items": each_like(), "$.items[*].cursor": TYPE, "$.items[*].type": {"matchers": [{"match": "regex", "regex": "^(created|status-changed)$"}]},
            "$.items[*].orderId": UUID, "$.items[*].orderNumber": ORDER_NUMBER, "$.items[*].customerId": UUID, "$.items[*].status": STATUS,
            "$.items[*].total": NUMBER, "$.items[*].currency": CURRENCY, "$.items[*].at": TIMESTAMP, "$.nextCursor": TYPE}),
    },
    {
        "description": "the ERP confirms an order for the customer account",
        "providerStates": state("customer C-10001 has an order"),
        "request": {"method": "POST", "path": "/api/v1/orders/01a22e79-2fca-7303-b9ef-974d152b8e44/status",
                    "headers": {**JSON, "Portal-Customer": "01a22e79-0cba-7678-838f-afdd52c5b356"},
                    "body": {"status": "confirmed", "reason": "Confirmed in the ERP"},
                    "generators": {"path": inject("/api/v1/orders/${orderId}/status"), "header": {"Portal-Customer": inject("${customerId}")}}},
        "response": response(200, {"id": "01a22e79-2fca-7303-b9ef-974d152b8e44", "status": "confirmed",
                                   "history": [{"to": "submitted"}, {"from": "submitted", "to": "confirmed"}]}, {"$.id": UUID}),
    },
])

for name, doc in [("coupa-connector-portal-api.json", coupa), ("ariba-connector-portal-api.json", ariba), ("erp-connector-portal-api.json", erp)]:
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print("wrote pacts/" + name)
