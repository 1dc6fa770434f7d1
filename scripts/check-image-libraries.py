#!/usr/bin/env python3
"""Checks that the container image can load the binary: every shared library `ldd` lists for it (default
build-ci/bin/ml-connector, or the path given first; the Dockerfile may be given second) belongs to a Debian package (`dpkg -S`) that docker/Dockerfile's
runtime stage installs, that one of those depends on (following Depends and Pre-Depends as installed here),
or that debian:bookworm-slim already carries. No container engine runs here, so this stands in for starting
the image. Prints each library whose package is missing, exit 1."""
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# In debian:bookworm-slim already (apt needs them): the C library (libc, libm, libresolv, the loader), the
# C++ runtime and libgcc_s. The loader and the vDSO are not files of any package ldd resolves.
BASE_IMAGE = {"libc6", "libstdc++6", "libgcc-s1"}
# Only in CI's sanitizer build (-fsanitize): the ASan, UBSan and TSan runtimes; the image's Release build
# links none of them.
TEST_BUILD_EXTRAS = {"libasan8", "libubsan1", "libtsan2"}
LOADER = re.compile(r"^(linux-vdso|linux-gate)\.so|/ld-linux")


def runtime_packages(dockerfile):
    """The packages `apt-get install` names in the Dockerfile's last stage."""
    text = dockerfile.read_text(encoding="utf-8").replace("\\\n", " ")
    last_stage = re.split(r"^FROM\s", text, flags=re.MULTILINE)[-1]
    packages = set()
    for command in re.findall(r"apt-get install([^&;\n]*)", last_stage):
        packages |= {word for word in command.split() if not word.startswith("-")}
    return packages


def installed_graph():
    """Each installed package's dependencies (alternatives all kept), and who provides a virtual name."""
    out = subprocess.run(["dpkg-query", "-W", "-f", "${Package}\t${Provides}\t${Pre-Depends}, ${Depends}\n"],
                         capture_output=True, text=True, check=True).stdout
    depends, providers = {}, {}
    for line in out.splitlines():
        package, provides, needs = line.split("\t")
        names = [re.sub(r"[:\s(].*", "", n.strip()) for n in re.split(r"[,|]", needs)]
        depends[package] = {n for n in names if n}
        for virtual in re.split(r",", provides):
            if virtual.strip():
                providers.setdefault(re.sub(r"[:\s(].*", "", virtual.strip()), set()).add(package)
    return depends, providers


def closure(packages):
    """The packages and everything they depend on, as far as this machine has them installed."""
    depends, providers = installed_graph()
    seen, todo = set(), list(packages)
    while todo:
        name = todo.pop()
        for package in {name} | providers.get(name, set()):
            if package not in seen:
                seen.add(package)
                todo.extend(depends.get(package, ()))
    return seen


def libraries(binary):
    """(name, path) of each shared library ldd lists; path None when ldd does not find it."""
    out = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, check=True).stdout
    found = []
    for line in out.splitlines():
        name, _, rest = line.strip().partition(" => ")
        if LOADER.search(name) or LOADER.search(rest):
            continue
        path = rest.split(" (", 1)[0].strip()
        found.append((name, None if path in ("", "not found") else path))
    return found


def twins(path):
    """The paths dpkg may know a library by: as listed, resolved, and their /lib - /usr/lib twins (usrmerge)."""
    paths = {path, os.path.realpath(path)}
    return paths | {p[len("/usr"):] if p.startswith("/usr/") else "/usr" + p for p in paths}


def owners(paths):
    """The package holding each library path (None when dpkg knows none), from one dpkg -S call."""
    candidates = {path: twins(path) for path in paths}
    asked = sorted(set().union(*candidates.values())) if candidates else []
    out = subprocess.run(["dpkg", "-S", *asked], capture_output=True, text=True).stdout if asked else ""
    package_of = {}
    for line in out.splitlines():
        if ": /" in line and not line.startswith("diversion"):
            package, _, file = line.partition(": ")
            package_of[file.strip()] = package.split(":", 1)[0]
    return {path: next((package_of[c] for c in sorted(twins) if c in package_of), None)
            for path, twins in candidates.items()}


def main():
    binary = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build-ci/bin/ml-connector")
    dockerfile = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "docker/Dockerfile"
    if not binary.is_file():
        print(f"check-image-libraries: {binary} is not built", file=sys.stderr)
        return 1
    installed = runtime_packages(dockerfile)
    if not installed:
        print(f"check-image-libraries: no apt-get install in {dockerfile}'s last stage", file=sys.stderr)
        return 1
    image = closure(installed) | BASE_IMAGE
    problems, extras = [], set()
    listed = libraries(binary)
    package_of = owners([path for _, path in listed if path])
    for name, path in listed:
        package = package_of.get(path)
        if package is None:
            problems.append(f"{name}: {'not found' if not path else 'no package holds ' + path}")
        elif package in TEST_BUILD_EXTRAS:
            extras.add(package)
        elif package not in image:
            problems.append(f"{name} ({package}): not installed by {dockerfile.name}'s runtime stage, nor by "
                            "anything it installs; add it to that stage's apt-get install")
    for problem in problems:
        print(f"{binary}: {problem}", file=sys.stderr)
    if not problems:
        allowed = f" (allowed as test-build extras: {', '.join(sorted(extras))})" if extras else ""
        print(f"check-image-libraries: every library of {binary} is in the image{allowed}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
