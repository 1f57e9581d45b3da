"""`python -m emulator`: run the Azure OpenAI emulator over HTTPS on loopback."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import ssl
from pathlib import Path

from aiohttp import web

from emulator.pki import create_server_pki
from emulator.server import Emulator, EmulatorConfig


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--pki-dir", type=Path, default=Path(".local/emulator-pki"))
    parser.add_argument("--api-key", default="emulator-key")
    parser.add_argument("--deployment", action="append", help="accepted deployment names")
    parser.add_argument("--answer-words", type=int, default=40)
    parser.add_argument("--token-delay", type=float, default=0.0, help="seconds between tokens")
    parser.add_argument("--ready-file", type=Path, help="write {port, root_pem} here when ready")
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    pki = create_server_pki(args.pki_dir)
    # The emulator's own server-side context; clients trust it through root.pem.
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(pki.chain_pem, pki.key_pem)
    config = EmulatorConfig(
        api_key=args.api_key,
        deployments=args.deployment or ["gpt-4o"],
        answer_words=args.answer_words,
        token_delay=args.token_delay,
    )
    runner = web.AppRunner(Emulator(config).make_app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, args.host, args.port, ssl_context=tls)
    await site.start()
    port = runner.addresses[0][1]
    if args.ready_file:
        tmp = args.ready_file.with_suffix(".tmp")
        tmp.write_text(json.dumps({"port": port, "root_pem": str(pki.root_pem.resolve())}))
        tmp.replace(args.ready_file)
    print(
        f"Azure OpenAI emulator on https://localhost:{port} "
        f"(trust {pki.root_pem}; api-key {args.api_key!r})",
        flush=True,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await runner.cleanup()


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(serve(parse_args()))


if __name__ == "__main__":
    main()
