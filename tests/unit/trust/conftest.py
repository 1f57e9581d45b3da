from tests.support.trust_fixtures import (  # noqa: F401 - fixtures
    expired_ca,
    future_ca,
    other_pki,
    pki,
    pki_files,
    tls_server,
)
