"""What the benchmark ran on: CPU, cores, memory, Python and tool versions, load."""

from __future__ import annotations

import hashlib
import os
import platform
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Machine:
    cpu: str
    cores: int
    memory_gib: float
    system: str
    python: str
    briefing: str
    hugo: str
    pagefind: str
    bytecode: str = ""

    def lines(self) -> list[str]:
        return [f"- CPU: {self.cpu}, {self.cores} cores",
                f"- memory: {self.memory_gib:.1f} GiB",
                f"- system: {self.system}",
                f"- Python {self.python}",
                f"- briefing {self.briefing}; Pagefind {self.pagefind}",
                f"- Hugo {self.hugo}",
                *([f"- bytecode: {self.bytecode}"] if self.bytecode else [])]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 2**20
    except OSError:
        pass
    return 0.0


def tool_version(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (result.stdout or result.stderr).strip().splitlines()[0] if result.returncode == 0 \
        else "unknown"


def pagefind_version() -> str:
    try:
        from briefing.search.pagefind import pagefind_executable
    except ImportError:
        return "unknown"
    executable = pagefind_executable()
    return tool_version([str(executable), "--version"]) if executable else "not installed"


COMPILE = ("import briefing, compileall, os, sys; "
           "sys.exit(not compileall.compile_dir(os.path.dirname(briefing.__file__), quiet=1))")


def compile_bytecode(briefing: Path) -> str:
    """Byte-compile the briefing package that ``briefing`` runs, as installing a
    wheel does, and say so. An editable install leaves that to the first import,
    which never writes the cache when PYTHONDONTWRITEBYTECODE is set (as on the
    machine of this project): every build measured then compiled some 150
    modules from source first, about 0.3 s that no installed copy spends."""
    python = briefing.parent / "python"
    command = [str(python if python.exists() else sys.executable), "-c", COMPILE]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    setting = "set" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "not set"
    return (f"briefing's modules byte-compiled before measuring "
            f"(PYTHONDONTWRITEBYTECODE {setting})" if done.returncode == 0
            else f"byte-compiling briefing's modules failed: {done.stderr.strip()[-200:]}")


def describe(briefing: Path, hugo: Path) -> Machine:
    bytecode = compile_bytecode(briefing)
    hugo_line = tool_version([str(hugo), "version"])
    return Machine(
        cpu=cpu_model(), cores=os.cpu_count() or 1, memory_gib=memory_gib(),
        system=f"{platform.system()} {platform.release()}",
        python=platform.python_version() + f" ({sys.implementation.name})",
        briefing=tool_version([str(briefing), "--version"]).removeprefix("briefing, version "),
        hugo=hugo_line.split(" BuildDate")[0].removeprefix("hugo "),
        pagefind=pagefind_version().removeprefix("pagefind "), bytecode=bytecode)


def load_average() -> tuple[float, float, float]:
    try:
        return os.getloadavg()
    except OSError:
        return (0.0, 0.0, 0.0)


def source_fingerprint(*folders: Path) -> str:
    """A hash of every file under ``folders`` (the package and its theme), to notice
    when the code being measured changes during a run (others edit it meanwhile)."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
