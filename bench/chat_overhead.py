"""What the app adds on top of Azure OpenAI: the same streamed load through the app and
straight at the emulator with one shared SDK client, in the same run.

    .venv/bin/python bench/chat_overhead.py [--requests 200] [--concurrency 1 8] [--pool 10]

Prints requests/s, p50/p99 latency and time to first byte for both paths, their ratio, and
how many TLS connections the emulator accepted from each.
"""

from __future__ import annotations

import argparse
import asyncio
import ssl
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx2
from openai import AsyncAzureOpenAI

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.app_server import run_app
from tests.support.emulator import EmulatorHandle, run_emulator

MESSAGES = [{"role": "user", "content": "Summarise our travel policy in a few words."}]


@dataclass
class Sample:
    ttfb: float
    total: float


@dataclass
class Result:
    samples: list[Sample]
    wall: float
    tls_connections: int

    def line(self, name: str) -> str:
        totals = sorted(s.total for s in self.samples)
        ttfbs = sorted(s.ttfb for s in self.samples)
        p50, p99 = ms(percentile(totals, 50)), ms(percentile(totals, 99))
        ttfb = ms(percentile(ttfbs, 50))
        return (
            f"{name:<8} {self.rate:8.1f} req/s   p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   "
            f"ttfb p50 {ttfb:7.2f} ms   TLS connections {self.tls_connections}"
        )

    @property
    def rate(self) -> float:
        return len(self.samples) / self.wall

    @property
    def median(self) -> float:
        return percentile(sorted(s.total for s in self.samples), 50)


def ms(seconds: float) -> float:
    return seconds * 1000


def percentile(values: list[float], pct: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


async def run_load(requests: int, concurrency: int, one: object) -> tuple[list[Sample], float]:
    queue = list(range(requests))
    samples: list[Sample] = []

    async def worker() -> None:
        while queue:
            queue.pop()
            samples.append(await one())  # type: ignore[operator]

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return samples, time.perf_counter() - started


async def through_app(url: str, requests: int, concurrency: int) -> tuple[list[Sample], float]:
    limits = httpx2.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx2.AsyncClient(timeout=60, limits=limits, trust_env=False) as client:

        async def one() -> Sample:
            start = time.perf_counter()
            first = None
            async with client.stream("POST", url, json={"messages": MESSAGES}) as response:
                async for _ in response.aiter_lines():
                    first = first or time.perf_counter()
            return Sample(
                ttfb=(first or time.perf_counter()) - start, total=time.perf_counter() - start
            )

        await one()  # warm-up: connection set-up is not what is measured
        return await run_load(requests, concurrency, one)


async def direct(
    emulator: EmulatorHandle, requests: int, concurrency: int, pool: int
) -> tuple[list[Sample], float]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(cafile=str(emulator.root_pem))
    limits = httpx2.Limits(max_connections=pool, max_keepalive_connections=pool)
    async with httpx2.AsyncClient(verify=context, limits=limits, trust_env=False) as http:
        client = AsyncAzureOpenAI(
            azure_endpoint=emulator.endpoint,
            api_key=emulator.api_key,
            api_version="2024-05-01-preview",
            http_client=http,
        )

        async def one() -> Sample:
            start = time.perf_counter()
            first = None
            stream = await client.chat.completions.create(
                model=emulator.deployment,
                messages=MESSAGES,
                stream=True,  # type: ignore[arg-type]
            )
            async for _ in stream:
                first = first or time.perf_counter()
            return Sample(
                ttfb=(first or time.perf_counter()) - start, total=time.perf_counter() - start
            )

        await one()
        return await run_load(requests, concurrency, one)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--pool", type=int, default=10, help="APP_OUTBOUND_MAX_CONNECTIONS")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, run_emulator(Path(tmp)) as emulator:
        env = {
            "AZURE_OPENAI_ENDPOINT": emulator.endpoint,
            "AZURE_OPENAI_MODEL": emulator.deployment,
            "AZURE_OPENAI_KEY": emulator.api_key,
            "SSL_CERT_FILE": str(emulator.root_pem),
            "AUTH_ENABLED": "false",
            "APP_OUTBOUND_MAX_CONNECTIONS": str(args.pool),
            "APP_LOG_LEVEL": "WARNING",
        }
        with run_app(env, Path(tmp)) as app:
            for concurrency in args.concurrency:
                emulator.reset(answer_words=20)
                samples, wall = asyncio.run(direct(emulator, args.requests, concurrency, args.pool))
                base = Result(samples, wall, emulator.stats()["tls_connections"])
                emulator.reset(answer_words=20)
                samples, wall = asyncio.run(
                    through_app(f"{app.url}/conversation", args.requests, concurrency)
                )
                via_app = Result(samples, wall, emulator.stats()["tls_connections"])
                print(f"\n{args.requests} streamed requests, concurrency {concurrency}")
                print(base.line("direct"))
                print(via_app.line("app"))
                print(
                    f"ratio    throughput app/direct {via_app.rate / base.rate:.2f}   "
                    f"median added by the app {ms(via_app.median - base.median):+.2f} ms   "
                    f"app TLS connections {via_app.tls_connections} (pool {args.pool})"
                )


if __name__ == "__main__":
    main()
