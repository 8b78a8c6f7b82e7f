"""moto's server (`moto_server`), with DynamoDB's atomic conditional writes.

DynamoDB applies each write, its condition included, atomically: of twenty containers taking the same lease at once,
exactly one succeeds. moto serves requests on threads and checks a condition, then applies the update, without a
lock, so two concurrent conditional UpdateItems on one item can both succeed (2 of 15 trials of twenty at once, on
the development machine). The local environment (`MotoServer`) runs moto through this module: DynamoDB calls are
served one at a time, as DynamoDB orders the writes to an item; other services are untouched.

Usage: .venv/bin/python scripts/moto_server.py [moto_server's arguments]
"""
import sys
import threading

from moto import server
from moto.moto_server.werkzeug_app import DomainDispatcherApplication

_DYNAMODB_TARGET = "DynamoDB_"
_dynamodb = threading.Lock()
_dispatch = DomainDispatcherApplication.__call__


def _dispatch_atomically(self, environ, start_response):
    if environ.get("HTTP_X_AMZ_TARGET", "").startswith(_DYNAMODB_TARGET):
        with _dynamodb:
            # The view runs inside the call; the body it returns is already computed.
            return _dispatch(self, environ, start_response)
    return _dispatch(self, environ, start_response)


DomainDispatcherApplication.__call__ = _dispatch_atomically

if __name__ == "__main__":
    sys.exit(server.main(sys.argv[1:]))
