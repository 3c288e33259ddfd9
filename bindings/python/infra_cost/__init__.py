"""infra_cost: what will this design cost per month, per environment?

Python bindings (ctypes, nothing compiled) over libinfracost. The shared
library is found through $INFRACOST_LIBRARY (a full path), then the path
recorded when the package was built and the source tree's build/
directories, then the system; its major.minor version must be 0.1.

    >>> import infra_cost
    >>> est = infra_cost.estimate("examples/webshop.json")
    >>> est.total["monthly"]["expected"]
    >>> est.to_dataframe()                 # needs pandas

See docs/python.md for the whole API.
"""
from .errors import (  # noqa: F401
    CatalogError,
    Error,
    FetchError,
    InvalidArgument,
    NumericError,
    PriceNotFound,
    SpecError,
    StoreError,
)
from ._core import (  # noqa: F401
    LIBRARY_PATH,
    Catalog,
    Estimate,
    Spec,
    Store,
    UslModel,
    convert_kubernetes,
    convert_terraform,
    default_data_dir,
    default_snapshot,
    default_store_path,
    diff,
    erlang_c,
    estimate,
    library_version,
    recommend,
    simulate,
    size_for_latency,
    usl_fit,
)

__version__ = "0.1.0"

__all__ = [
    "Catalog", "CatalogError", "Error", "Estimate", "FetchError", "InvalidArgument",
    "NumericError", "PriceNotFound", "Spec", "SpecError", "Store", "StoreError", "UslModel",
    "convert_kubernetes", "convert_terraform", "default_data_dir", "default_snapshot", "default_store_path", "diff",
    "erlang_c",
    "estimate", "library_version", "recommend", "simulate", "size_for_latency", "usl_fit",
]
