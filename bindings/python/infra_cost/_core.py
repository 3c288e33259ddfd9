"""The Python API over libinfracost (see the package docstring)."""
import copy
import ctypes
import json
import os
import threading
import weakref

from . import _lib as L
from . import errors as E

_lib, LIBRARY_VERSION = L.load()
if _lib.infracost_global_init() != 0:  # reference counted; once per process is enough
    raise ImportError("infra_cost: infracost_global_init() failed")

#: The path of the loaded shared library.
LIBRARY_PATH = _lib._name


# --- helpers ---------------------------------------------------------------


def _s(b):
    return None if b is None else b.decode("utf-8", "replace")


def _b(s):
    if s is None:
        return None
    if isinstance(s, bytes):
        return s
    return os.fsencode(s) if isinstance(s, os.PathLike) else str(s).encode("utf-8")


def _raise(rc, context=None):
    """Raise the exception for return code `rc` with the thread's last error."""
    err = _lib.infracost_error_last()
    if err:
        e = err.contents
        code = e.code if e.code else rc
        message = _s(e.message) or _s(_lib.infracost_strerror(rc))
        exc = E.error_class(code, context)(code, message, _s(e.source), e.line, e.column, _s(e.path))
    else:
        exc = E.error_class(rc, context)(rc, _s(_lib.infracost_strerror(rc)) or "error %d" % rc)
    raise exc


def _check(rc, context=None):
    if rc != 0:
        _raise(rc, context)


def _take_string(ptr, length):
    """Copy a library-allocated string, then free it with infracost_free()."""
    try:
        return ctypes.string_at(ptr, length.value).decode("utf-8")
    finally:
        _lib.infracost_free(ptr)


def _render_json(fn, handle, context):
    out = ctypes.c_void_p()
    n = ctypes.c_size_t()
    _check(fn(ctypes.byref(out), ctypes.byref(n), handle, L.FORMAT_JSON), context)
    return json.loads(_take_string(out, n))


def _str_array(names):
    """(array, count, keepalive) for a `const char *const *` argument."""
    if names is None:
        return None, 0, None
    if isinstance(names, (str, bytes)):
        names = [names]
    enc = [_b(n) for n in names]
    arr = (ctypes.c_char_p * len(enc))(*enc)
    return arr, len(enc), (arr, enc)


def _price_dict(p):
    return {
        "provider": _s(p.provider),
        "service": _s(p.service),
        "region": _s(p.region),
        "sku": _s(p.sku),
        "purchase": _s(p.purchase),
        "unit": _s(p.unit),
        "price": p.price,
        "upfront": p.upfront,
        "tier_start": p.tier_start,
        "vcpu": None if p.vcpu < 0 else p.vcpu,
        "memory_gb": None if p.memory_gb < 0 else p.memory_gb,
        "effective_date": _s(p.effective_date),
        "source": _s(p.source),
        "origin": _s(p.origin),
        "arch": _s(p.arch),
    }


class _Handle:
    """A library handle freed by close(), `with`, or (as a fallback) garbage collection."""

    _free = None  # name of the library's free function

    def _adopt(self, ptr):
        self._ptr = ptr
        self._finalizer = weakref.finalize(self, getattr(_lib, self._free), ptr)

    @property
    def closed(self):
        return self._ptr is None

    def _handle(self):
        if self._ptr is None:
            raise ValueError("%s is closed" % type(self).__name__)
        return self._ptr

    def close(self):
        """Free the library handle now (idempotent)."""
        if getattr(self, "_ptr", None) is not None:
            self._ptr = None
            self._finalizer()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# --- spec ------------------------------------------------------------------


class Spec(_Handle):
    """A loaded, validated spec (a handle on ``infracost_spec``).

    ``spec`` is a path (str or os.PathLike), a JSON string (text starting
    with ``{``), bytes of JSON, or a dict (serialized with ``json.dumps``).
    ``name`` names an in-memory spec in errors (default ``"<string>"``).
    Raises :class:`SpecError` with the file, line, column and JSON path.
    """

    _free = "infracost_spec_free"

    def __init__(self, spec, name=None):
        self._ptr = None
        out = ctypes.c_void_p()
        if isinstance(spec, Spec):
            raise TypeError("already a Spec")
        if isinstance(spec, dict):
            data = json.dumps(spec).encode("utf-8")
            rc = _lib.infracost_spec_load_string(ctypes.byref(out), data, len(data), _b(name))
        elif isinstance(spec, bytes) or (isinstance(spec, str) and spec.lstrip().startswith("{")):
            data = spec if isinstance(spec, bytes) else spec.encode("utf-8")
            rc = _lib.infracost_spec_load_string(ctypes.byref(out), data, len(data), _b(name))
        elif isinstance(spec, (str, os.PathLike)):
            rc = _lib.infracost_spec_load_file(ctypes.byref(out), os.fsencode(spec))
        else:
            raise TypeError("spec must be a path, a JSON string or a dict, not %s" % type(spec).__name__)
        _check(rc, "spec")
        self._adopt(out.value)


class _Borrowed:
    """Context manager: use `spec` as given (a Spec) or load it and free it on exit."""

    def __init__(self, spec):
        self.owned = not isinstance(spec, Spec)
        self.spec = Spec(spec) if self.owned else spec

    def __enter__(self):
        return self.spec

    def __exit__(self, *exc):
        if self.owned:
            self.spec.close()


# --- catalog ---------------------------------------------------------------


class Catalog(_Handle):
    """A price catalog: price books (CSV) layered in load order.

    ``Catalog()`` loads the shipped snapshot (``default=True``), then each
    book of ``books`` and finally the current prices of ``store`` (a path or
    a :class:`Store`). A later book replaces the rows of an earlier one with
    the same key. Use it with ``with`` (or call :meth:`close`) to free it at
    once; it is freed by garbage collection otherwise.

    Thread safety: loading needs exclusive access (a load waits until no
    computation is using the catalog); once loaded, any number of threads
    may estimate, simulate or recommend against it at once.
    """

    _free = "infracost_catalog_free"

    def __init__(self, books=(), *, default=True, store=None):
        self._ptr = None
        self._cond = threading.Condition()
        self._readers = 0
        out = ctypes.c_void_p()
        _check(_lib.infracost_catalog_new(ctypes.byref(out)), "catalog")
        self._adopt(out.value)
        try:
            if default:
                self.load_default()
            if store is not None:
                self.load_store(store)
            if isinstance(books, (str, bytes, os.PathLike)):
                books = [books]
            for book in books:
                self.load_file(book)
        except BaseException:
            self.close()
            raise

    # exclusive access for loads, shared for reads
    def _load(self, fn, *args):
        with self._cond:
            while self._readers:
                self._cond.wait()
            _check(fn(self._handle(), *args), "catalog")
        return self

    def _acquire(self):
        with self._cond:
            handle = self._handle()
            self._readers += 1
            return handle

    def _release(self):
        with self._cond:
            self._readers -= 1
            if not self._readers:
                self._cond.notify_all()

    def load_default(self):
        """Layer the shipped price snapshot (see :func:`default_data_dir`)."""
        return self._load(_lib.infracost_catalog_load_default)

    def load_file(self, path):
        """Layer a price book (CSV file). On failure the catalog is unchanged."""
        return self._load(_lib.infracost_catalog_load_file, os.fsencode(path))

    def load_buffer(self, data, name="<buffer>"):
        """Layer a price book given as CSV text (str or bytes); `name` names it in errors."""
        data = _b(data)
        return self._load(_lib.infracost_catalog_load_buffer, data, len(data), _b(name))

    def load_dir(self, path):
        """Layer every ``*.csv`` of a directory, in byte order of their names."""
        return self._load(_lib.infracost_catalog_load_dir, os.fsencode(path))

    def load_store(self, store):
        """Layer the current prices of a price store (a path or an open :class:`Store`)."""
        if isinstance(store, Store):
            return self._load(_lib.infracost_catalog_load_store, store._handle())
        with Store(store) as st:
            return self._load(_lib.infracost_catalog_load_store, st._handle())

    # reads
    def __len__(self):
        h = self._acquire()
        try:
            return _lib.infracost_catalog_count(h)
        finally:
            self._release()

    def rows(self):
        """Every price row (each tier counts) as a list of dicts, in load order of their keys."""
        h = self._acquire()
        try:
            n = _lib.infracost_catalog_count(h)
            return [_price_dict(_lib.infracost_catalog_get(h, i).contents) for i in range(n)]
        finally:
            self._release()

    def __iter__(self):
        return iter(self.rows())

    def lookup(self, provider, service, region, sku, purchase="on_demand", unit=None):
        """The tier ladder of a price key as a list of dicts (sorted by tier_start).

        Raises :class:`PriceNotFound`, whose message names the closest keys.
        """
        out = ctypes.POINTER(L.Price)()
        n = ctypes.c_size_t()
        h = self._acquire()
        try:
            _check(
                _lib.infracost_catalog_lookup(
                    ctypes.byref(out), ctypes.byref(n), h, _b(provider), _b(service),
                    _b(region), _b(sku), _b(purchase), _b(unit),
                ),
                "lookup",
            )
            return [_price_dict(out[i]) for i in range(n.value)]
        finally:
            self._release()


def default_data_dir():
    """The directory of the shipped price snapshot ($INFRA_COST_DATA, installed, or source tree)."""
    return _s(_lib.infracost_default_data_dir())


class _CatalogFor:
    """Context manager: the catalog to compute with, made from the arguments when not given."""

    def __init__(self, catalog, catalogs, default_catalog, store):
        self.owned = catalog is None
        if self.owned:
            self.catalog = Catalog(catalogs, default=default_catalog, store=store)
        else:
            if catalogs or store is not None:
                raise ValueError("give either catalog= or catalogs=/store=, not both")
            self.catalog = catalog

    def __enter__(self):
        try:
            return self.catalog._acquire()
        except BaseException:
            if self.owned:
                self.catalog.close()
            raise

    def __exit__(self, *exc):
        self.catalog._release()
        if self.owned:
            self.catalog.close()


# --- store -----------------------------------------------------------------


def default_store_path():
    """$INFRA_COST_STORE, else $XDG_CACHE_HOME/infra-cost/prices.db, else ~/.cache/infra-cost/prices.db."""
    return _s(_lib.infracost_store_default_path())


def _fetch_options(endpoint=None, services=None, regions=None, format=None, progress=0,
                   allow_http=False, timeout_s=0, max_retries=-1, backoff_ms=0):
    svc, nsvc, keep1 = _str_array(services)
    reg, nreg, keep2 = _str_array(regions)
    opts = L.FetchOptions(1, _b(endpoint), svc, nsvc, reg, nreg, _b(format), int(progress),
                          int(bool(allow_http)), int(timeout_s), int(max_retries), int(backoff_ms))
    return opts, (keep1, keep2)


def _report_dict(r):
    return {
        "sources_updated": r.sources_updated,
        "sources_unchanged": r.sources_unchanged,
        "rows": r.rows,
        "skipped": r.skipped,
    }


class Store(_Handle):
    """The local price store (a SQLite file), filled from the providers' price feeds.

    ``Store(path=None)`` opens (creating when missing) ``path`` or
    :func:`default_store_path`. One thread at a time per Store. Use ``with``
    or :meth:`close`.
    """

    _free = "infracost_store_close"

    def __init__(self, path=None):
        self._ptr = None
        self.path = os.fspath(path) if path is not None else default_store_path()
        out = ctypes.c_void_p()
        _check(_lib.infracost_store_open(ctypes.byref(out), os.fsencode(self.path)), "store")
        self._adopt(out.value)

    def sources(self):
        """Every imported version of every source (current first, newest first) as dicts."""
        out = ctypes.POINTER(L.Source)()
        n = ctypes.c_size_t()
        _check(_lib.infracost_store_sources(ctypes.byref(out), ctypes.byref(n), self._handle()), "store")
        try:
            res = []
            for i in range(n.value):
                s = out[i]
                d = {}
                for f, t in L.Source._fields_:
                    v = getattr(s, f)
                    d[f] = _s(v) if t is ctypes.c_char_p else v
                d["current"] = bool(d["current"])
                res.append(d)
            return res
        finally:
            _lib.infracost_sources_free(out, n.value)

    def list(self, provider=None, service=None, region=None, sku=None, purchase=None):
        """The current prices matching the filter (None matches all), as dicts in key order."""
        rows = []

        def cb(ctx, row):
            rows.append(_price_dict(row.contents))
            return 0

        f = L.PriceFilter(_b(provider), _b(service), _b(region), _b(sku), _b(purchase))
        fn = L.PRICE_ROW_FN(cb)
        _check(_lib.infracost_store_list(self._handle(), ctypes.byref(f), fn, None), "store")
        return rows

    def diff(self, source):
        """Changes between the previous and current version of ``"provider/service/region"``.

        A list of ``(before, after)`` price dicts; before is None when added,
        after is None when removed.
        """
        changes = []

        def cb(ctx, before, after):
            changes.append((_price_dict(before.contents) if before else None,
                            _price_dict(after.contents) if after else None))
            return 0

        fn = L.PRICE_CHANGE_FN(cb)
        _check(_lib.infracost_store_diff(self._handle(), _b(source), fn, None), "store")
        return changes

    def import_file(self, path, format, **options):
        """Import a downloaded feed file ("aws-json", "aws-csv", "azure", "gcp", "aws-spot-advisor").

        Returns the report dict (sources_updated, sources_unchanged, rows, skipped).
        Raises :class:`FetchError` when the file is malformed.
        """
        opts, keep = _fetch_options(**options)
        rep = L.FetchReport()
        _check(_lib.infracost_import_file(self._handle(), os.fsencode(path), _b(format),
                                          ctypes.byref(opts), ctypes.byref(rep)), "fetch")
        del keep
        return _report_dict(rep)

    def fetch(self, provider, **options):
        """Fetch a provider's public price feed ("aws", "azure", "gcp") into the store.

        Keyword options: endpoint, services, regions, format, progress,
        allow_http, timeout_s, max_retries, backoff_ms (as infracost_fetch_options).
        Returns the report dict. Raises :class:`FetchError`.
        """
        opts, keep = _fetch_options(**options)
        rep = L.FetchReport()
        _check(_lib.infracost_fetch(self._handle(), _b(provider), ctypes.byref(opts),
                                    ctypes.byref(rep)), "fetch")
        del keep
        return _report_dict(rep)


# --- estimate --------------------------------------------------------------


class Estimate:
    """The result of :func:`estimate`: plain Python data, no library handle.

    ``to_dict()`` is exactly the CLI's ``--format json`` (docs/estimate.md).
    """

    def __init__(self, data):
        self._data = data

    def to_dict(self):
        """A deep copy of the estimate, the same structure as ``infra-cost estimate --format json``."""
        return copy.deepcopy(self._data)

    @property
    def name(self):
        """The spec's name."""
        return self._data["name"]

    @property
    def currency(self):
        return self._data.get("currency", "USD")

    @property
    def total(self):
        """Sum over the estimated environments: ``{"monthly": {"min", "expected", "max"}, "upfront"}``."""
        return copy.deepcopy(self._data["total"])

    @property
    def environments(self):
        """The environments as a list of dicts (name, region, monthly, upfront, capacity, services)."""
        return copy.deepcopy(self._data["environments"])

    @property
    def warnings(self):
        return copy.deepcopy(self._data.get("warnings", []))

    def environment(self, name):
        """The environment called `name` (a dict); KeyError when it was not estimated."""
        for env in self._data["environments"]:
            if env["name"] == name:
                return copy.deepcopy(env)
        raise KeyError(name)

    def services(self):
        """One dict per (environment, service): environment, service, type, provider,
        region, monthly_min/expected/max, upfront, replicas_min/expected/max."""
        out = []
        for env in self._data["environments"]:
            for svc in env["services"]:
                out.append({
                    "environment": env["name"],
                    "service": svc["name"],
                    "type": svc.get("type"),
                    "provider": svc.get("provider"),
                    "region": svc.get("region"),
                    "monthly_min": svc["monthly"]["min"],
                    "monthly_expected": svc["monthly"]["expected"],
                    "monthly_max": svc["monthly"]["max"],
                    "upfront": svc.get("upfront", 0.0),
                    "replicas_min": svc.get("replicas", {}).get("min"),
                    "replicas_expected": svc.get("replicas", {}).get("expected"),
                    "replicas_max": svc.get("replicas", {}).get("max"),
                })
        return out

    def line_items(self):
        """Every line item of the expected case, flat: each dict is the line item of the
        JSON with ``environment`` and ``service`` (the spec's service name) added; the
        catalog service of the price row is kept as ``catalog_service``."""
        out = []
        for env in self._data["environments"]:
            for svc in env["services"]:
                for item in svc.get("line_items", []):
                    row = {"environment": env["name"], "service": svc["name"]}
                    for k, v in item.items():
                        row["catalog_service" if k == "service" else k] = v
                    out.append(row)
        return out

    def to_dataframe(self, level="line_items"):
        """A pandas DataFrame: ``level`` is "line_items" (default), "services" or
        "environments". Raises ImportError naming pandas when it is not installed."""
        try:
            import pandas as pd
        except ImportError as e:
            raise ImportError(
                "Estimate.to_dataframe() needs pandas, which is not installed "
                "(pip install pandas, or apt-get install python3-pandas)"
            ) from e
        if level == "line_items":
            return pd.DataFrame(self.line_items())
        if level == "services":
            return pd.DataFrame(self.services())
        if level == "environments":
            return pd.DataFrame([
                {
                    "environment": env["name"],
                    "region": env.get("region"),
                    "monthly_min": env["monthly"]["min"],
                    "monthly_expected": env["monthly"]["expected"],
                    "monthly_max": env["monthly"]["max"],
                    "upfront": env.get("upfront", 0.0),
                }
                for env in self._data["environments"]
            ])
        raise ValueError("level must be 'line_items', 'services' or 'environments'")

    def __repr__(self):
        m = self._data["total"]["monthly"]
        return "<Estimate %r: %d environments, %.2f %s/month expected (%.2f-%.2f)>" % (
            self.name, len(self._data["environments"]), m["expected"], self.currency, m["min"], m["max"])


def estimate(spec, *, catalogs=(), default_catalog=True, store=None, environments=None, catalog=None):
    """Price a spec per environment.

    Args:
        spec: a path, a JSON string, a dict, or a :class:`Spec`.
        catalogs: price books (CSV paths) layered over the catalog, in order.
        default_catalog: load the shipped snapshot first (False is the CLI's
            ``--no-default-catalog``).
        store: a price store (path or :class:`Store`) whose current prices are
            layered after the snapshot and before ``catalogs``.
        environments: only these environment names (default: all).
        catalog: a ready :class:`Catalog` to price against instead of building
            one from ``catalogs``/``default_catalog``/``store`` (faster in loops).

    Returns:
        an :class:`Estimate`.

    Raises:
        SpecError, PriceNotFound, CatalogError, StoreError, InvalidArgument.
    """
    envs, nenv, keep = _str_array(environments)
    opts = L.EstimateOptions(1, envs, nenv)
    with _Borrowed(spec) as sp, _CatalogFor(catalog, catalogs, default_catalog, store) as cat:
        out = ctypes.c_void_p()
        _check(_lib.infracost_estimate_compute(ctypes.byref(out), sp._handle(), cat,
                                               ctypes.byref(opts)), "estimate")
        try:
            data = _render_json(_lib.infracost_estimate_render, out, "estimate")
        finally:
            _lib.infracost_estimate_free(out)
    del keep
    return Estimate(data)


def simulate(spec, *, samples=10000, seed=1, threads=1, environments=None,
             interruption_rate=0.05, catalogs=(), default_catalog=True, store=None, catalog=None):
    """Monte Carlo over demand variability and spot interruptions (docs/cli.md, simulate).

    Returns the dict of ``infra-cost simulate --format json``: name, samples,
    seed, currency, environments {name: {mean, p50, p90, p99, min, max}}, total.
    The same seed gives the same answer whatever the number of threads.
    """
    envs, nenv, keep = _str_array(environments)
    opts = L.SimulateOptions(1, int(samples), int(seed), int(threads), envs, nenv,
                             float(interruption_rate))
    with _Borrowed(spec) as sp, _CatalogFor(catalog, catalogs, default_catalog, store) as cat:
        out = ctypes.c_void_p()
        _check(_lib.infracost_simulate(ctypes.byref(out), sp._handle(), cat, ctypes.byref(opts)),
               "simulate")
        try:
            data = _render_json(_lib.infracost_simulation_render, out, "simulate")
        finally:
            _lib.infracost_simulation_free(out)
    del keep
    return data


def recommend(spec, *, spot_risk_budget=0.02, interruption_rate=0.05, environments=None,
              catalogs=(), default_catalog=True, store=None, catalog=None):
    """The cheapest purchase mix and instance type per service and environment.

    Returns the list of ``infra-cost recommend --format json``: one dict per
    service with environment, service, type, current, recommended,
    monthly_before, monthly_after, upfront, break_even_utilization,
    spot_capacity_at_risk, cheaper_instance_type, cheaper_monthly.
    """
    envs, nenv, keep = _str_array(environments)
    opts = L.RecommendOptions(1, envs, nenv, float(spot_risk_budget), float(interruption_rate))
    with _Borrowed(spec) as sp, _CatalogFor(catalog, catalogs, default_catalog, store) as cat:
        out = ctypes.c_void_p()
        _check(_lib.infracost_recommend(ctypes.byref(out), sp._handle(), cat, ctypes.byref(opts)),
               "recommend")
        try:
            data = _render_json(_lib.infracost_recommendation_render, out, "recommend")
        finally:
            _lib.infracost_recommendation_free(out)
    del keep
    return data


# --- capacity --------------------------------------------------------------


def _erlang_dict(e, max_wait=None):
    d = {f: getattr(e, f) for f, _ in L.Erlang._fields_}
    d["servers"] = int(round(d["servers"]))
    if max_wait is not None:
        d["max_wait"] = max_wait
    return d


def erlang_c(servers, arrival_rate, service_rate, quantile=0):
    """The M/M/c queue: servers, arrival_rate, service_rate, utilization,
    wait_probability (Erlang C), mean_wait (s), quantile and wait_quantile (s).

    Raises InvalidArgument for out-of-range values, including a utilisation of 1 or more.
    """
    e = L.Erlang()
    _check(_lib.infracost_erlang_c(ctypes.byref(e), float(servers), float(arrival_rate),
                                   float(service_rate), float(quantile)), "capacity")
    return _erlang_dict(e)


def size_for_latency(arrival_rate, service_rate, quantile, max_wait):
    """The fewest servers whose `quantile` wait is at most `max_wait` seconds, with
    their M/M/c figures (the dict of :func:`erlang_c` plus max_wait)."""
    e = L.Erlang()
    _check(_lib.infracost_erlang_size(ctypes.byref(e), float(arrival_rate), float(service_rate),
                                      float(quantile), float(max_wait)), "capacity")
    return _erlang_dict(e, float(max_wait))


class UslModel(dict):
    """A fitted Universal Scalability Law: a dict with alpha, beta, gamma, peak_load,
    peak_throughput, r_squared and points, plus :meth:`throughput`."""

    def throughput(self, load):
        """X(load) = gamma N / (1 + alpha (N - 1) + beta N (N - 1))."""
        a, b, g, n = self["alpha"], self["beta"], self["gamma"], float(load)
        return g * n / (1 + a * (n - 1) + b * n * (n - 1))


def usl_fit(path_or_points):
    """Fit the USL to load-test points.

    `path_or_points` is a CSV path (header "load,throughput"), a sequence of
    (load, throughput) pairs, or a dict {load: throughput}. Raises
    InvalidArgument when the data cannot determine the model and
    NumericError when the fit does not converge.
    """
    u = L.Usl()
    if isinstance(path_or_points, (str, bytes, os.PathLike)):
        _check(_lib.infracost_usl_fit_file(ctypes.byref(u), os.fsencode(path_or_points)), "capacity")
    else:
        pts = path_or_points.items() if isinstance(path_or_points, dict) else path_or_points
        pts = [(float(a), float(b)) for a, b in pts]
        n = len(pts)
        load = (ctypes.c_double * n)(*[p[0] for p in pts])
        thr = (ctypes.c_double * n)(*[p[1] for p in pts])
        _check(_lib.infracost_usl_fit(ctypes.byref(u), load, thr, n), "capacity")
    return UslModel({f: getattr(u, f) for f, _ in L.Usl._fields_})


def library_version():
    """The version of the loaded C library ("MAJOR.MINOR.PATCH")."""
    return LIBRARY_VERSION


__all__ = [
    "Catalog", "Estimate", "Spec", "Store", "UslModel", "default_data_dir", "default_store_path",
    "erlang_c", "estimate", "library_version", "recommend", "simulate", "size_for_latency", "usl_fit",
]
