"""Pact 3.0.0 matchers and helpers shared by write-partner-pacts.py and write-sdk-pact.py."""

JSON = {"Content-Type": "application/json"}
UUID = {"matchers": [{"match": "regex", "regex": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"}]}
TYPE = {"matchers": [{"match": "type"}]}
NUMBER = {"matchers": [{"match": "number"}]}
INTEGER = {"matchers": [{"match": "integer"}]}
CURRENCY = {"matchers": [{"match": "regex", "regex": "^[A-Z]{3}$"}]}
ORDER_NUMBER = {"matchers": [{"match": "regex", "regex": "^SO-\\d{4}-\\d+$"}]}
TIMESTAMP = {"matchers": [{"match": "regex", "regex": "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$"}]}
SOURCE = {"matchers": [{"match": "regex", "regex": "^(customer|contract|tier|group|list)$"}]}
STATUS = {"matchers": [{"match": "regex", "regex": "^(submitted|pending-approval|approved|rejected|confirmed|shipped|delivered|cancelled)$"}]}


def each_like(min_=1): return {"matchers": [{"match": "type", "min": min_}]}


def state(name): return [{"name": name, "params": {}}]


def inject(expression): return {"type": "ProviderState", "expression": expression}
