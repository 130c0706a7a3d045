"""The build's idea of "now": ``SOURCE_DATE_EPOCH`` when set, so builds are reproducible."""

from __future__ import annotations

import os
from datetime import UTC, datetime


def build_now() -> datetime:
    """Current time as an aware UTC datetime, or the time ``SOURCE_DATE_EPOCH`` names."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError) as error:
            raise ValueError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix timestamp in seconds"
            ) from error
    return datetime.now(tz=UTC)
