"""moto_server with one deviation from AWS corrected (started by test/support/moto.ts).

moto 5.2 writes a subscription's log event ids as JSON numbers (moto/logs/models.py, LogStream.put_log_events:
``"id": event.event_id``, an int counter), while CloudWatch Logs sends decimal strings and moto's own
FilterLogEvents answers ``str(event_id)``. firewatch rejects a non-string id as a malformed envelope, as it
should for anything claiming to come from AWS, so the ids are made strings before moto builds the envelope.
Everything else (envelope, gzip, Kinesis/Firehose records) stays moto's.
"""

import sys

from moto.logs import models

_send_log_events = models.LogStream._send_log_events


def _send_with_string_ids(self, service, destination_arn, filter_name, log_events):
    events = [{**event, "id": str(event["id"])} for event in log_events]
    return _send_log_events(self, service, destination_arn, filter_name, events)


models.LogStream._send_log_events = _send_with_string_ids

if __name__ == "__main__":
    from moto.server import main

    sys.exit(main(sys.argv[1:]))
