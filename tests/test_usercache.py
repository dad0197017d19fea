"""compiler/usercache.py: the grammar's tables and the compiled templates are cached only in a folder
that is the user's own and that no one else can write to (issue 9: no code from a shared place)."""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from compiler import __version__, usercache

pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="user ids: a POSIX system")


@pytest.fixture
def cache_at(monkeypatch, tmp_path):
    """Point the cache at a folder of tmp_path and forget the folder chosen before."""
    def point(path: Path | str) -> Path | None:
        monkeypatch.setenv("REGC_CACHE_DIR", str(path))
        usercache.folder.cache_clear()
        return usercache.folder()
    yield point
    usercache.folder.cache_clear()


def test_the_folder_is_created_private_and_versioned(cache_at, tmp_path):
    folder = cache_at(tmp_path / "cache")
    assert folder == tmp_path / "cache" / __version__
    assert folder.stat().st_mode & 0o777 == 0o700


def test_a_folder_others_can_write_to_is_not_used(cache_at, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)   # whatever the umask
    assert cache_at(shared) is None
    usercache.store("entry", lambda f: f.write(b"planted"))
    assert not any(shared.rglob("entry"))
    assert usercache.load("entry", lambda f: f.read()) is None


def test_a_link_in_place_of_the_folder_is_not_used(cache_at, tmp_path):
    (tmp_path / "elsewhere").mkdir(mode=0o700)
    (tmp_path / "cache").mkdir(mode=0o700)
    (tmp_path / "cache" / __version__).symlink_to(tmp_path / "elsewhere")
    assert cache_at(tmp_path / "cache") is None


def test_an_empty_setting_turns_the_cache_off(cache_at):
    assert cache_at("") is None


def test_entries_round_trip_and_a_broken_one_is_rebuilt_not_trusted(cache_at, tmp_path):
    folder = cache_at(tmp_path / "cache")
    usercache.store("numbers", lambda f: pickle.dump([1, 2, 3], f))
    assert usercache.load("numbers", pickle.load) == [1, 2, 3]
    (folder / "numbers").write_bytes(b"\x80 truncated")
    assert usercache.load("numbers", pickle.load) is None
    assert [p.name for p in folder.iterdir()] == ["numbers"]   # no temporary file left behind


def test_parsing_writes_nothing_to_the_shared_temporary_folder(tmp_path):
    """A fresh process with an empty cache builds the grammar's tables and keeps them in the private
    folder only: Lark's own cache (a pickle in /tmp) is not used."""
    before = set(Path(tempfile.gettempdir()).glob(".lark_cache*"))
    env = {**os.environ, "REGC_CACHE_DIR": str(tmp_path / "cache")}
    code = "from compiler import parse; parse.parser()"
    for _ in range(2):   # built, then loaded
        subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120)
    assert set(Path(tempfile.gettempdir()).glob(".lark_cache*")) == before
    assert [p.name.split("-")[0] for p in (tmp_path / "cache" / __version__).iterdir()] == ["grammar"]


def test_only_the_entries_of_a_kind_used_last_are_kept(cache_at, tmp_path):
    """A drafter's every edit makes new entries: with `keep`, the folder does not only grow."""
    folder = cache_at(tmp_path / "cache")
    for n in range(4):
        usercache.store(f"kind-{n}.x", lambda f: f.write(b"x"))
        os.utime(folder / f"kind-{n}.x", ns=(n * 10**9, n * 10**9))   # written one after another
    usercache.store("kind-sub-0.x", lambda f: f.write(b"y"))   # another kind, named alike (docs-site-, docs-history-)
    assert usercache.load("kind-0.x", lambda f: f.read()) == b"x"   # the oldest, used now
    usercache.store("kind-4.x", lambda f: f.write(b"x"), keep=3)
    assert sorted(p.name for p in folder.iterdir()) == ["kind-0.x", "kind-3.x", "kind-4.x", "kind-sub-0.x"]
