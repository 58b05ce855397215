"""The console entry (`kzqa`, `python -m kzqa`): what a shell sees of a run that ends without
Python's finalization — every byte written, the same exit status, the exit functions run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kzqa import cli
from tests.conftest import Run


def _shell(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    env.pop("PYTHONUNBUFFERED", None)  # buffered, as a shell's pipe usually is
    return subprocess.run([sys.executable, "-m", "kzqa", *args], env=env, capture_output=True, timeout=120,
                          check=False)


@pytest.mark.parametrize("args", [
    ("agreements", "--json"),  # 0, JSON written straight to the binary buffer
    ("timeline", "--from", "2022"),  # 0, TSV through the text layer
    ("show", "no-such-record"),  # 1, nothing found
    ("timeline", "--from", "2024", "--to", "2020"),  # 2, a usage error
    ("figures", "--bogus"),  # 2, Click's own usage error
])
def test_a_process_writes_and_exits_as_the_app_does(facts: Path, run: Run, args: tuple[str, ...]) -> None:
    inside = run(*args)
    done = _shell(*args)
    assert done.returncode == inside.exit_code
    assert done.stdout.decode() == inside.stdout
    assert done.stderr.decode().replace("python -m kzqa", "kzqa") == inside.stderr


def test_a_big_output_arrives_whole(tmp_path: Path) -> None:
    """Every bundled record, some 300 KB of JSON: nothing is lost at the fast exit."""
    done = _shell("export", "--json")
    again = _shell("--no-cache", "export", "--json")
    assert done.returncode == again.returncode == 0
    assert len(done.stdout) > 200_000 and done.stdout == again.stdout
    assert done.stdout.rstrip().endswith(b"]")


def _exits(monkeypatch: pytest.MonkeyPatch, *args: str) -> list[int]:
    called: list[int] = []

    def fake_exit(status: int) -> None:
        called.append(status)
        raise SystemExit(f"os._exit({status})")  # stop here, as the real call would

    monkeypatch.setattr(cli.os, "_exit", fake_exit)
    monkeypatch.setattr(sys, "argv", ["kzqa", *args])
    return called


def test_a_finished_run_ends_with_its_status_after_the_exit_functions(
        facts: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    called = _exits(monkeypatch, "show", "no-such-record")
    ran: list[str] = []
    monkeypatch.setattr(cli.atexit, "_run_exitfuncs", lambda: ran.append("exit functions"))
    with pytest.raises(SystemExit):
        cli.main()
    assert called == [1] and ran == ["exit functions"]
    assert "no-such-record" in capsys.readouterr().err


def test_another_running_thread_takes_the_ordinary_exit(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    called = _exits(monkeypatch, "timeline", "--from", "2022")
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        with pytest.raises(SystemExit) as ended:
            cli.main()
    finally:
        stop.set()
        worker.join()
    assert called == [] and ended.value.code == 0


@pytest.mark.skipif(not hasattr(signal, "SIGPIPE"), reason="no SIGPIPE on this platform")
def test_a_reader_that_stops_early_ends_kzqa_by_sigpipe(tmp_path: Path) -> None:
    """As `cat` or `grep` end in `... | head -1`: by the signal, silently (status 141 in a
    shell), never exit 1, which means "nothing found"."""
    env = {**os.environ, "KZQA_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("PYTHONUNBUFFERED", None)
    proc = subprocess.Popen([sys.executable, "-m", "kzqa", "export", "--csv"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"kind,id,")
    proc.stdout.close()  # the rest (some 300 KB) has nowhere to go
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == -signal.SIGPIPE
    assert err == b""


def test_output_closed_from_the_start_is_exit_2_with_a_message(tmp_path: Path) -> None:
    env = {**os.environ, "KZQA_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "kzqa", "agreements"], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, timeout=60, check=False, close_fds=True,
                          preexec_fn=lambda: os.close(1))
    assert (done.returncode, done.stderr) == (2, b"kzqa: standard output is closed\n")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", [("agreements", "--json"), ("export", "--json"), ("timeline",)])
def test_output_that_cannot_be_written_is_exit_2_with_a_message(tmp_path: Path, args: tuple[str, ...]) -> None:
    """A full disk: one line on stderr, no traceback."""
    env = {**os.environ, "KZQA_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("PYTHONUNBUFFERED", None)
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "kzqa", *args], env=env, stdout=full, stderr=subprocess.PIPE,
                              timeout=60, check=False)
    assert (done.returncode, done.stderr) == (2, b"kzqa: cannot write the output: No space left on device\n")
