# Environment for JVMs that run libtorch (sourced by ./beamdiff and tools/benchmarks/*.sh; the
# Maven test JVMs get the same values from pom.xml). Values already set are kept.
#
# libtorch's idle OpenMP threads sleep instead of spinning (a large win on small CPU machines).
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
# libtorch allocates and frees every intermediate tensor. With glibc's defaults, blocks of a few
# MB are mapped and unmapped per operation (or trimmed from a thread arena) and every reuse page-
# faults them in again; keep freed memory in one arena instead (README, "Performance").
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"
export MALLOC_MMAP_MAX_="${MALLOC_MMAP_MAX_:-0}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-4294967296}"
