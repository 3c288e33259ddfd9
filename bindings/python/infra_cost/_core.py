"""The Python API over libinfracost (see the package docstring)."""
import contextlib
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


def _error_from(err, rc, context):
    e = err.contents
    code = e.code if e.code else rc
    message = _s(e.message) or _s(_lib.infracost_strerror(rc))
    return E.error_class(code, context)(code, message, _s(e.source), e.line, e.column, _s(e.path))


def _raise(rc, context=None):
    """Raise the exception for return code `rc` with the thread's last error.

    A failure that reported several errors (every missing price of an
    estimate) raises the first, with all of them in its `errors` list."""
    err = _lib.infracost_error_last()
    if err:
        exc = _error_from(err, rc, context)
        try:
            n = _lib.infracost_error_count()
        except (AttributeError, E.Error):  # a library without the list
            n = 1
        more = []
        for i in range(1, n):
            ei = _lib.infracost_error_get(i)
            if ei:
                more.append(_error_from(ei, rc, context))
        exc.errors = [exc] + more
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
        # an effective reserved row's upfront is unknown: None, never 0
        "upfront": None if p.effective else p.upfront,
        "tier_start": p.tier_start,
        "vcpu": None if p.vcpu < 0 else p.vcpu,
        "memory_gb": None if p.memory_gb < 0 else p.memory_gb,
        "effective_date": _s(p.effective_date),
        "source": _s(p.source),
        "origin": _s(p.origin),
        "arch": _s(p.arch),
        "effective": bool(p.effective),
    }


class _Handle:
    """A library handle freed by close(), `with`, or (as a fallback) garbage collection.

    Every use of the handle counts: a computation holds it from its first
    library call to its last (:meth:`_use`), so close() on another thread
    waits for it and never frees the handle under it. A use is shared
    (several threads at once) or exclusive (a load into a catalog, every
    use of a store); one thread may nest uses.
    """

    _free = None  # name of the library's free function
    _ptr = None

    def _adopt(self, ptr):
        self._cond = threading.Condition()
        self._users = 0  # uses held, shared and exclusive, by all threads
        self._holders = {}  # thread id -> uses it holds
        self._writer = None  # thread id holding the exclusive use
        self._writer_depth = 0
        self._closing = False
        self._ptr = ptr
        self._finalizer = weakref.finalize(self, getattr(_lib, self._free), ptr)

    @property
    def closed(self):
        """True once close() has begun (no new use is allowed)."""
        return self._ptr is None or self._closing

    def _closed_error(self):
        return ValueError("%s is closed" % type(self).__name__)

    @contextlib.contextmanager
    def _use(self, exclusive=False):
        """Hold the handle for a computation: yields the pointer."""
        me = threading.get_ident()
        cond = getattr(self, "_cond", None)
        if cond is None:
            raise self._closed_error()
        with cond:
            while True:
                if self._ptr is None or self._closing:
                    raise self._closed_error()
                others = self._users - self._holders.get(me, 0)
                writer_busy = self._writer is not None and self._writer != me
                if not writer_busy and not (exclusive and others):
                    break
                cond.wait()
            self._users += 1
            self._holders[me] = self._holders.get(me, 0) + 1
            if exclusive:
                self._writer = me
                self._writer_depth += 1
            ptr = self._ptr
        try:
            yield ptr
        finally:
            with cond:
                self._users -= 1
                self._holders[me] -= 1
                if not self._holders[me]:
                    del self._holders[me]
                if exclusive:
                    self._writer_depth -= 1
                    if not self._writer_depth:
                        self._writer = None
                cond.notify_all()

    def close(self, timeout=None):
        """Free the library handle now (idempotent).

        When another thread is computing with it, wait until that is done
        (at most ``timeout`` seconds when given: then TimeoutError, and the
        handle stays open). From the new uses that the wait holds back,
        ValueError ("... is closed"). RuntimeError when called from inside
        a use of this handle on this thread (a callback).
        """
        cond = getattr(self, "_cond", None)
        if cond is None or self._ptr is None:
            return
        me = threading.get_ident()
        with cond:
            if self._ptr is None:
                return
            if self._holders.get(me):
                raise RuntimeError("%s.close() called while this thread is using it"
                                   % type(self).__name__)
            self._closing = True
            try:
                if not cond.wait_for(lambda: self._users == 0, timeout):
                    raise TimeoutError("%s.close(): still in use by another thread after %g s"
                                       % (type(self).__name__, timeout))
            except BaseException:
                if self._ptr is not None:
                    self._closing = False
                    cond.notify_all()
                raise
            if self._ptr is None:  # closed by another thread while waiting
                return
            self._ptr = None
            cond.notify_all()
        self._finalizer()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# --- spec ------------------------------------------------------------------


class Spec(_Handle):
    """A loaded, validated spec (a handle on ``infracost_spec``).

    ``spec`` is a path (str or os.PathLike; ``.yaml``/``.yml`` files are
    YAML), a JSON string (text starting with ``{``), a YAML string (text of
    more than one line), bytes of JSON or YAML, or a dict (serialized with
    ``json.dumps``).
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
        elif isinstance(spec, bytes) or (
            isinstance(spec, str) and (spec.lstrip().startswith("{") or "\n" in spec.strip())
        ):
            data = spec if isinstance(spec, bytes) else spec.encode("utf-8")
            rc = _lib.infracost_spec_load_string(ctypes.byref(out), data, len(data), _b(name))
        elif isinstance(spec, (str, os.PathLike)):
            rc = _lib.infracost_spec_load_file(ctypes.byref(out), os.fsencode(spec))
        else:
            raise TypeError(
                "spec must be a path, a JSON or YAML string or a dict, not %s" % type(spec).__name__
            )
        _check(rc, "spec")
        self._adopt(out.value)


class _HeldSpec:
    """A spec pointer already held in use by the caller (see _spec_for)."""

    def __init__(self, ptr):
        self.ptr = ptr


@contextlib.contextmanager
def _spec_for(spec):
    """The spec pointer to compute with, held in use: `spec` itself (a Spec) or
    one loaded from it and freed on exit."""
    if isinstance(spec, _HeldSpec):
        yield spec.ptr
        return
    if isinstance(spec, Spec):
        with spec._use() as ptr:
            yield ptr
        return
    with Spec(spec) as owned, owned._use() as ptr:
        yield ptr


# --- catalog ---------------------------------------------------------------


class Catalog(_Handle):
    """A price catalog: price books (CSV) layered in load order.

    ``Catalog()`` loads the shipped snapshot (``default=True``), then the
    current prices of ``store`` (a path or a :class:`Store`) and finally each
    book of ``books``. A later book replaces the rows of an earlier one with
    the same key. With ``spec`` (a :class:`Spec`, or what :class:`Spec`
    accepts) only the snapshot's books of the providers and regions that
    spec prices in are loaded (:meth:`load_default`); without it, all. Use it with ``with`` (or call :meth:`close`) to free it at
    once; it is freed by garbage collection otherwise.

    Thread safety: loading needs exclusive access (a load waits until no
    computation is using the catalog); once loaded, any number of threads
    may estimate, simulate or recommend against it at once. close() waits
    for the computations using it.
    """

    _free = "infracost_catalog_free"

    def __init__(self, books=(), *, default=True, store=None, spec=None):
        self._ptr = None
        out = ctypes.c_void_p()
        _check(_lib.infracost_catalog_new(ctypes.byref(out)), "catalog")
        self._adopt(out.value)
        try:
            if default:
                self.load_default(spec)
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
        with self._use(exclusive=True) as h:
            _check(fn(h, *args), "catalog")
        return self

    def load_default(self, spec=None):
        """Layer the shipped price snapshot (see :func:`default_data_dir`).

        With ``spec`` (a :class:`Spec`, or a path, JSON text or dict; or a
        list of them: what all of them need), what it needs: the compiled snapshot (:func:`default_snapshot`) attached,
        its rows read as they are looked up; without one, the books named for
        the (provider, region) pairs it prices in, their providers'
        ``PROVIDER-global.csv``, and every book not named
        ``PROVIDER-REGION.csv`` (docs/price-book.md). A catalog made so
        prices that spec exactly as the whole snapshot does. Without
        ``spec``, every row.
        """
        if spec is None:
            return self._load(_lib.infracost_catalog_load_default)
        if isinstance(spec, (list, tuple)):
            return self._load_default_for(spec)
        with _spec_for(spec) as sp:
            return self._load(_lib.infracost_catalog_load_default_for_spec, sp)

    def _load_default_for(self, specs):
        """What every spec of `specs` needs of the snapshot (diff: both sides
        priced on one catalog)."""
        with contextlib.ExitStack() as stack:
            pairs = []
            for spec in specs:
                sp = stack.enter_context(_spec_for(spec))
                out = ctypes.POINTER(L.RegionRef)()
                n = ctypes.c_size_t()
                _check(_lib.infracost_spec_regions(ctypes.byref(out), ctypes.byref(n), sp),
                       "catalog")
                try:
                    # the strings are the spec's, held until the load is done
                    pairs += [(out[i].provider, out[i].region) for i in range(n.value)]
                finally:
                    _lib.infracost_free(ctypes.cast(out, ctypes.c_void_p))
            arr = (L.RegionRef * max(len(pairs), 1))(*[L.RegionRef(p, r) for p, r in pairs])
            return self._load(_lib.infracost_catalog_load_default_for, arr, len(pairs))

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
            with store._use(exclusive=True) as sh:
                return self._load(_lib.infracost_catalog_load_store, sh)
        with Store(store) as st, st._use(exclusive=True) as sh:
            return self._load(_lib.infracost_catalog_load_store, sh)

    # reads
    def __len__(self):
        with self._use() as h:
            return _lib.infracost_catalog_count(h)

    def rows(self):
        """Every price row (each tier counts) as a list of dicts, in load order of their keys."""
        with self._use() as h:
            n = _lib.infracost_catalog_count(h)
            return [_price_dict(_lib.infracost_catalog_get(h, i).contents) for i in range(n)]

    def __iter__(self):
        return iter(self.rows())

    def lookup(self, provider, service, region, sku, purchase="on_demand", unit=None):
        """The tier ladder of a price key as a list of dicts (sorted by tier_start).

        Raises :class:`PriceNotFound`, whose message names the closest keys.
        """
        out = ctypes.POINTER(L.Price)()
        n = ctypes.c_size_t()
        with self._use() as h:
            _check(
                _lib.infracost_catalog_lookup(
                    ctypes.byref(out), ctypes.byref(n), h, _b(provider), _b(service),
                    _b(region), _b(sku), _b(purchase), _b(unit),
                ),
                "lookup",
            )
            return [_price_dict(out[i]) for i in range(n.value)]


def default_data_dir():
    """The directory of the shipped price snapshot ($INFRA_COST_DATA, installed, or source tree)."""
    return _s(_lib.infracost_default_data_dir())


def default_snapshot():
    """The compiled snapshot the shipped books are looked up in ($INFRA_COST_SNAPSHOT, or the
    share/infracost/snapshot.db beside the library), or None when there is none."""
    path = _lib.infracost_default_snapshot()
    return _s(path) if path else None


@contextlib.contextmanager
def _catalog_for(catalog, catalogs, default_catalog, store, spec_ptr):
    """The catalog pointer to compute with, held in use: `catalog`, or one made
    from the other arguments (only the snapshot's books that the spec at
    `spec_ptr`, held in use by the caller, needs) and freed on exit."""
    if catalog is not None:
        if catalogs or store is not None:
            raise ValueError("give either catalog= or catalogs=/store=, not both")
        with catalog._use() as ptr:
            yield ptr
        return
    with Catalog(catalogs, default=default_catalog, store=store,
                 spec=_HeldSpec(spec_ptr)) as owned, owned._use() as ptr:
        yield ptr


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
    :func:`default_store_path`. One thread at a time per Store: a call from
    another thread waits for the one running, and close() waits for it too.
    Use ``with`` or :meth:`close`.
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
        with self._use(exclusive=True) as h:
            _check(_lib.infracost_store_sources(ctypes.byref(out), ctypes.byref(n), h), "store")
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
        with self._use(exclusive=True) as h:
            _check(_lib.infracost_store_list(h, ctypes.byref(f), fn, None), "store")
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
        with self._use(exclusive=True) as h:
            _check(_lib.infracost_store_diff(h, _b(source), fn, None), "store")
        return changes

    def import_file(self, path, format, **options):
        """Import a downloaded feed file ("aws-json", "aws-csv", "azure", "gcp", "aws-spot-advisor").

        Returns the report dict (sources_updated, sources_unchanged, rows, skipped).
        Raises :class:`FetchError` when the file is malformed.
        """
        opts, keep = _fetch_options(**options)
        rep = L.FetchReport()
        with self._use(exclusive=True) as h:
            _check(_lib.infracost_import_file(h, os.fsencode(path), _b(format),
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
        with self._use(exclusive=True) as h:
            _check(_lib.infracost_fetch(h, _b(provider), ctypes.byref(opts),
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
    with _spec_for(spec) as sp, _catalog_for(catalog, catalogs, default_catalog, store, sp) as cat:
        out = ctypes.c_void_p()
        _check(_lib.infracost_estimate_compute(ctypes.byref(out), sp, cat,
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
    with _spec_for(spec) as sp, _catalog_for(catalog, catalogs, default_catalog, store, sp) as cat:
        out = ctypes.c_void_p()
        _check(_lib.infracost_simulate(ctypes.byref(out), sp, cat, ctypes.byref(opts)),
               "simulate")
        try:
            data = _render_json(_lib.infracost_simulation_render, out, "simulate")
        finally:
            _lib.infracost_simulation_free(out)
    del keep
    return data


def recommend(spec, *, spot_risk_budget=0.02, interruption_rate=0.05, environments=None,
              catalogs=(), default_catalog=True, store=None, catalog=None, keep_spot=False):
    """The cheapest purchase mix and instance type per service and environment.

    Returns the list of ``infra-cost recommend --format json``: one dict per
    service with environment, service, type, current, recommended,
    monthly_before, monthly_after, upfront, break_even_utilization,
    spot_capacity_at_risk, cheaper_instance_type, cheaper_monthly,
    reserved_offered, spot_offered, spot_risk_budget. A service's
    ``purchase.spot_risk_budget`` replaces ``spot_risk_budget`` for it;
    ``keep_spot`` (the CLI's ``--keep-spot``) never advises less spot than a
    service has now.
    """
    envs, nenv, keep = _str_array(environments)
    opts = L.RecommendOptions(2, envs, nenv, float(spot_risk_budget), float(interruption_rate),
                              1 if keep_spot else 0)
    with _spec_for(spec) as sp, _catalog_for(catalog, catalogs, default_catalog, store, sp) as cat:
        out = ctypes.c_void_p()
        _check(_lib.infracost_recommend(ctypes.byref(out), sp, cat, ctypes.byref(opts)),
               "recommend")
        try:
            data = _render_json(_lib.infracost_recommendation_render, out, "recommend")
        finally:
            _lib.infracost_recommendation_free(out)
    del keep
    return data


# --- capacity --------------------------------------------------------------


def convert_kubernetes(paths, *, fargate=False, node_type=None, provider=None, region=None,
                       environment=None, name=None, job_minutes=0, control_plane=True,
                       format="json", catalogs=(), default_catalog=True, catalog=None,
                       warnings=None):
    """The spec of Kubernetes manifests, as ``infra-cost convert kubernetes``
    writes it (docs/kubernetes.md): JSON text (``format="yaml"``: YAML),
    to give to :func:`estimate` or to keep.

    ``paths`` is a path or a list of paths (files, or directories of
    ``.yaml``, ``.yml`` and ``.json`` files). Exactly one of ``fargate=True``
    and ``node_type`` (the pods on nodes of that instance type, whose vCPU
    and memory come from ``catalog``, or from the snapshot and ``catalogs``).
    ``warnings`` (a list) gets each warning (an object not priced).
    Raises :class:`SpecError` with the file, line, column and path of a
    malformed manifest or a value Kubernetes does not take.
    """
    if bool(fargate) == (node_type is not None):
        raise ValueError("give one of fargate=True and node_type=")
    if format not in ("json", "yaml"):
        raise ValueError("format must be 'json' or 'yaml', not %r" % (format,))
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    encoded = [os.fsencode(p) for p in paths]
    arr = (ctypes.c_char_p * (len(encoded) + 1))(*encoded, None)
    got = []

    def on_warning(ctx, message):
        got.append(_s(message))

    callback = L.WarnFn(on_warning)
    opts = L.KubernetesOptions(1, _b(node_type), None, _b(provider), _b(region),
                               _b(environment), _b(name), float(job_minutes),
                               0 if control_plane else 1, 1 if format == "yaml" else 0,
                               callback, None)
    out = ctypes.c_void_p()
    n = ctypes.c_size_t()
    owned = None
    if node_type is not None and catalog is None:
        owned = catalog = Catalog(catalogs, default=default_catalog)
    try:
        if catalog is not None:
            with catalog._use() as cat:
                opts.catalog = cat
                rc = _lib.infracost_convert_kubernetes(ctypes.byref(out), ctypes.byref(n), arr,
                                                       len(encoded), ctypes.byref(opts))
        else:
            rc = _lib.infracost_convert_kubernetes(ctypes.byref(out), ctypes.byref(n), arr,
                                                   len(encoded), ctypes.byref(opts))
    finally:
        if owned is not None:
            owned.close()
    _check(rc, "spec")
    if warnings is not None:
        warnings.extend(got)
    return _take_string(out, n)


def convert_terraform(plans, *, usage=None, default_region=None, warnings=None):
    """The spec of Terraform plans, as ``infra-cost convert terraform`` writes
    it (docs/terraform.md): JSON text, to give to :func:`estimate` or
    :class:`Spec`, or to keep.

    ``plans`` is the JSON of ``terraform show -json PLANFILE`` as a path, a
    list of paths (one environment each: ``"ENV=PATH"`` or an ``(env, path)``
    pair names it, the default is ``"default"``), or a dict of environment
    name -> path. ``usage`` is a usage file (JSON or YAML: what the plans
    cannot know, such as GB stored); ``default_region`` the region of a plan
    whose aws provider names none (default ``us-east-1``, with a warning).
    ``warnings`` (a list) gets each warning. Every resource of each plan is
    in the spec's ``inputs``. Raises :class:`SpecError` with the file, line,
    column and path of a file that is not a plan or a bad usage file.
    """
    if isinstance(plans, (str, bytes, os.PathLike)):
        plans = [plans]
    elif isinstance(plans, dict):
        plans = list(plans.items())
    pairs = []
    for p in plans:
        if isinstance(p, tuple):
            env, path = p
        else:
            env, path = None, p
            # "ENV=PATH" as the CLI reads it: a name before '=' (no '/')
            text = os.fsdecode(p)
            eq = text.find("=")
            if eq > 0 and "/" not in text[:eq]:
                env, path = text[:eq], text[eq + 1:]
        pairs.append((_b(env), os.fsencode(path)))
    if not pairs:
        raise ValueError("no plan given")
    arr = (L.TerraformPlan * len(pairs))(*[L.TerraformPlan(e, p) for e, p in pairs])
    got = []

    def on_warning(ctx, message):
        got.append(_s(message))

    callback = L.WarnFn(on_warning)
    opts = L.TerraformOptions(1, None if usage is None else os.fsencode(usage),
                              _b(default_region), callback, None)
    out = ctypes.c_void_p()
    n = ctypes.c_size_t()
    rc = _lib.infracost_terraform_convert(ctypes.byref(out), ctypes.byref(n), arr, len(pairs),
                                          ctypes.byref(opts))
    _check(rc, "spec")
    if warnings is not None:
        warnings.extend(got)
    return _take_string(out, n)


_DIFF_FORMATS = {"table": L.FORMAT_TABLE, "json": L.FORMAT_JSON,
                 "markdown": L.FORMAT_MARKDOWN, "html": L.FORMAT_HTML}


def diff(old, new, *, usage=None, default_region=None, catalogs=(), default_catalog=True,
         store=None, catalog=None, format="json", warnings=None):
    """What changes from ``old`` to ``new``, as ``infra-cost diff OLD NEW``
    (docs/reviews.md): per environment, service and line item, before, after,
    delta and percent.

    Each side is a spec (what :class:`Spec` accepts, or a :class:`Spec`), an
    :class:`Estimate`, or a path to a spec, a Terraform plan (``terraform
    show -json``; converted as :func:`convert_terraform` does, with
    ``usage`` and ``default_region``, environment ``default``) or an
    estimate's JSON, told apart by the file's top level as the CLI does.
    For plans of several environments, give ``convert_terraform({...})``.
    Specs and plans are priced on one catalog (``catalog``, or one made of
    the snapshot's books both need, ``store`` and ``catalogs``), so the diff
    shows design changes, not price changes.

    Returns the JSON diff as a dict (``format="json"``), or the text of
    ``"table"``, ``"markdown"`` or ``"html"``.
    """
    if format not in _DIFF_FORMATS:
        raise ValueError("format must be one of table, json, markdown, html, not %r" % (format,))
    got = []
    plans = 0
    with contextlib.ExitStack() as stack:
        sides = []  # ("spec", Spec) or ("estimate", pointer)
        for side in (old, new):
            if isinstance(side, Estimate):
                data = json.dumps(side._data).encode("utf-8")
                out = ctypes.c_void_p()
                _check(_lib.infracost_estimate_load_json(ctypes.byref(out), data, len(data),
                                                         _b(side.name)), "estimate")
                stack.callback(_lib.infracost_estimate_free, out.value)
                sides.append(("estimate", out.value))
                continue
            kind = 0
            if isinstance(side, (str, os.PathLike)) and os.path.isfile(side):
                kind = _lib.infracost_file_type_of(os.fsencode(side))
                if kind < 0:
                    _raise(kind, "spec")
            if kind == 1:
                out = ctypes.c_void_p()
                _check(_lib.infracost_estimate_load_json_file(ctypes.byref(out),
                                                              os.fsencode(side)), "estimate")
                stack.callback(_lib.infracost_estimate_free, out.value)
                sides.append(("estimate", out.value))
            elif kind == 2:
                plans += 1
                text = convert_terraform(side, usage=usage, default_region=default_region,
                                         warnings=got)
                sides.append(("spec", stack.enter_context(Spec(text, name=os.fsdecode(side)))))
            elif isinstance(side, Spec):
                sides.append(("spec", side))
            else:
                sides.append(("spec", stack.enter_context(Spec(side))))
        if (usage is not None or default_region is not None) and not plans:
            raise ValueError("usage= and default_region= go with Terraform plans "
                             "(neither side is one)")
        specs = [v for k, v in sides if k == "spec"]
        if specs and catalog is None:
            catalog = stack.enter_context(Catalog(catalogs, default=default_catalog,
                                                  store=store, spec=specs))
        elif specs and (catalogs or store is not None):
            raise ValueError("give either catalog= or catalogs=/store=, not both")
        ests = []
        for kind, v in sides:
            if kind == "estimate":
                ests.append(v)
                continue
            with v._use() as sp, catalog._use() as cat:
                out = ctypes.c_void_p()
                _check(_lib.infracost_estimate_compute(ctypes.byref(out), sp, cat, None),
                       "estimate")
            stack.callback(_lib.infracost_estimate_free, out.value)
            ests.append(out.value)
        d = ctypes.c_void_p()
        _check(_lib.infracost_diff_compute(ctypes.byref(d), ests[0], ests[1]), "diff")
        stack.callback(_lib.infracost_diff_free, d.value)
        out = ctypes.c_void_p()
        n = ctypes.c_size_t()
        _check(_lib.infracost_diff_render(ctypes.byref(out), ctypes.byref(n), d,
                                          _DIFF_FORMATS[format]), "diff")
        text = _take_string(out, n)
    if warnings is not None:
        warnings.extend(got)
    return json.loads(text) if format == "json" else text


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
    "Catalog", "Estimate", "Spec", "Store", "UslModel", "default_data_dir", "default_snapshot",
    "default_store_path",
    "erlang_c", "estimate", "library_version", "recommend", "simulate", "size_for_latency", "usl_fit",
]
