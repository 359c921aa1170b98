# Sourced by the benchmarks from the repository's root: the system packages (bootstrap.sh), GNU
# time, python-calamine in .venv-bench, then the release build of the products named in
# BENCH_PRODUCTS in its own scratch path (WEIGAI_SCRATCH, default .build-bench: other builds
# share this tree). Sets `bin` to the folder of the built products.
scripts/bootstrap.sh
if [ ! -x /usr/bin/time ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq time >/dev/null
fi
if ! .venv-bench/bin/python -c "import python_calamine" 2>/dev/null; then
  python3 -m venv .venv-bench
  .venv-bench/bin/pip install -q python-calamine
fi
scratch=${WEIGAI_SCRATCH:-.build-bench}
for product in ${BENCH_PRODUCTS:-weigai weigai-monthdata}; do
  swift build -c release --scratch-path "$scratch" --product "$product" >&2
done
bin="$scratch/release"
