"""The trust report: what was loaded, from where, and every problem found.

One object, three renderings that carry the same facts: `to_dict()` for /healthz, and
`render_text()` (built from `to_dict()`) for the startup log and the doctor. It never holds a
secret: blob locations are stored without their query string.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

__all__ = [
    "CertificateInfo",
    "Problem",
    "Severity",
    "SourceKind",
    "TrustReport",
    "TrustStatus",
]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class SourceKind(StrEnum):
    FILE = "file"
    DIR = "dir"
    BLOB = "blob"
    PUBLIC = "public"


class TrustStatus(StrEnum):
    OK = "ok"  # the configured trust is in use (warnings allowed)
    DEGRADED = "degraded"  # lenient mode: part or all of the bundle was unusable
    FAILED = "failed"  # strict mode: the app must not start


@dataclass(frozen=True)
class Problem:
    severity: Severity
    code: str
    message: str
    where: str = ""

    def to_dict(self) -> dict[str, str]:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "where": self.where,
            "message": self.message,
        }


@dataclass(frozen=True)
class CertificateInfo:
    subject: str
    issuer: str
    sha256: str
    not_before: datetime
    not_after: datetime
    origin: str
    problems: tuple[Problem, ...] = ()

    @property
    def trusted(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "issuer": self.issuer,
            "sha256": self.sha256,
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat(),
            "origin": self.origin,
            "trusted": self.trusted,
            "problems": [p.to_dict() for p in self.problems],
        }


@dataclass(frozen=True)
class TrustReport:
    source_kind: SourceKind
    location: str
    setting: str
    mode: str
    enterprise_only: bool
    status: TrustStatus
    generation: int
    checked_at: datetime
    public_roots_included: bool
    certificates: tuple[CertificateInfo, ...] = ()
    problems: tuple[Problem, ...] = field(default=())

    @property
    def trusted_certificates(self) -> tuple[CertificateInfo, ...]:
        return tuple(c for c in self.certificates if c.trusted)

    @property
    def all_problems(self) -> tuple[Problem, ...]:
        return self.problems + tuple(p for c in self.certificates for p in c.problems)

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.all_problems)

    @property
    def earliest_expiry(self) -> CertificateInfo | None:
        trusted = self.trusted_certificates
        return min(trusted, key=lambda c: c.not_after) if trusted else None

    def summary_line(self) -> str:
        """The one line logged per trust generation: source, number of CAs, earliest expiry."""
        data = self.to_dict()
        return _summary(data)

    def to_dict(self) -> dict[str, Any]:
        earliest = self.earliest_expiry
        return {
            "generation": self.generation,
            "status": self.status.value,
            "mode": self.mode,
            "source": {
                "kind": self.source_kind.value,
                "location": self.location,
                "setting": self.setting,
            },
            "enterprise_only": self.enterprise_only,
            "public_roots_included": self.public_roots_included,
            "ca_count": len(self.trusted_certificates),
            "earliest_expiry": None
            if earliest is None
            else {"not_after": earliest.not_after.isoformat(), "subject": earliest.subject},
            "checked_at": self.checked_at.isoformat(),
            "problems": [p.to_dict() for p in self.problems],
            "certificates": [c.to_dict() for c in self.certificates],
        }

    def render_text(self) -> str:
        return render_report_dict(self.to_dict())


def _summary(data: dict[str, Any]) -> str:
    source = data["source"]
    where = source["location"] or "-"
    setting = f" ({source['setting']})" if source["setting"] else ""
    roots = " + public roots" if data["public_roots_included"] else " (enterprise only)"
    expiry = data["earliest_expiry"]
    expiry_text = "none" if expiry is None else f"{expiry['not_after'][:10]} ({expiry['subject']})"
    return (
        f"trust generation {data['generation']}: status={data['status']} mode={data['mode']} "
        f"source={source['kind']} {where}{setting}, {data['ca_count']} enterprise CA(s){roots}, "
        f"earliest expiry {expiry_text}"
    )


def render_report_dict(data: dict[str, Any]) -> str:
    """Text form of `TrustReport.to_dict()`: the log and the doctor print exactly this."""
    lines = [_summary(data)]
    for problem in data["problems"]:
        lines.append(_problem_line(problem, indent="  "))
    for index, cert in enumerate(data["certificates"], start=1):
        state = "trusted" if cert["trusted"] else "REJECTED"
        lines.append(f"  [{index}] {cert['subject']} ({state})")
        lines.append(f"      issuer:    {cert['issuer']}")
        lines.append(f"      not after: {cert['not_after']}")
        lines.append(f"      sha256:    {cert['sha256']}")
        lines.append(f"      from:      {cert['origin']}")
        for problem in cert["problems"]:
            lines.append(_problem_line(problem, indent="      "))
    return "\n".join(lines)


def _problem_line(problem: dict[str, str], *, indent: str) -> str:
    where = f" {problem['where']}:" if problem["where"] else ""
    return f"{indent}{problem['severity'].upper()}{where} {problem['message']}"
