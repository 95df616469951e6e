"""Compares, case by case, the envelope soapfig wrote (a JSON-lines file of cases) with the one
another client wrote (a JSON-lines file of {"id", "envelope"} or {"id", "error"}), as
zeep_messages.py does for zeep: one JSON line per case, {"id", "result", "detail"}, result
"equal", "different" or "client-error".

Run by tests/corpus/differential.rs: python3 compare.py CASES THEIRS
"""

import json
import sys

from lxml import etree

from canonical import difference


def main(cases_path, theirs_path):
    with open(theirs_path) as f:
        theirs = {r["id"]: r for r in map(json.loads, f)}
    with open(cases_path) as f:
        for case in map(json.loads, f):
            other = theirs.get(case["id"], {"error": "no answer for this case"})
            result = {"id": case["id"]}
            if "error" in other:
                result.update(result="client-error", detail=other["error"])
            else:
                d = difference(
                    etree.fromstring(case["envelope"].encode()),
                    etree.fromstring(other["envelope"].encode()),
                )
                result.update(result="equal" if d is None else "different", detail=d or "")
            print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
