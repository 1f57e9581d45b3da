"""Container health probe: exits 0 when the app's /healthz answers 2xx on this machine.

Used by the Dockerfile's HEALTHCHECK, where neither curl nor wget exists. Proxy variables are
ignored on purpose: a corporate HTTP(S)_PROXY must not capture a request to 127.0.0.1.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def main() -> int:
    port = os.environ.get("PORT") or os.environ.get("WEBSITES_PORT") or "8000"
    url = f"http://127.0.0.1:{port}/healthz"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=4) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        print(f"healthcheck: {url} answered {error.code}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"healthcheck: {url} unreachable: {error}", file=sys.stderr)
        return 1
    return 0 if 200 <= status < 300 else 1


if __name__ == "__main__":
    sys.exit(main())
