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

# The national-scale month of COUNT district workbooks with CLUES clues each, written once into
# .bench/ by weigai-monthdata: `national_month COUNT CLUES` sets `source` to its folder.
national_month() {
  source=".bench/month-$1-$2"
  [ -f "$source/weigai.yaml" ] || "$bin/weigai-monthdata" "$1" "$2" "$source" >&2
}

# `fresh_runs_root NAME` sets `runs_root` (.bench/NAME), the folder of this invocation's run
# trees, one a timed run, and `trash`, where the trees of an earlier invocation are moved, to be
# deleted only after this one's timings: on this machine's file system ext4 passes over the
# inodes freed in the last minutes when it allocates new ones (`recently_deleted`), and a run
# creating 9,000 files and folders right after the last run's 9,000 were deleted spent a
# quarter of its samples, and twice its system time, in that search.
fresh_runs_root() {
  runs_root=".bench/$1"
  trash=".bench/$1.deleted"
  if [ -e "$runs_root" ]; then
    mkdir -p "$trash"
    mv "$runs_root" "$trash/$(date +%s%N)"
  fi
}
