"""The backup archive: one gzip-compressed tar file that restores the whole office.

    manifest.json      what the archive holds and how to check it (the first member)
    database.dump      pg_dump's custom format (PostgreSQL), or
    database.sqlite3   a copy made by SQLite's online backup API
    media/<path>       every file under MEDIA_ROOT (the uploaded ledgers)

The manifest gives every member's SHA-256, so a restore checks the whole archive before
it replaces anything, and every table's row count, so it can check what it restored.
"""

import gzip
import io
import json
import os
import tarfile
import tempfile
import time
import zlib
from datetime import datetime
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from .media import copy_hashing, sha256

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the administrator."""


def manifest(created_at, version, connection, database_file, holds, files):
    """The manifest of an archive of `database_file`, dumped from the Django `connection`,
    which `holds` {"tables": row counts, "migrations": applied, "engine_details": …}, and
    of the uploaded `files` ([{path, size, sha256}])."""
    return {
        "format": FORMAT,
        "created_at": created_at.isoformat(),
        "app": {"name": "lianluo", "version": version},
        "database": {
            "engine": connection.vendor,
            "name": str(connection.settings_dict["NAME"]),
            "file": database_file.name,
            "sha256": sha256(database_file),
            **holds["engine_details"],
        },
        "migrations": holds["migrations"],
        "tables": holds["tables"],
        "media": files,
    }


def write(target, manifest, database_file, media_root):
    """Write the archive to `target` atomically: a temporary file beside it, renamed only
    when complete, so a failed backup never leaves a truncated archive or replaces the last
    good one."""
    target = Path(target)
    # mkstemp makes the file readable by its owner only: the archive holds personal data
    # and password hashes.
    descriptor, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(descriptor, "wb") as out:
            with tarfile.open(fileobj=out, mode="w:gz") as tar:
                add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
                tar.add(database_file, arcname=manifest["database"]["file"])
                for item in manifest["media"]:
                    tar.add(Path(media_root, item["path"]), arcname=f"{MEDIA}/{item['path']}")
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise


def add_bytes(tar, name, text):
    data = text.encode()
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, time.time()
    tar.addfile(info, io.BytesIO(data))


def read_manifest(path):
    """The manifest of the archive at `path`, checked for what a restore relies on."""
    try:
        with tarfile.open(path, "r:*") as tar:
            first = tar.next()
            if first is None or first.name != MANIFEST or not first.isfile():
                raise BackupError(_("%(file)s is not a Lianluo backup.") % {"file": path})
            manifest = json.load(tar.extractfile(first))
    except FileNotFoundError:
        raise BackupError(_("There is no file %(file)s.") % {"file": path}) from None
    except (OSError, EOFError, tarfile.TarError, ValueError):
        raise BackupError(_("%(file)s is not a Lianluo backup.") % {"file": path}) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            _("%(file)s is a backup in a format this version of Lianluo cannot read.")
            % {"file": path}
        )
    if not is_well_formed(manifest):
        raise BackupError(_("%(file)s is not a Lianluo backup.") % {"file": path})
    for item in manifest["media"]:
        if not is_plain_relative(item["path"]):
            raise BackupError(
                _("%(file)s names a file outside the media folder: %(path)s")
                % {"file": path, "path": item["path"]}
            )
    return manifest


def is_well_formed(manifest):
    """Whether the manifest has every entry a restore reads, of the right kind."""
    try:
        datetime.fromisoformat(manifest["created_at"])
        database = manifest["database"]
        return (
            DATABASE_FILES.get(database["engine"]) == database["file"]
            and isinstance(database["sha256"], str)
            and (database["engine"] != "postgresql" or isinstance(database["pg_dump"], str))
            and isinstance(manifest["app"]["version"], str)
            and all(isinstance(names, list) for names in manifest["migrations"].values())
            and all(isinstance(rows, int) for rows in manifest["tables"].values())
            and all(
                isinstance(item["path"], str) and isinstance(item["sha256"], str)
                for item in manifest["media"]
            )
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return False


def is_plain_relative(path):
    """A relative path inside its folder: no root, no `..`, nothing a tar trick could use."""
    parts = PurePosixPath(path).parts
    return bool(parts) and not PurePosixPath(path).is_absolute() and ".." not in parts


def extract(path, into):
    """Extract the archive at `path` into the folder `into`, checking every member against
    the manifest's SHA-256; the manifest. Nothing outside `into` is written."""
    manifest = read_manifest(path)
    expected = {manifest["database"]["file"]: manifest["database"]["sha256"]}
    expected |= {f"{MEDIA}/{item['path']}": item["sha256"] for item in manifest["media"]}
    found = set()
    try:
        with tarfile.open(path, "r:*") as tar:
            for member in tar:
                if member.name == MANIFEST:
                    continue
                if member.name not in expected or not member.isfile():
                    raise BackupError(
                        _("%(file)s holds %(member)s, which its manifest does not list.")
                        % {"file": path, "member": member.name}
                    )
                target = Path(into, member.name)
                target.parent.mkdir(parents=True, exist_ok=True)
                if copy_hashing(tar.extractfile(member), target) != expected[member.name]:
                    raise BackupError(
                        _("%(file)s is damaged: %(member)s does not match its manifest.")
                        % {"file": path, "member": member.name}
                    )
                found.add(member.name)
    except (EOFError, tarfile.TarError, gzip.BadGzipFile, zlib.error):
        raise BackupError(_("%(file)s is damaged: it ends early.") % {"file": path}) from None
    if missing := sorted(expected.keys() - found):
        raise BackupError(
            _("%(file)s is incomplete: %(members)s missing.")
            % {"file": path, "members": ", ".join(missing)}
        )
    return manifest
