"""Issue 10: a disk that fills up while an export's file is written gives a clear failure and
no partial file.

For real: a 256 KB tmpfs is mounted as the export jobs' storage and filled up but for a part of
what the export needs, so the file is half written when the disk runs out. Mounting needs root
(CI runs as root); elsewhere that test is skipped with the reason, and the same behaviour is
checked by injecting ENOSPC into the write."""

import contextlib
import errno
import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from tests.factories.pipeline import ProjectFactory
from zoneinvest.core import safe_files
from zoneinvest.reports.export_jobs import export_job, export_retry, export_start
from zoneinvest.reports.exports import export_file
from zoneinvest.reports.models import Job, JobStatus

DISK_FULL = "The export could not be written: the disk is full. Nothing was kept."
NOT_WRITTEN = "The export could not be written to the disk. Nothing was kept."
TMPFS_BYTES = 256 * 1024


@pytest.fixture
def projects(world):
    for i in range(40):
        ProjectFactory(
            zone=world.zone, company=world.company, title_en=f"Battery plant phase {i} " * 10
        )
    return 41


def _use_storage(monkeypatch, location: Path) -> None:
    """The export jobs' files go to `location` (the field's storage, as private_storage is)."""
    monkeypatch.setattr(Job._meta.get_field("file"), "storage", FileSystemStorage(location))


def _files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def _run_export(world) -> Job:
    job = export_start(
        kind="projects", fmt="csv", query="", rows=41, zone=None, back="/", by=world.director
    )
    export_job.call(job.pk)
    job.refresh_from_db()
    return job


# ---------------------------------------------------------------- a real full disk


@pytest.fixture
def small_disk():
    """A 256 KB tmpfs, unmounted afterwards; skipped where mounting is not permitted."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root); ENOSPC is injected instead")
    folder = Path(tempfile.mkdtemp(prefix="zi-full-disk-"))
    mounted = subprocess.run(  # noqa: S603
        ["/usr/bin/mount", "-t", "tmpfs", "-o", f"size={TMPFS_BYTES}", "tmpfs", str(folder)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.skip(f"mount is not permitted here ({mounted.stderr.strip()}); ENOSPC is injected")
    try:
        yield folder
    finally:
        subprocess.run(["/usr/bin/umount", str(folder)], check=False)  # noqa: S603
        with contextlib.suppress(OSError):
            folder.rmdir()


def _fill(disk: Path, leave: int) -> None:
    """Fill the disk but for about `leave` bytes."""
    stat = os.statvfs(disk)
    free = stat.f_bavail * stat.f_frsize
    with (disk / "filler").open("wb") as stream:
        stream.write(b"\0" * max(0, free - leave))


def test_an_export_on_a_full_disk_fails_clearly_and_leaves_no_partial_file(
    world, projects, small_disk, monkeypatch, client_for
):
    size = len(export_file("projects", world.director, "", "csv")[2])
    assert size > 2 * 4096  # the export is larger than the room left below
    _use_storage(monkeypatch, small_disk)
    _fill(small_disk, leave=4096)

    job = _run_export(world)

    assert job.status == JobStatus.FAILED
    assert job.error == DISK_FULL
    assert not job.file
    assert _files_under(small_disk) == ["filler"]  # no partial file, not even a temporary one
    assert sorted(p.name for p in small_disk.iterdir()) in (["filler"], ["exports", "filler"])
    page = client_for(world.director).get(reverse("office:export_detail", args=[job.pk]))
    assert DISK_FULL in page.content.decode()

    # room again: the same export, started again, is written whole
    (small_disk / "filler").unlink()
    export_retry(job=job, by=world.director)
    export_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert (small_disk / job.file.name).stat().st_size == size


# ---------------------------------------------------------------- ENOSPC injected


@pytest.fixture
def storage(monkeypatch, tmp_path) -> Path:
    _use_storage(monkeypatch, tmp_path)
    return tmp_path


def _failing_write(code: int):
    def write(stream, content: bytes) -> None:
        stream.write(content[: len(content) // 2])
        stream.flush()
        raise OSError(code, os.strerror(code))

    return write


def test_enospc_while_writing_fails_the_job_with_the_disk_full_message(
    world, projects, storage, monkeypatch
):
    monkeypatch.setattr(safe_files, "write_chunks", _failing_write(errno.ENOSPC))

    job = _run_export(world)

    assert job.status == JobStatus.FAILED
    assert job.error == DISK_FULL
    assert _files_under(storage) == []


def test_another_write_error_fails_the_job_with_a_plain_message(
    world, projects, storage, monkeypatch
):
    monkeypatch.setattr(safe_files, "write_chunks", _failing_write(errno.EIO))

    job = _run_export(world)

    assert job.status == JobStatus.FAILED
    assert job.error == NOT_WRITTEN
    assert _files_under(storage) == []


def test_without_a_failure_the_file_is_whole_under_its_final_name(world, projects, storage):
    job = _run_export(world)

    assert job.status == JobStatus.DONE
    assert _files_under(storage) == [job.file.name]
    with job.file.open("rb") as stream:
        assert stream.read() == export_file("projects", world.director, "", "csv")[2]


def test_a_file_written_whole_is_renamed_only_when_complete(tmp_path):
    target = tmp_path / "a" / "file.bin"

    def half_then_full() -> None:
        with safe_files.written_whole(target) as temporary:
            temporary.write_bytes(b"half")
            raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        half_then_full()
    assert list((tmp_path / "a").iterdir()) == []

    safe_files.write_whole(target, b"whole")
    assert target.read_bytes() == b"whole"
    assert [p.name for p in target.parent.iterdir()] == ["file.bin"]
