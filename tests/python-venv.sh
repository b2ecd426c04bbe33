# Sourced by the scripts that run a Python client against the project's
# binaries (tests/browser, cli/tests/mcp-client, emulator/tests/official-sdk).
#
#   python_venv DIR IMPORTS PACKAGE...
#
# Makes sure the pinned PACKAGEs are installed in DIR, unless `import
# IMPORTS` already works there, and sets `py` to the Python to run them
# with. DIR is a virtualenv; where python3 has no venv module (Debian
# without python3-venv), a plain `pip install --target DIR/site` directory,
# put on PYTHONPATH. Exits 2 when PyPI cannot provide them.
python_venv() {
  local venv=$1 imports=$2
  shift 2
  py="$venv/bin/python"
  if [ -d "$venv/site" ]; then
    py=python3
    export PYTHONPATH="$venv/site"
  fi
  if "$py" -c "import $imports" 2>/dev/null; then
    return 0
  fi
  echo "installing $* into $venv"
  rm -rf "$venv"
  local target=()
  if python3 -m venv "$venv" 2>/dev/null; then
    py="$venv/bin/python"
  else
    rm -rf "$venv"
    py=python3
    export PYTHONPATH="$venv/site"
    target=(--target "$venv/site")
  fi
  if ! "$py" -m pip install --quiet --disable-pip-version-check "${target[@]}" "$@"; then
    rm -rf "$venv"
    echo "error: could not install $* from PyPI (is PyPI reachable?)" >&2
    exit 2
  fi
}
