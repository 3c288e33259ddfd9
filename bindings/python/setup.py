"""Build hook: record where the C library was built.

The package is pure Python; nothing is compiled. At build time the
candidates for libinfracost (``$INFRACOST_LIBRARY`` when set, else the
shared libraries under the source tree's ``build/`` and ``build-*/``
directories) are written to ``infra_cost/_build_config.py`` inside the
built package, so an installed copy finds the library without an
environment variable.
"""
import glob
import os

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def _candidates():
    out = []
    env = os.environ.get("INFRACOST_LIBRARY")
    if env:
        out.append(os.path.abspath(env))
    dirs = [os.path.join(REPO, "build")]
    dirs += sorted(d for d in glob.glob(os.path.join(REPO, "build-*")) if "san" not in os.path.basename(d))
    for d in dirs:
        for name in ("libinfracost.so", "libinfracost.dylib"):
            p = os.path.join(d, name)
            if os.path.exists(p):
                out.append(p)
    return out


class BuildPy(build_py):
    def run(self):
        super().run()
        target = os.path.join(self.build_lib, "infra_cost", "_build_config.py")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            f.write("# Written by setup.py at build time.\n")
            f.write("LIBRARY_CANDIDATES = %r\n" % (_candidates(),))
            f.write("FROM_ENV = %r\n" % bool(os.environ.get("INFRACOST_LIBRARY")))


setup(cmdclass={"build_py": BuildPy})
