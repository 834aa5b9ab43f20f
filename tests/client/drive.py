"""Drives seforce through a Python client generated from openapi/openapi.json by
openapi-python-client: a login, a list, a create, a refusal and an export. Proves that the
description is complete enough for a standard generator (typed bodies, problems, binary files).

Usage: drive.py BASE_URL (the generated package `seforce_client` on sys.path).
"""

import datetime
import sys
import uuid

from seforce_client import AuthenticatedClient, Client
from seforce_client.api.auth import auth_token
from seforce_client.api.organizations import organizations_list
from seforce_client.api.persons import persons_create, persons_export, persons_list
from seforce_client.models import OrgKind, PasswordLogin, PersonIn, Problem, TokenPair
from seforce_client.models.gender import Gender
from seforce_client.types import File

BASE = sys.argv[1]
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def national_id(region: str, birth: datetime.date, seq: int) -> str:
    """A valid 18-character ID number (GB 11643 check character)."""
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + CHECK[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


def expect(cond: bool, what: str) -> None:
    if not cond:
        sys.exit(f"generated client: {what}")


# 1. Login: the body is typed, the answer parsed into TokenPair.
login = auth_token.sync_detailed(
    client=Client(base_url=BASE), body=PasswordLogin(login="assoc.admin", password="Demo-Pass-2026")
)
expect(login.status_code == 200 and isinstance(login.parsed, TokenPair), f"login: {login.status_code} {login.content!r}")
wrong = auth_token.sync_detailed(client=Client(base_url=BASE), body=PasswordLogin(login="assoc.admin", password="wrong"))
expect(wrong.status_code == 401 and isinstance(wrong.parsed, Problem), f"wrong password: {wrong.status_code}")
api = AuthenticatedClient(base_url=BASE, token=login.parsed.access_token)

# 2. A list, with a bounded limit.
orgs = organizations_list.sync_detailed(client=api, kind=OrgKind.INSPECTION_INSTITUTION, limit=5)
expect(orgs.status_code == 200 and orgs.parsed.items, f"organizations: {orgs.status_code} {orgs.content!r}")
employer = orgs.parsed.items[0].id

# 3. A create.
birth = datetime.date(1990, 3, 14)
seq = 100 + uuid.uuid4().int % 800
person = PersonIn(
    name="生成客户端",
    gender=Gender.MALE if seq % 2 else Gender.FEMALE,
    birth_date=birth,
    national_id=national_id("430104", birth, seq),
    employer_id=employer,
    post="检验员",
)
created = persons_create.sync_detailed(client=api, body=person)
expect(created.status_code == 201, f"create: {created.status_code} {created.content!r}")
found = persons_list.sync_detailed(client=api, q="生成客户端", limit=10)
expect(found.status_code == 200 and any(p.id == created.parsed.id for p in found.parsed.items), "created person not listed")

# 4. A refusal: a problem with a pointer to the bad field.
bad = PersonIn(name="坏号码", gender=Gender.MALE, birth_date=birth, national_id="430104199003141230", employer_id=employer)
refused = persons_create.sync_detailed(client=api, body=bad)
expect(refused.status_code == 422 and isinstance(refused.parsed, Problem), f"refusal: {refused.status_code} {refused.content!r}")
expect(any(e.pointer == "/national_id" for e in refused.parsed.errors), f"refusal points at: {refused.parsed.errors}")

# 5. An export: a binary body, not an array of integers.
export = persons_export.sync_detailed(client=api, q="生成客户端")
expect(export.status_code == 200 and isinstance(export.parsed, File), f"export: {export.status_code}")
expect(export.parsed.payload.read(2) == b"PK", "export is not an XLSX workbook")

print("generated client: login, list, create, refusal and export passed")
