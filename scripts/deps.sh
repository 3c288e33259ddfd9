# deps.sh - sourced by the other scripts: install the Debian packages that
# are missing (as root, or through sudo), and nothing when all are present.
infracost_packages="cmake ninja-build pkg-config gcc libc6-dev libcurl4-openssl-dev libsqlite3-dev libgsl-dev libjansson-dev libyaml-dev"
# python3-yaml: pricing-data/regenerate.py reads GCP's pricing.yml (the pricing_data test runs it)
# chromium: the HTML reports are opened in a real browser, headless (tests/html_check.py)
infracost_test_packages="libcmocka-dev valgrind clang-format python3 python3-yaml chromium"
# the Python bindings are installed with pip (offline, in a venv) and the example
# notebook runs headless in the test suite (Debian's Python: pandas, matplotlib, Jupyter)
infracost_notebook_packages="python3-venv python3-pip python3-setuptools python3-wheel \
  python3-pandas python3-matplotlib python3-ipykernel python3-nbclient python3-nbformat \
  python3-nbconvert jupyter-nbconvert"

ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# A comma-decimal locale for the locale tests (tests/test_locale.c,
# bindings/python/tests/test_locale.py): `ensure_locale de_DE.UTF-8`
# compiles it with localedef (libc-bin; the sources are in the locales
# package) when `locale -a` lacks it.
ensure_locale() {
  local name=$1 lang=${1%%.*} charmap=${1#*.}
  local norm
  norm=$(printf '%s.%s' "$lang" "$charmap" | tr 'A-Z' 'a-z' | sed 's/utf-8$/utf8/')
  locale -a 2>/dev/null | tr 'A-Z' 'a-z' | grep -qx "$norm" && return 0
  [ -e "/usr/share/i18n/locales/$lang" ] || ensure_packages locales
  echo "creating the locale $name (localedef)" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo localedef -i "$lang" -f "$charmap" "$name"
}
