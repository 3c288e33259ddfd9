"""Finding and loading libinfracost, and the ctypes prototypes.

Discovery order:

1. ``$INFRACOST_LIBRARY``: the full path of the shared library;
2. the paths recorded when the package was built (``_build_config.py``,
   written by ``setup.py``), then ``build/`` and ``build-*/`` of the source
   tree this package sits in (sanitizer builds are skipped);
3. the system: ``ctypes.util.find_library('infracost')``, then
   ``libinfracost.so.0.1`` / ``libinfracost.so.0`` / ``libinfracost.so``.

The library's version is checked against EXPECTED_VERSION (major.minor).
"""
import ctypes
import ctypes.util
import glob
import os

EXPECTED_VERSION = (0, 1)

c_char_p = ctypes.c_char_p
c_double = ctypes.c_double
c_int = ctypes.c_int
c_size_t = ctypes.c_size_t
c_void_p = ctypes.c_void_p


class ErrorStruct(ctypes.Structure):
    _fields_ = [
        ("code", c_int),
        ("message", c_char_p),
        ("source", c_char_p),
        ("line", c_int),
        ("column", c_int),
        ("path", c_char_p),
    ]


class EstimateOptions(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("environments", ctypes.POINTER(c_char_p)),
        ("environment_count", c_size_t),
    ]


class SimulateOptions(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("samples", c_size_t),
        ("seed", ctypes.c_ulonglong),
        ("threads", c_int),
        ("environments", ctypes.POINTER(c_char_p)),
        ("environment_count", c_size_t),
        ("default_interruption_rate", c_double),
    ]


class RecommendOptions(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("environments", ctypes.POINTER(c_char_p)),
        ("environment_count", c_size_t),
        ("spot_risk_budget", c_double),
        ("default_interruption_rate", c_double),
        ("keep_spot", c_int),
    ]


WarnFn = ctypes.CFUNCTYPE(None, c_void_p, c_char_p)


class KubernetesOptions(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("node_type", c_char_p),
        ("catalog", c_void_p),
        ("provider", c_char_p),
        ("region", c_char_p),
        ("environment", c_char_p),
        ("name", c_char_p),
        ("job_minutes", c_double),
        ("no_control_plane", c_int),
        ("yaml", c_int),
        ("warn", WarnFn),
        ("warn_ctx", c_void_p),
    ]


class TerraformPlan(ctypes.Structure):
    _fields_ = [
        ("environment", c_char_p),
        ("path", c_char_p),
    ]


class TerraformOptions(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("usage_path", c_char_p),
        ("default_region", c_char_p),
        ("warn", WarnFn),
        ("warn_ctx", c_void_p),
    ]


class RegionRef(ctypes.Structure):
    _fields_ = [
        ("provider", c_char_p),
        ("region", c_char_p),
    ]


class Erlang(ctypes.Structure):
    _fields_ = [
        (name, c_double)
        for name in (
            "servers",
            "arrival_rate",
            "service_rate",
            "utilization",
            "wait_probability",
            "mean_wait",
            "quantile",
            "wait_quantile",
        )
    ]


class Usl(ctypes.Structure):
    _fields_ = [
        ("alpha", c_double),
        ("beta", c_double),
        ("gamma", c_double),
        ("peak_load", c_double),
        ("peak_throughput", c_double),
        ("r_squared", c_double),
        ("points", c_size_t),
    ]


class Price(ctypes.Structure):
    _fields_ = [
        ("provider", c_char_p),
        ("service", c_char_p),
        ("region", c_char_p),
        ("sku", c_char_p),
        ("purchase", c_char_p),
        ("unit", c_char_p),
        ("price", c_double),
        ("upfront", c_double),
        ("tier_start", c_double),
        ("vcpu", c_double),
        ("memory_gb", c_double),
        ("effective_date", c_char_p),
        ("source", c_char_p),
        ("origin", c_char_p),
        ("arch", c_char_p),
        ("effective", c_int),
    ]


class Source(ctypes.Structure):
    _fields_ = [
        ("id", ctypes.c_longlong),
        ("provider", c_char_p),
        ("service", c_char_p),
        ("region", c_char_p),
        ("format", c_char_p),
        ("version", c_char_p),
        ("published", c_char_p),
        ("fetched_at", c_char_p),
        ("checked_at", c_char_p),
        ("etag", c_char_p),
        ("last_modified", c_char_p),
        ("url", c_char_p),
        ("rows", ctypes.c_longlong),
        ("current", c_int),
    ]


class PriceFilter(ctypes.Structure):
    _fields_ = [(n, c_char_p) for n in ("provider", "service", "region", "sku", "purchase")]


class FetchOptions(ctypes.Structure):
    _fields_ = [
        ("version", ctypes.c_uint),
        ("endpoint", c_char_p),
        ("services", ctypes.POINTER(c_char_p)),
        ("service_count", c_size_t),
        ("regions", ctypes.POINTER(c_char_p)),
        ("region_count", c_size_t),
        ("format", c_char_p),
        ("progress", c_int),
        ("allow_http", c_int),
        ("timeout_s", ctypes.c_long),
        ("max_retries", c_int),
        ("backoff_ms", ctypes.c_long),
    ]


class FetchReport(ctypes.Structure):
    _fields_ = [
        ("sources_updated", c_size_t),
        ("sources_unchanged", c_size_t),
        ("rows", ctypes.c_longlong),
        ("skipped", ctypes.c_longlong),
    ]


PRICE_ROW_FN = ctypes.CFUNCTYPE(c_int, c_void_p, ctypes.POINTER(Price))
PRICE_CHANGE_FN = ctypes.CFUNCTYPE(c_int, c_void_p, ctypes.POINTER(Price), ctypes.POINTER(Price))

FORMAT_TABLE = 0
FORMAT_JSON = 1
FORMAT_MARKDOWN = 3
FORMAT_HTML = 4

PP = ctypes.POINTER(c_void_p)

# name: (restype, argtypes)
_PROTOTYPES = {
    "infracost_version": (c_char_p, []),
    "infracost_version_num": (c_int, []),
    "infracost_error_last": (ctypes.POINTER(ErrorStruct), []),
    "infracost_error_clear": (None, []),
    "infracost_error_count": (c_size_t, []),
    "infracost_error_get": (ctypes.POINTER(ErrorStruct), [c_size_t]),
    "infracost_strerror": (c_char_p, [c_int]),
    "infracost_free": (None, [c_void_p]),
    "infracost_global_init": (c_int, []),
    "infracost_global_cleanup": (None, []),
    "infracost_spec_load_file": (c_int, [PP, c_char_p]),
    "infracost_spec_load_string": (c_int, [PP, c_char_p, c_size_t, c_char_p]),
    "infracost_spec_free": (None, [c_void_p]),
    "infracost_catalog_new": (c_int, [PP]),
    "infracost_catalog_free": (None, [c_void_p]),
    "infracost_catalog_load_file": (c_int, [c_void_p, c_char_p]),
    "infracost_catalog_load_buffer": (c_int, [c_void_p, c_char_p, c_size_t, c_char_p]),
    "infracost_catalog_load_dir": (c_int, [c_void_p, c_char_p]),
    "infracost_catalog_load_default": (c_int, [c_void_p]),
    "infracost_catalog_load_default_for_spec": (c_int, [c_void_p, c_void_p]),
    "infracost_default_data_dir": (c_char_p, []),
    "infracost_default_snapshot": (c_char_p, []),
    "infracost_catalog_count": (c_size_t, [c_void_p]),
    "infracost_catalog_get": (ctypes.POINTER(Price), [c_void_p, c_size_t]),
    "infracost_catalog_lookup": (
        c_int,
        [
            ctypes.POINTER(ctypes.POINTER(Price)),
            ctypes.POINTER(c_size_t),
            c_void_p,
            c_char_p,
            c_char_p,
            c_char_p,
            c_char_p,
            c_char_p,
            c_char_p,
        ],
    ),
    "infracost_store_default_path": (c_char_p, []),
    "infracost_store_open": (c_int, [PP, c_char_p]),
    "infracost_store_close": (None, [c_void_p]),
    "infracost_store_sources": (
        c_int,
        [ctypes.POINTER(ctypes.POINTER(Source)), ctypes.POINTER(c_size_t), c_void_p],
    ),
    "infracost_sources_free": (None, [ctypes.POINTER(Source), c_size_t]),
    "infracost_catalog_load_store": (c_int, [c_void_p, c_void_p]),
    "infracost_store_list": (c_int, [c_void_p, ctypes.POINTER(PriceFilter), PRICE_ROW_FN, c_void_p]),
    "infracost_store_diff": (c_int, [c_void_p, c_char_p, PRICE_CHANGE_FN, c_void_p]),
    "infracost_fetch": (
        c_int,
        [c_void_p, c_char_p, ctypes.POINTER(FetchOptions), ctypes.POINTER(FetchReport)],
    ),
    "infracost_import_file": (
        c_int,
        [c_void_p, c_char_p, c_char_p, ctypes.POINTER(FetchOptions), ctypes.POINTER(FetchReport)],
    ),
    "infracost_estimate_compute": (
        c_int,
        [PP, c_void_p, c_void_p, ctypes.POINTER(EstimateOptions)],
    ),
    "infracost_estimate_free": (None, [c_void_p]),
    "infracost_estimate_render": (
        c_int,
        [ctypes.POINTER(c_void_p), ctypes.POINTER(c_size_t), c_void_p, c_int],
    ),
    "infracost_simulate": (c_int, [PP, c_void_p, c_void_p, ctypes.POINTER(SimulateOptions)]),
    "infracost_convert_kubernetes": (c_int, [PP, ctypes.POINTER(c_size_t), ctypes.POINTER(c_char_p),
                                             c_size_t, ctypes.POINTER(KubernetesOptions)]),
    "infracost_terraform_convert": (c_int, [PP, ctypes.POINTER(c_size_t),
                                            ctypes.POINTER(TerraformPlan), c_size_t,
                                            ctypes.POINTER(TerraformOptions)]),
    "infracost_spec_regions": (c_int, [ctypes.POINTER(ctypes.POINTER(RegionRef)),
                                       ctypes.POINTER(c_size_t), c_void_p]),
    "infracost_catalog_load_default_for": (c_int, [c_void_p, ctypes.POINTER(RegionRef),
                                                   c_size_t]),
    "infracost_file_type_of": (c_int, [c_char_p]),
    "infracost_estimate_load_json": (c_int, [PP, c_char_p, c_size_t, c_char_p]),
    "infracost_estimate_load_json_file": (c_int, [PP, c_char_p]),
    "infracost_diff_compute": (c_int, [PP, c_void_p, c_void_p]),
    "infracost_diff_free": (None, [c_void_p]),
    "infracost_diff_render": (
        c_int,
        [ctypes.POINTER(c_void_p), ctypes.POINTER(c_size_t), c_void_p, c_int],
    ),
    "infracost_simulation_free": (None, [c_void_p]),
    "infracost_simulation_render": (
        c_int,
        [ctypes.POINTER(c_void_p), ctypes.POINTER(c_size_t), c_void_p, c_int],
    ),
    "infracost_recommend": (c_int, [PP, c_void_p, c_void_p, ctypes.POINTER(RecommendOptions)]),
    "infracost_recommendation_free": (None, [c_void_p]),
    "infracost_recommendation_render": (
        c_int,
        [ctypes.POINTER(c_void_p), ctypes.POINTER(c_size_t), c_void_p, c_int],
    ),
    "infracost_erlang_c": (
        c_int,
        [ctypes.POINTER(Erlang), c_double, c_double, c_double, c_double],
    ),
    "infracost_erlang_size": (
        c_int,
        [ctypes.POINTER(Erlang), c_double, c_double, c_double, c_double],
    ),
    "infracost_usl_fit": (
        c_int,
        [ctypes.POINTER(Usl), ctypes.POINTER(c_double), ctypes.POINTER(c_double), c_size_t],
    ),
    "infracost_usl_fit_file": (c_int, [ctypes.POINTER(Usl), c_char_p]),
    "infracost_usl_throughput": (c_double, [ctypes.POINTER(Usl), c_double]),
}

# Functions the package cannot work without; the others are bound when present.
_REQUIRED = (
    "infracost_version",
    "infracost_error_last",
    "infracost_free",
    "infracost_global_init",
    "infracost_spec_load_file",
    "infracost_spec_load_string",
    "infracost_spec_free",
    "infracost_catalog_new",
    "infracost_catalog_free",
    "infracost_catalog_load_default",
    "infracost_estimate_compute",
    "infracost_estimate_free",
    "infracost_estimate_render",
)


def _newest_first(paths):
    """Build-directory libraries, the most recently built first (a stale build/ loses)."""

    def mtime(p):
        try:
            return os.stat(p).st_mtime
        except OSError:
            return 0

    return sorted(paths, key=mtime, reverse=True)


def _source_tree_candidates():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(os.path.dirname(here)))
    dirs = [os.path.join(repo, "build")]
    dirs += sorted(
        d for d in glob.glob(os.path.join(repo, "build-*")) if "san" not in os.path.basename(d)
    )
    out = []
    for d in dirs:
        for name in ("libinfracost.so", "libinfracost.dylib"):
            p = os.path.join(d, name)
            if os.path.exists(p):
                out.append(p)
    return out


def candidates():
    """The library paths tried, in order (without the environment variable)."""
    out = []
    try:
        from . import _build_config  # written by setup.py at build time

        recorded = [p for p in _build_config.LIBRARY_CANDIDATES if os.path.exists(p)]
        if getattr(_build_config, "FROM_ENV", False) and recorded:
            out.append(recorded.pop(0))  # INFRACOST_LIBRARY at build time wins
        out += _newest_first(recorded)
    except ImportError:
        pass
    out += [p for p in _newest_first(_source_tree_candidates()) if p not in out]
    found = ctypes.util.find_library("infracost")
    if found:
        out.append(found)
    out += ["libinfracost.so.0.1", "libinfracost.so.0", "libinfracost.so"]
    return out


def _missing(path, name):
    def call(*args):
        from .errors import EUNSUPPORTED, Error

        raise Error(EUNSUPPORTED, "%s lacks %s(): the library is older than these bindings; "
                    "rebuild it or point INFRACOST_LIBRARY at a current one" % (path, name))

    return call


def _bind(lib):
    for name, (restype, argtypes) in _PROTOTYPES.items():
        fn = getattr(lib, name, None)
        if fn is None:
            if name in _REQUIRED:
                raise ImportError("infra_cost: %s lacks the function %s" % (lib._name, name))
            setattr(lib, name, _missing(lib._name, name))
            continue
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


def _check_version(lib):
    version = lib.infracost_version().decode()
    try:
        major_minor = tuple(int(x) for x in version.split(".")[:2])
    except ValueError:
        major_minor = None
    if major_minor != EXPECTED_VERSION:
        raise ImportError(
            "infra_cost: the library %s is version %s, but this package needs %d.%d.x; "
            "point INFRACOST_LIBRARY at a matching libinfracost"
            % (lib._name, version, EXPECTED_VERSION[0], EXPECTED_VERSION[1])
        )
    return version


def load():
    """Load, bind and version-check libinfracost; returns (lib, version)."""
    env = os.environ.get("INFRACOST_LIBRARY")
    if env:
        try:
            lib = ctypes.CDLL(env)
        except OSError as e:
            raise ImportError("infra_cost: cannot load INFRACOST_LIBRARY=%s: %s" % (env, e)) from e
        lib = _bind(lib)
        return lib, _check_version(lib)
    tried = []
    for path in candidates():
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            tried.append("%s (%s)" % (path, e))
            continue
        lib = _bind(lib)
        return lib, _check_version(lib)
    raise ImportError(
        "infra_cost: libinfracost not found; build it (cmake --build build) or set "
        "INFRACOST_LIBRARY to the full path of libinfracost.so. Tried: " + "; ".join(tried)
    )
