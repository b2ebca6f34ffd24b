"""What the ML group's stand-ins share (`ses.py`, `bedrock.py`, `sagemaker.py`): a relay
in front of moto that answers some calls itself (`ROUTES`), corrects moto's answers where
they are not in the API's wire format (`adjust`), and forwards everything else unchanged.
In `stand-in` mode a script's ENDPOINT is moto's.
"""

import datetime
import json
import re
import threading

from estate import StandIn, caller


def iso(value):
    """A timestamp as moto may write it (epoch seconds, `2024-01-02 03:04:05[.123][+00:00]`)
    in the ISO-8601 form REST-JSON APIs declare."""
    if isinstance(value, (int, float)):
        moment = datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
    elif isinstance(value, str) and re.match(r"\d{4}-\d\d-\d\d \d", value):
        moment = datetime.datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.timezone.utc)
    else:
        return value
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch(value):
    """A timestamp as moto may write it, in the epoch seconds JSON-protocol APIs send."""
    if isinstance(value, str) and re.match(r"\d{4}-\d\d-\d\d[ T]\d", value):
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.timezone.utc)
        return moment.timestamp()
    return value


def epoch_timestamps(doc):
    """`doc` with every `...Time` member rewritten by `epoch`."""
    if isinstance(doc, dict):
        return {k: epoch(v) if k.endswith("Time") else epoch_timestamps(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [epoch_timestamps(v) for v in doc]
    return doc


def iso_timestamps(doc):
    """`doc` with every `...At` / `...Time` member rewritten by `iso`."""
    if isinstance(doc, dict):
        return {k: iso(v) if re.search(r"(At|Time)$", k) else iso_timestamps(v)
                for k, v in doc.items()}
    if isinstance(doc, list):
        return [iso_timestamps(v) for v in doc]
    return doc


class Relay(StandIn):
    """Answers `ROUTES` (method, path pattern without a trailing slash, which SDKs differ
    on; handler method name; the pattern's named groups become arguments) and `TARGETS`
    (JSON-protocol `X-Amz-Target` to handler method name) itself, one at a time, keeping
    what they create; relays the rest through `adjust`."""

    ROUTES = []
    TARGETS = {}
    lock = threading.Lock()
    accounts = {}

    def handle_one(self):
        self.body = self.read_body()
        path = self.path.split("?", 1)[0].rstrip("/")
        target = self.TARGETS.get(self.headers.get("X-Amz-Target", ""))
        if target:
            with self.lock:
                return getattr(self, target)()
        for method, pattern, name in self.ROUTES:
            m = re.fullmatch(pattern, path)
            if m and method == self.command:
                with self.lock:
                    return getattr(self, name)(**m.groupdict())
        self.relay()

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = handle_one

    def adjust(self, payload):
        """moto's answer as the API sends it (unchanged here)."""
        return payload

    def relay(self, method=None, path=None):
        """Forward the request (see `forward`) and answer with moto's reply through `adjust`."""
        status, items, payload = self.forward(method, path)
        self.reply(status, items, self.adjust(payload) if status == 200 else payload)

    def json(self, value, status=200, content_type="application/json"):
        self.reply(status, [("Content-Type", content_type)], json.dumps(value).encode())

    def scope(self):
        """The caller's account (asked of moto's STS with the caller's key) and region."""
        key, _, region = caller(self.headers)
        if key not in self.accounts:
            self.accounts[key] = self.account()
        return self.accounts[key], region
