"""The uploaded files under MEDIA_ROOT: listed with their checksums, put back, checked."""

import hashlib
import os
import shutil
from pathlib import Path

CHUNK = 1 << 20


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_hashing(source, target):
    """Copy the open binary file `source` to the path `target`; the SHA-256 of what was copied."""
    digest = hashlib.sha256()
    with open(target, "wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def files(root):
    """[{path, size, sha256}] of every regular file under `root`, in path order."""
    root = Path(root)
    if not root.is_dir():
        return []
    return [
        {
            "path": path.relative_to(root).as_posix(),
            "size": path.stat().st_size,
            "sha256": sha256(path),
        }
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    ]


def replace(root, source, listed):
    """Make `root` hold exactly the `listed` files, copied from the folder `source`.

    File by file (a temporary name, then a rename) rather than by swapping the folder:
    MEDIA_ROOT is often a mount point, which cannot be renamed.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    keep = {item["path"] for item in listed}
    for path in sorted(root.rglob("*"), reverse=True):  # children before their folders
        relative = path.relative_to(root).as_posix()
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
        elif relative not in keep:
            path.unlink()
    for item in listed:
        target = root / item["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.restoring")  # made with the usual mode
        shutil.copyfile(Path(source, item["path"]), partial)
        os.replace(partial, target)


def differences(root, listed):
    """The paths under `root` that are missing, extra or changed against `listed`."""
    present = {item["path"]: item["sha256"] for item in files(root)}
    expected = {item["path"]: item["sha256"] for item in listed}
    return sorted(
        path for path in present.keys() | expected.keys() if present.get(path) != expected.get(path)
    )
